package io.kerasj.runtime;

import static io.kerasj.runtime.Naive.assertClose;
import static io.kerasj.runtime.TestModels.layer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Transposed convolutions, SeparableConv1D/DepthwiseConv1D, GroupNormalization,
 * UnitNormalization and the preprocessing layers against loop implementations of Keras' definitions.
 */
class TransposeAndPreprocessingLayersTest {
    private static final double TOL = 2e-6;

    /**
     * Transposed convolution (channels_last, any spatial rank) as a scatter: every input position i
     * adds x[i]·K[t] to output i·s + t - padBefore, padBefore as TF pads the forward convolution
     * whose input gradient this is.
     */
    static FloatTensor transposed(FloatTensor x, FloatTensor k, float[] bias, int[] stride, int[] out, boolean same) {
        int n = stride.length;
        int batch = x.shape().dim(0), cin = x.shape().dim(-1), f = k.shape().dim(-2);
        int[] in = new int[n];
        int[] ks = new int[n];
        int[] pad = new int[n];
        for (int i = 0; i < n; i++) {
            in[i] = x.shape().dim(i + 1);
            ks[i] = k.shape().dim(i);
            pad[i] = same ? Math.max((in[i] - 1) * stride[i] + ks[i] - out[i], 0) / 2 : 0;
        }
        int outSize = 1;
        for (int o : out) {
            outSize *= o;
        }
        double[] y = new double[batch * outSize * f];
        int inSize = x.size() / batch / cin;
        int kSize = k.size() / f / cin;
        for (int b = 0; b < batch; b++) {
            for (int p = 0; p < inSize; p++) {
                int[] pos = unflat(p, in);
                for (int t = 0; t < kSize; t++) {
                    int[] tap = unflat(t, ks);
                    int[] o = new int[n];
                    boolean inside = true;
                    for (int i = 0; i < n; i++) {
                        o[i] = pos[i] * stride[i] + tap[i] - pad[i];
                        inside &= o[i] >= 0 && o[i] < out[i];
                    }
                    if (!inside) {
                        continue;
                    }
                    int of = flat(o, out);
                    for (int c = 0; c < cin; c++) {
                        double v = x.get((b * inSize + p) * cin + c);
                        for (int g = 0; g < f; g++) {
                            y[(b * outSize + of) * f + g] += v * k.get((t * f + g) * cin + c);
                        }
                    }
                }
            }
        }
        float[] r = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            r[i] = (float) (y[i] + (bias == null ? 0 : bias[i % f]));
        }
        int[] dims = new int[n + 2];
        dims[0] = batch;
        System.arraycopy(out, 0, dims, 1, n);
        dims[n + 1] = f;
        return FloatTensor.wrap(Shape.of(dims), r);
    }

    private static int[] unflat(int p, int[] dims) {
        int[] out = new int[dims.length];
        for (int i = dims.length - 1; i >= 0; i--) {
            out[i] = p % dims[i];
            p /= dims[i];
        }
        return out;
    }

    private static int flat(int[] pos, int[] dims) {
        int f = 0;
        for (int i = 0; i < dims.length; i++) {
            f = f * dims[i] + pos[i];
        }
        return f;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Conv2DTranspose|5, 4, 3|\"kernel_size\": [3, 3], \"strides\": [2, 2], \"padding\": \"same\"|10, 8",
        "Conv2DTranspose|5, 4, 3|\"kernel_size\": [3, 2], \"strides\": [2, 3], \"padding\": \"valid\"|11, 12",
        "Conv2DTranspose|5, 4, 3|\"kernel_size\": 3, \"strides\": 2, \"padding\": \"same\", \"output_padding\": 1|10, 8",
        "Conv2DTranspose|5, 4, 3|\"kernel_size\": 4, \"strides\": 2, \"padding\": \"valid\", \"output_padding\": [1, 0]|13, 10",
        "Conv1DTranspose|6, 3|\"kernel_size\": 3, \"strides\": 2, \"padding\": \"same\"|12",
        "Conv1DTranspose|6, 3|\"kernel_size\": 5, \"strides\": 3, \"padding\": \"valid\"|20",
        "Conv3DTranspose|3, 2, 4, 2|\"kernel_size\": [2, 3, 2], \"strides\": [2, 1, 2], \"padding\": \"same\"|6, 2, 8"})
    void transposedConvolution(String cls, String input, String cfg, String outSizes) {
        int[] feature = java.util.Arrays.stream(input.split(",\\s*")).mapToInt(Integer::parseInt).toArray();
        int[] out = java.util.Arrays.stream(outSizes.split(",\\s*")).mapToInt(Integer::parseInt).toArray();
        KerasModel m = TestModels.sequential(feature, layer(cls, "t", "\"filters\": 4, " + cfg));
        FloatTensor x = TestModels.input(2, feature);
        FloatTensor y = transposed(x, Naive.weight(m, "t", "kernel"), Naive.values(m, "t", "bias"),
                m.layer("t").spec() instanceof io.kerasj.layers.ConvTransposeSpec s ? s.strides() : null, out, cfg.contains("same"));
        assertEquals(m.layer("t").outputShape().withBatch(2), y.shape());
        assertClose(y, TestModels.run(m, x), TOL);
    }

    @Test
    void channelsFirstConv2DTranspose() {
        KerasModel m = TestModels.sequential(new int[] {3, 4, 5}, layer("Conv2DTranspose", "t",
                "\"filters\": 2, \"kernel_size\": 2, \"strides\": 2, \"padding\": \"valid\", \"data_format\": \"channels_first\""));
        FloatTensor x = TestModels.input(2, 3, 4, 5);
        FloatTensor y = transposed(Naive.permute(x, 0, 2, 3, 1), Naive.weight(m, "t", "kernel"), Naive.values(m, "t", "bias"),
                new int[] {2, 2}, new int[] {8, 10}, false);
        assertClose(Naive.permute(y, 0, 3, 1, 2), TestModels.run(m, x), TOL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"same", "valid", "causal"})
    void separableAndDepthwiseConv1D(String padding) {
        KerasModel m = TestModels.sequential(new int[] {9, 3},
                layer("DepthwiseConv1D", "d", "\"kernel_size\": 3, \"depth_multiplier\": 2, \"padding\": \"" + padding
                        + "\", \"dilation_rate\": 2"),
                layer("SeparableConv1D", "s", "\"filters\": 4, \"kernel_size\": 2, \"strides\": 2, \"padding\": \""
                        + (padding.equals("causal") ? "same" : padding) + "\", \"activation\": \"relu\""));
        assertEquals(3 * 3 * 2 + 6 + 2 * 6 * 1 + 6 * 4 + 4, m.totalParams());
        FloatTensor x = TestModels.input(2, 9, 3);
        FloatTensor d = depthwise1d(x, Naive.weight(m, "d", "depthwise_kernel"), Naive.values(m, "d", "bias"), 1, 2, padding);
        FloatTensor dw = depthwise1d(d, Naive.weight(m, "s", "depthwise_kernel"), null, 2, 1, padding.equals("causal") ? "same" : padding);
        FloatTensor pk = Naive.weight(m, "s", "pointwise_kernel");
        FloatTensor y = NaiveNd.conv(dw, pk, Naive.values(m, "s", "bias"), new int[] {1}, new int[] {1}, "valid", 1);
        assertClose(NaiveNd.map(y, v -> Math.max(0, v)), TestModels.run(m, x), TOL);
    }

    /** Depthwise 1-D convolution: channel c's multiplier j uses kernel[:, c, j]; output channel c·m + j. */
    private static FloatTensor depthwise1d(FloatTensor x, FloatTensor k, float[] bias, int stride, int dilation, String padding) {
        int c = x.shape().dim(2), mult = k.shape().dim(2), kw = k.shape().dim(0);
        FloatTensor[] outs = new FloatTensor[c * mult];
        float[] kv = k.toArray();
        FloatTensor result = null;
        for (int ch = 0; ch < c; ch++) {
            for (int j = 0; j < mult; j++) {
                float[] one = new float[kw * c];
                for (int t = 0; t < kw; t++) {
                    one[t * c + ch] = kv[(t * c + ch) * mult + j];
                }
                outs[ch * mult + j] = NaiveNd.conv(x, FloatTensor.wrap(Shape.of(kw, c, 1), one), null, new int[] {stride},
                        new int[] {dilation}, padding, 1);
            }
        }
        int n = outs[0].shape().dim(0), len = outs[0].shape().dim(1), cm = c * mult;
        float[] y = new float[n * len * cm];
        for (int o = 0; o < cm; o++) {
            for (int i = 0; i < n * len; i++) {
                y[i * cm + o] = outs[o].get(i) + (bias == null ? 0 : bias[o]);
            }
        }
        result = FloatTensor.wrap(Shape.of(n, len, cm), y);
        return result;
    }

    @Test
    void groupAndUnitNormalization() {
        KerasModel m = TestModels.sequential(new int[] {5, 6},
                layer("GroupNormalization", "g", "\"groups\": 3, \"epsilon\": 0.001"),
                layer("UnitNormalization", "u", "\"axis\": -1"));
        assertEquals(12, m.totalParams());
        FloatTensor x = TestModels.input(2, 5, 6);
        float[] gamma = Naive.values(m, "g", "gamma");
        float[] beta = Naive.values(m, "g", "beta");
        float[] y = new float[x.size()];
        for (int b = 0; b < 2; b++) {
            for (int g = 0; g < 3; g++) {
                double mean = 0, var = 0;
                for (int t = 0; t < 5; t++) {
                    for (int c = 2 * g; c < 2 * g + 2; c++) {
                        mean += x.get((b * 5 + t) * 6 + c);
                    }
                }
                mean /= 10;
                for (int t = 0; t < 5; t++) {
                    for (int c = 2 * g; c < 2 * g + 2; c++) {
                        var += Math.pow(x.get((b * 5 + t) * 6 + c) - mean, 2);
                    }
                }
                var /= 10;
                for (int t = 0; t < 5; t++) {
                    for (int c = 2 * g; c < 2 * g + 2; c++) {
                        int i = (b * 5 + t) * 6 + c;
                        y[i] = (float) ((x.get(i) - mean) / Math.sqrt(var + 1e-3) * gamma[c] + beta[c]);
                    }
                }
            }
        }
        for (int r = 0; r < 10; r++) {
            double sq = 0;
            for (int c = 0; c < 6; c++) {
                sq += (double) y[r * 6 + c] * y[r * 6 + c];
            }
            for (int c = 0; c < 6; c++) {
                y[r * 6 + c] = (float) (y[r * 6 + c] / Math.sqrt(Math.max(sq, 1e-12)));
            }
        }
        assertClose(FloatTensor.wrap(x.shape(), y), TestModels.run(m, x), 5e-6);
    }

    @Test
    void normalizationResizingCenterCropAndAugmentation() {
        KerasModel m = TestModels.sequential(3, new int[] {6, 8, 2},
                layer("Normalization", "n", "\"axis\": -1, \"mean\": [0.5, -0.25], \"variance\": [4.0, 0.01], \"invert\": false"),
                layer("RandomFlip", "f", "\"mode\": \"horizontal\""),
                layer("RandomRotation", "r", "\"factor\": 0.2"),
                layer("CenterCrop", "c", "\"height\": 4, \"width\": 5"),
                layer("Resizing", "z", "\"height\": 7, \"width\": 3, \"interpolation\": \"bilinear\""));
        assertEquals(Shape.of(-1, 7, 3, 2), m.layer("z").outputShape());
        FloatTensor x = TestModels.input(2, 6, 8, 2);
        float[] n = x.toArray();
        for (int i = 0; i < n.length; i++) {
            n[i] = i % 2 == 0 ? (n[i] - 0.5f) / 2f : (n[i] + 0.25f) / 0.1f;
        }
        float[] c = new float[2 * 4 * 5 * 2];
        for (int b = 0; b < 2; b++) {
            for (int r = 0; r < 4; r++) {
                for (int q = 0; q < 5; q++) {
                    for (int ch = 0; ch < 2; ch++) {
                        // offsets (6-4)//2 = 1 and (8-5)//2 = 1
                        c[((b * 4 + r) * 5 + q) * 2 + ch] = n[((b * 6 + r + 1) * 8 + q + 1) * 2 + ch];
                    }
                }
            }
        }
        FloatTensor expected = bilinearTo(FloatTensor.wrap(Shape.of(2, 4, 5, 2), c), 7, 3);
        assertClose(expected, TestModels.run(m, x), 5e-6);
    }

    /** TF 2 bilinear resize (half-pixel centres) to any size: src = (dst + 0.5)·in/out - 0.5, clamped. */
    private static FloatTensor bilinearTo(FloatTensor x, int oh, int ow) {
        int b = x.shape().dim(0), h = x.shape().dim(1), w = x.shape().dim(2), ch = x.shape().dim(3);
        float[] y = new float[b * oh * ow * ch];
        for (int s = 0; s < b; s++) {
            for (int i = 0; i < oh; i++) {
                double sy = Math.max(0, (i + 0.5) * h / oh - 0.5);
                int y0 = Math.min((int) Math.floor(sy), h - 1), y1 = Math.min(y0 + 1, h - 1);
                double fy = sy - Math.floor(sy);
                for (int j = 0; j < ow; j++) {
                    double sx = Math.max(0, (j + 0.5) * w / ow - 0.5);
                    int x0 = Math.min((int) Math.floor(sx), w - 1), x1 = Math.min(x0 + 1, w - 1);
                    double fx = sx - Math.floor(sx);
                    for (int c = 0; c < ch; c++) {
                        double top = x.get(((s * h + y0) * w + x0) * ch + c) * (1 - fx) + x.get(((s * h + y0) * w + x1) * ch + c) * fx;
                        double bot = x.get(((s * h + y1) * w + x0) * ch + c) * (1 - fx) + x.get(((s * h + y1) * w + x1) * ch + c) * fx;
                        y[((s * oh + i) * ow + j) * ch + c] = (float) (top * (1 - fy) + bot * fy);
                    }
                }
            }
        }
        return FloatTensor.wrap(Shape.of(b, oh, ow, ch), y);
    }
}
