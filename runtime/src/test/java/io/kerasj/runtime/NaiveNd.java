package io.kerasj.runtime;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Shape;

/**
 * Loop implementations, for any number of spatial axes (channels_last), of the Keras definitions
 * of convolution, pooling and resizing: an independent check on the TensorFlow lowering.
 */
final class NaiveNd {
    private NaiveNd() {
    }

    /** Spatial sizes of a channels_last tensor. */
    private static int[] spatial(Shape s) {
        int[] out = new int[s.rank() - 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.dim(i + 1);
        }
        return out;
    }

    /** Offset of (b, pos..., c) in a channels_last tensor of spatial sizes {@code sp} and {@code ch} channels. */
    private static int at(int b, int[] pos, int[] sp, int ch, int c) {
        int o = b;
        for (int i = 0; i < sp.length; i++) {
            o = o * sp[i] + pos[i];
        }
        return o * ch + c;
    }

    private static boolean next(int[] idx, int[] limit) {
        for (int i = idx.length - 1; i >= 0; i--) {
            if (++idx[i] < limit[i]) {
                return true;
            }
            idx[i] = 0;
        }
        return false;
    }

    /**
     * Grouped N-d convolution; kernel (*k, cin/groups, cout); padding "same", "valid" or "causal"
     * (1-D: all of dilation·(k-1) before the sequence).
     */
    static FloatTensor conv(FloatTensor x, FloatTensor k, float[] bias, int[] stride, int[] dil, String padding, int groups) {
        int[] sp = spatial(x.shape());
        int n = sp.length;
        int batch = x.shape().dim(0), cin = x.shape().dim(-1), cout = k.shape().dim(-1);
        int[] ks = new int[n];
        int[] out = new int[n];
        int[] pad = new int[n];
        for (int i = 0; i < n; i++) {
            ks[i] = k.shape().dim(i);
            boolean same = !padding.equals("valid");
            out[i] = Naive.outLen(sp[i], ks[i], stride[i], dil[i], same);
            pad[i] = padding.equals("causal") ? dil[i] * (ks[i] - 1) : Naive.padBefore(sp[i], out[i], ks[i], stride[i], dil[i], same);
        }
        int cg = cin / groups, og = cout / groups;
        int[] dims = new int[n + 2];
        dims[0] = batch;
        System.arraycopy(out, 0, dims, 1, n);
        dims[n + 1] = cout;
        float[] y = new float[(int) Shape.of(dims).size()];
        for (int b = 0; b < batch; b++) {
            int[] o = new int[n];
            do {
                for (int f = 0; f < cout; f++) {
                    int g = f / og;
                    double acc = bias == null ? 0 : bias[f];
                    int[] t = new int[n];
                    do {
                        int[] p = new int[n];
                        boolean inside = true;
                        for (int i = 0; i < n; i++) {
                            p[i] = o[i] * stride[i] + t[i] * dil[i] - pad[i];
                            inside &= p[i] >= 0 && p[i] < sp[i];
                        }
                        if (inside) {
                            for (int c = 0; c < cg; c++) {
                                int kOff = 0;
                                for (int i = 0; i < n; i++) {
                                    kOff = kOff * ks[i] + t[i];
                                }
                                acc += (double) x.get(at(b, p, sp, cin, g * cg + c)) * k.get((kOff * cg + c) * cout + f);
                            }
                        }
                    } while (next(t, ks));
                    y[at(b, o, out, cout, f)] = (float) acc;
                }
            } while (next(o, out));
        }
        return FloatTensor.wrap(Shape.of(dims), y);
    }

    /** N-d max/average pooling; SAME average divides by the in-bounds count (as TF and Keras do). */
    static FloatTensor pool(FloatTensor x, int[] size, int[] stride, boolean same, boolean max) {
        int[] sp = spatial(x.shape());
        int n = sp.length;
        int batch = x.shape().dim(0), ch = x.shape().dim(-1);
        int[] out = new int[n];
        int[] pad = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = Naive.outLen(sp[i], size[i], stride[i], 1, same);
            pad[i] = Naive.padBefore(sp[i], out[i], size[i], stride[i], 1, same);
        }
        int[] dims = new int[n + 2];
        dims[0] = batch;
        System.arraycopy(out, 0, dims, 1, n);
        dims[n + 1] = ch;
        float[] y = new float[(int) Shape.of(dims).size()];
        for (int b = 0; b < batch; b++) {
            int[] o = new int[n];
            do {
                for (int c = 0; c < ch; c++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    int count = 0;
                    int[] t = new int[n];
                    do {
                        int[] p = new int[n];
                        boolean inside = true;
                        for (int i = 0; i < n; i++) {
                            p[i] = o[i] * stride[i] + t[i] - pad[i];
                            inside &= p[i] >= 0 && p[i] < sp[i];
                        }
                        if (inside) {
                            double v = x.get(at(b, p, sp, ch, c));
                            acc = max ? Math.max(acc, v) : acc + v;
                            count++;
                        }
                    } while (next(t, size));
                    y[at(b, o, out, ch, c)] = (float) (max ? acc : acc / count);
                }
            } while (next(o, out));
        }
        return FloatTensor.wrap(Shape.of(dims), y);
    }

    /** Nearest upsampling by integer factors: output position p reads input p / factor. */
    static FloatTensor repeat(FloatTensor x, int[] factor) {
        int[] sp = spatial(x.shape());
        int n = sp.length;
        int batch = x.shape().dim(0), ch = x.shape().dim(-1);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = sp[i] * factor[i];
        }
        int[] dims = new int[n + 2];
        dims[0] = batch;
        System.arraycopy(out, 0, dims, 1, n);
        dims[n + 1] = ch;
        float[] y = new float[(int) Shape.of(dims).size()];
        for (int b = 0; b < batch; b++) {
            int[] o = new int[n];
            do {
                int[] p = new int[n];
                for (int i = 0; i < n; i++) {
                    p[i] = o[i] / factor[i];
                }
                for (int c = 0; c < ch; c++) {
                    y[at(b, o, out, ch, c)] = x.get(at(b, p, sp, ch, c));
                }
            } while (next(o, out));
        }
        return FloatTensor.wrap(Shape.of(dims), y);
    }

    /**
     * Bilinear 2-D resize by integer factors (NHWC). Half-pixel centres: source = (dst + 0.5) / f - 0.5,
     * clamped below at 0; TF 1 convention: source = dst / f. Neighbours clamp at the last row/column.
     */
    static FloatTensor bilinear(FloatTensor x, int[] factor, boolean halfPixel) {
        int batch = x.shape().dim(0), h = x.shape().dim(1), w = x.shape().dim(2), ch = x.shape().dim(3);
        int oh = h * factor[0], ow = w * factor[1];
        float[] y = new float[batch * oh * ow * ch];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < oh; i++) {
                double sy = halfPixel ? Math.max(0, (i + 0.5) / factor[0] - 0.5) : (double) i / factor[0];
                int y0 = (int) Math.floor(sy), y1 = Math.min(y0 + 1, h - 1);
                double fy = sy - y0;
                for (int j = 0; j < ow; j++) {
                    double sx = halfPixel ? Math.max(0, (j + 0.5) / factor[1] - 0.5) : (double) j / factor[1];
                    int x0 = (int) Math.floor(sx), x1 = Math.min(x0 + 1, w - 1);
                    double fx = sx - x0;
                    for (int c = 0; c < ch; c++) {
                        double top = x.get(((b * h + y0) * w + x0) * ch + c) * (1 - fx) + x.get(((b * h + y0) * w + x1) * ch + c) * fx;
                        double bot = x.get(((b * h + y1) * w + x0) * ch + c) * (1 - fx) + x.get(((b * h + y1) * w + x1) * ch + c) * fx;
                        y[((b * oh + i) * ow + j) * ch + c] = (float) (top * (1 - fy) + bot * fy);
                    }
                }
            }
        }
        return FloatTensor.wrap(Shape.of(batch, oh, ow, ch), y);
    }

    /** Applies an activation and returns a new tensor. */
    static FloatTensor map(FloatTensor x, java.util.function.DoubleUnaryOperator f) {
        float[] v = x.toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) f.applyAsDouble(v[i]);
        }
        return FloatTensor.wrap(x.shape(), v);
    }
}
