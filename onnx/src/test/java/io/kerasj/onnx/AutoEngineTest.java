package io.kerasj.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.runtime.Engine;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Engine.AUTO: whichever engine a batch is routed to, the outputs are TensorFlow's (within float noise). */
class AutoEngineTest {

    @Test
    void routedPredictionsMatchTensorFlowAtEveryBatchSize() {
        KerasModel model = OnnxLayerKindsTest.sequential(2, new int[] {12, 12, 3},
                OnnxLayerKindsTest.layer("Conv2D", "conv", "\"filters\": 8, \"kernel_size\": [3, 3], \"activation\": \"relu\""),
                OnnxLayerKindsTest.layer("BatchNormalization", "bn", "\"axis\": -1, \"epsilon\": 0.001"),
                OnnxLayerKindsTest.layer("Flatten", "flat", ""),
                OnnxLayerKindsTest.layer("Dense", "out", "\"units\": 5, \"activation\": \"softmax\""));
        try (Predictor tf = KerasRuntime.builder(model).build();
             Predictor auto = KerasRuntime.builder(model).engine(Engine.AUTO).build()) {
            assertTrue(auto.toString().startsWith("Engine.AUTO: "), auto.toString());
            assertEquals(tf.inputNames(), auto.inputNames());
            assertEquals(tf.outputShapes(), auto.outputShapes());
            for (int batch : List.of(1, 5, 6, 33)) {
                FloatTensor x = OnnxLayerKindsTest.input(batch, 12, 12, 3);
                float[] want = tf.predict(x).toArray();
                float[] got = auto.predict(x).toArray();
                assertEquals(want.length, got.length);
                for (int i = 0; i < want.length; i++) {
                    assertEquals(want[i], got[i], 1e-5, "batch " + batch + " output " + i);
                }
            }
        }
    }
}
