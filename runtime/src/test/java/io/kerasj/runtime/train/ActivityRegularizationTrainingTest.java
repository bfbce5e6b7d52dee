package io.kerasj.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.config.ModelConfigParser;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.SourceInfo;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ActivityRegularization adds {@code l1·Σ|h| + l2·Σh²} of its input to the training loss: divided
 * by the batch size for tf.keras (Keras 2), the plain sum for Keras 3. The step loss equals the
 * cross-entropy of the inference predictions plus that term, computed here from the layer's
 * activations.
 */
class ActivityRegularizationTrainingTest {

    @ParameterizedTest
    @CsvSource({"2.9.0,true", "3.3.3,false"})
    void lossIncludesTheActivityTerm(String version, boolean perSample) {
        String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_input_shape\": [null, 6]}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"h\", \"units\": 5, \"activation\": \"tanh\"}},"
                + "{\"class_name\": \"ActivityRegularization\", \"config\": {\"name\": \"reg\", \"l1\": 0.05, \"l2\": 0.1}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"out\", \"units\": 3, \"activation\": \"softmax\"}}]}}";
        KerasModel m = FillRule.fill(ModelConfigParser.parse(json, null, new SourceInfo("json", version, "tensorflow", null)));
        FloatTensor x = FillRule.input(4, 6);
        int[] labels = {0, 1, 2, 1};
        double expected;
        try (Predictor p = KerasRuntime.builder(m).build()) {
            Map<String, FloatTensor> acts = p.predictLayers(List.of(x), List.of("h", "out"));
            FloatTensor h = acts.get("h");
            FloatTensor probs = acts.get("out");
            double ce = 0;
            for (int i = 0; i < 4; i++) {
                ce -= Math.log(probs.get(i * 3 + labels[i]));
            }
            ce /= 4;
            double term = 0;
            for (int i = 0; i < h.size(); i++) {
                term += 0.05 * Math.abs(h.get(i)) + 0.1 * h.get(i) * h.get(i);
            }
            expected = ce + (perSample ? term / 4 : term);
        }
        try (Trainer t = FineTune.builder(m).optimizer(Optimizer.sgd()).build()) {
            double loss = t.step(x, labels).loss();
            System.out.printf("Keras %s: step loss %.7f expected %.7f%n", version, loss, expected);
            assertEquals(expected, loss, 1e-6);
        }
    }
}
