package io.kerasj.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.data.FloatDataset;
import io.kerasj.runtime.data.ResizedDataset;
import org.junit.jupiter.api.Test;

/** Engine and precision choices the runtime itself answers, and the image resizing behind int8 measurements. */
class EngineSelectionTest {

    private static KerasModel dense() {
        return TestModels.sequential(new int[] {3}, TestModels.layer("Dense", "d", "\"units\": 2"));
    }

    @Test
    void tensorFlowRunsFp32Only() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KerasRuntime.builder(dense()).precision(Precision.INT8).build());
        assertTrue(e.getMessage().contains("ONNX_RUNTIME"), e.getMessage());
    }

    @Test
    void onnxRuntimeNeedsItsModuleOnTheClassPath() {
        // the runtime module does not depend on kerasj-onnx; its engine arrives through ServiceLoader
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KerasRuntime.builder(dense()).engine(Engine.ONNX_RUNTIME).build());
        assertTrue(e.getMessage().contains("kerasj-onnx"), e.getMessage());
    }

    @Test
    void autoWithoutTheOnnxModuleIsTensorFlow() {
        try (Predictor p = KerasRuntime.builder(dense()).engine(Engine.AUTO).build()) {
            assertTrue(p instanceof TfPredictor, p.getClass().getName());
        }
    }

    @Test
    void routedCallsGoBySizeAndCloseBothEngines() {
        try (Predictor small = KerasRuntime.builder(dense()).build(); Predictor large = KerasRuntime.builder(dense()).build()) {
            RoutedPredictor r = new RoutedPredictor(small, large, EngineRouting.crossover(), "measured");
            // batch 1 and 32 are measured; 6 = ceil(sqrt(32)) is the first batch nearer 32 (log scale)
            assertEquals(6, EngineRouting.crossover());
            // ONNX Runtime must be clearly faster: a tie keeps TF (and one copy of the weights)
            assertTrue(EngineRouting.onnxWins(new double[] {100, 94}));
            assertTrue(!EngineRouting.onnxWins(new double[] {100, 96}));
            assertSame(small, r.forBatch(1));
            assertSame(small, r.forBatch(5));
            assertSame(large, r.forBatch(6));
            assertSame(large, r.forBatch(256));
            assertEquals("Engine.AUTO: every batch on TensorFlow (measured)",
                    new RoutedPredictor(small, small, 6, "measured").toString());
            FloatTensor x = TestModels.input(7, 3);
            assertArrayEquals(large.predict(x).toArray(), r.predict(x).toArray());
            r.close();
            assertThrows(IllegalStateException.class, () -> small.predict(x));
            assertThrows(IllegalStateException.class, () -> large.predict(x));
        }
    }

    @Test
    void resizingSamplesBilinearlyAtHalfPixelCentres() {
        // one grey 2×2 image [[0, 4], [8, 12]] → 4×4×3
        ResizedDataset r = new ResizedDataset(new FloatDataset(new float[] {0, 4, 8, 12}, Shape.of(2, 2, 1), new int[] {0}, 1,
                "tiny"), Shape.of(4, 4, 3));
        float[] out = new float[48];
        r.copySample(0, out, 0);
        float[] firstRow = new float[4];
        float[] secondRow = new float[4];
        for (int x = 0; x < 4; x++) {
            firstRow[x] = out[x * 3];
            secondRow[x] = out[(4 + x) * 3 + 2];
        }
        // source x = (x + 0.5) / 2 - 0.5, clamped: 0, 0.25, 0.75, 1
        assertArrayEquals(new float[] {0, 1, 3, 4}, firstRow, 1e-6f);
        assertArrayEquals(new float[] {2, 3, 5, 6}, secondRow, 1e-6f);
    }
}
