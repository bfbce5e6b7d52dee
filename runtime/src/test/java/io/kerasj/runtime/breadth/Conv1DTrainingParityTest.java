package io.kerasj.runtime.breadth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerasj.config.ModelConfigParser;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.SourceInfo;
import io.kerasj.runtime.train.FineTune;
import io.kerasj.runtime.train.Optimizer;
import io.kerasj.runtime.train.Trainer;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Five Adam steps of a Conv1D model (causal, dilated, ReLU → MaxPooling1D → GlobalAveragePooling1D
 * → Dense softmax) reproduce an independent float64 NumPy reference
 * ({@code conv1d_training_reference.py}, hand-written forward and backward passes; its output
 * {@code conv1d_training_reference.json} is committed next to it): the loss before every step, the
 * loss after the last, and every trained weight.
 */
class Conv1DTrainingParityTest {
    static final String CONFIG = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"conv1d_train\", \"layers\": ["
            + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_input_shape\": [null, 12, 3]}},"
            + "{\"class_name\": \"Conv1D\", \"config\": {\"name\": \"conv\", \"filters\": 5, \"kernel_size\": [3], \"strides\": [1],"
            + " \"padding\": \"causal\", \"dilation_rate\": [2], \"activation\": \"relu\", \"use_bias\": true}},"
            + "{\"class_name\": \"MaxPooling1D\", \"config\": {\"name\": \"pool\", \"pool_size\": [2], \"strides\": [2], \"padding\": \"valid\"}},"
            + "{\"class_name\": \"GlobalAveragePooling1D\", \"config\": {\"name\": \"gap\"}},"
            + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 3, \"activation\": \"softmax\", \"use_bias\": true}}"
            + "]}}";

    @Test
    void fiveAdamStepsMatchTheFloat64Reference() throws Exception {
        JsonNode ref;
        try (InputStream in = Conv1DTrainingParityTest.class.getResourceAsStream("conv1d_training_reference.json")) {
            ref = new ObjectMapper().readTree(in);
        }
        KerasModel model = FillRule.fill(ModelConfigParser.parse(CONFIG, null, new SourceInfo("json", "2.9.0", "tensorflow", null)));
        float[] v = FillRule.input(4, 12, 3).toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = 2 * v[i] - 1;
        }
        FloatTensor x = FloatTensor.wrap(io.kerasj.ir.Shape.of(4, 12, 3), v);
        int[] labels = {0, 2, 1, 2};
        try (Trainer t = FineTune.builder(model).optimizer(Optimizer.adam()).build()) {
            for (int step = 0; step < 5; step++) {
                double expected = ref.get("loss_before_step").get(step).asDouble();
                double actual = t.step(x, labels).loss();
                System.out.printf("conv1d step %d loss %.8f reference %.8f rel %.1e%n", step + 1, actual, expected,
                        Math.abs(actual - expected) / expected);
                assertEquals(expected, actual, 1e-6 * expected, "loss before step " + (step + 1));
            }
            KerasModel trained = t.model();
            double worst = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = ref.get("weights_after_step5").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String[] lw = e.getKey().split("/");
                FloatTensor w = trained.layer(lw[0]).weight(lw[1]).value();
                assertEquals(e.getValue().size(), w.size(), e.getKey());
                for (int i = 0; i < w.size(); i++) {
                    double d = Math.abs(w.get(i) - e.getValue().get(i).asDouble());
                    worst = Math.max(worst, d);
                    assertEquals(e.getValue().get(i).asDouble(), w.get(i), 2e-6, e.getKey() + "[" + i + "]");
                }
            }
            System.out.printf("conv1d weights after 5 steps: max |kerasj - reference| %.1e%n", worst);
        }
    }
}
