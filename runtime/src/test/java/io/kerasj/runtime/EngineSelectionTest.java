package io.kerasj.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
