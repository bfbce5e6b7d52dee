package io.kerasj.runtime.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.config.ModelConfigParser;
import io.kerasj.fill.FillRule;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.SourceInfo;
import org.junit.jupiter.api.Test;

/**
 * seed002's two-tower AlexNet (grouped Conv2D + LRN) trains on whichever TensorFlow CPU kernel
 * path runs the build (the runtime suite runs with oneDNN on and off): TF's grouped-convolution
 * gradients exist only on the oneDNN path, so the other must take the split form.
 */
class Seed002FineTuneTest {
    static final String SEED = "seed002_alexnet_grouped_lrn";

    @Test
    void adamStepsOnTheGroupedAlexNetLowerTheLoss() {
        KerasModel model = FillRule.fill(ModelConfigParser.parse(Fixtures.oracleText(SEED, "keras2_config.json"),
                Fixtures.oracle(SEED, "keras2_config.json"), new SourceInfo("json", "2.4.0", "tensorflow",
                        Fixtures.oracle(SEED, "keras2_config.json"))));
        FloatTensor x = FillRule.input(model);
        int[] labels = new int[(int) x.shape().dim(0)];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = 3 * i + 1;
        }
        try (Trainer t = FineTune.builder(model).optimizer(Optimizer.adam().withLearningRate(1e-4)).seed(3).build()) {
            double first = t.step(x, labels).loss();
            double last = first;
            for (int step = 1; step < 4; step++) {
                last = t.step(x, labels).loss();
                assertTrue(Double.isFinite(last), "loss of step " + (step + 1) + " is " + last);
            }
            assertTrue(Double.isFinite(first) && last < first, "loss " + first + " → " + last + " after 4 Adam steps");
        }
    }
}
