package io.kerasj.onnx.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The CPU probe behind reduce_range and the float16 encoder behind fp16 storage. */
class QuantPrimitivesTest {
    @Test
    void vnniIsReadFromTheCpuFlags() {
        assertTrue(CpuFeatures.hasVnni("processor : 0\nflags : fpu avx2 avx512f avx512_vnni\n"));
        assertTrue(CpuFeatures.hasVnni("flags\t\t: sse avx_vnni\n"));
        assertEquals(false, CpuFeatures.hasVnni("flags : fpu sse4_2 avx2 fma\n"));
        assertEquals(false, CpuFeatures.hasVnni(""));
    }

    @Test
    void halfFloatsRoundToNearestEven() {
        float[] in = {0f, -0f, 1f, -2.5f, 65504f, 65520f, 1e-8f, 5.96e-8f, 6.1035156e-5f, 3.0517578e-5f, 1.0009766f, 1.00048828125f,
            Float.POSITIVE_INFINITY, Float.NaN};
        short[] want = {0, (short) 0x8000, 0x3c00, (short) 0xc100, 0x7bff, 0x7c00, 0, 0x0001, 0x0400, 0x0200, 0x3c01, 0x3c00,
            0x7c00, 0x7e00};
        short[] got = new short[in.length];
        for (int i = 0; i < in.length; i++) {
            got[i] = HalfFloat.fromFloat(in[i]);
        }
        assertArrayEquals(want, got);
        for (int i = 0; i < in.length - 1; i++) {
            // every finite value in range comes back exactly through the decoder when it is a half
            if (Math.abs(in[i]) <= 65504f && in[i] == HalfFloat.toFloat(got[i])) {
                assertEquals(Float.floatToIntBits(in[i]), Float.floatToIntBits(HalfFloat.toFloat(HalfFloat.fromFloat(in[i]))));
            }
        }
    }
}
