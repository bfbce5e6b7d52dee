package io.kerasj.runtime;

import static io.kerasj.runtime.TestModels.layer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every layer's output can be fetched, whatever TensorFlow fuses: with oneDNN on, TF fuses
 * Conv2D+BiasAdd+LeakyRelu (and similar chains) into one op, and a fetch of the BiasAdd in the
 * middle failed ("not found in the Graph") until layer outputs were fetched through their own
 * Identity. Runs on both kernel paths with the runtime suite.
 */
class FusedLayerFetchTest {
    @Test
    void aLinearConvFollowedByLeakyReluAndDropoutIsFetchableLayerByLayer() {
        KerasModel m = TestModels.sequential(new int[] {8, 8, 2},
                layer("Conv2D", "conv", "\"filters\": 4, \"kernel_size\": [3, 3], \"padding\": \"same\""),
                layer("LeakyReLU", "leaky", "\"alpha\": 0.2"),
                layer("Dropout", "drop", "\"rate\": 0.25"),
                layer("Conv2D", "conv2", "\"filters\": 3, \"kernel_size\": [3, 3], \"activation\": \"linear\""),
                layer("ELU", "elu", ""),
                layer("Flatten", "flat", ""),
                layer("Dense", "dense", "\"units\": 5"));
        FloatTensor x = TestModels.input(2, 8, 8, 2);
        try (Predictor p = KerasRuntime.builder(m).build()) {
            List<String> names = List.of("conv", "leaky", "drop", "conv2", "elu", "flat", "dense");
            Map<String, FloatTensor> acts = p.predictLayers(List.of(x), names);
            FloatTensor conv = Naive.conv2d(x, Naive.weight(m, "conv", "kernel"), Naive.values(m, "conv", "bias"),
                    new int[] {1, 1}, new int[] {1, 1}, true, 1);
            FloatTensor got = acts.get("conv");
            assertEquals(conv.size(), got.size());
            for (int i = 0; i < got.size(); i++) {
                assertEquals(conv.get(i), got.get(i), 1e-5, "conv output " + i);
                float v = conv.get(i);
                assertEquals(v > 0 ? v : 0.2f * v, acts.get("leaky").get(i), 1e-5, "leaky output " + i);
                assertEquals(acts.get("leaky").get(i), acts.get("drop").get(i), 0f, "Dropout passes values on");
            }
            FloatTensor y = p.predict(x);
            for (int i = 0; i < y.size(); i++) {
                // a run that fetches only the output may fuse what a layer-by-layer run keeps apart: rounding differs
                assertEquals(y.get(i), acts.get("dense").get(i), 1e-6, "the output fetched as a layer and as the output");
            }
        }
    }
}
