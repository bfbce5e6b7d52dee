package io.kerasj.hdf5;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.SourceInfo;
import io.kerasj.layers.Conv2DSpec;

/**
 * Converts Conv2D kernels saved by old Keras setups to the TensorFlow layout the IR uses, as
 * Keras' own loader did (it converts Conv1D/2D/3D-family kernels only, not depthwise or
 * separable ones, and so do we): Keras 1 channels_first kernels are stored (out, in, rows, cols) and
 * are transposed; Theano computed true convolutions, so its kernels are flipped in both spatial
 * axes. A Keras 1 file does not record its backend; channels_first ("th" ordering) is taken to
 * mean Theano, the backend that ordering belonged to.
 */
final class LegacyKernelLayout {
    private LegacyKernelLayout() {
    }

    static boolean isConvolution(LayerSpec spec) {
        return spec instanceof Conv2DSpec;
    }

    static FloatTensor toTensorFlowLayout(LayerSpec spec, String weightName, FloatTensor stored, Shape expected,
                                          SourceInfo source) {
        if (spec instanceof io.kerasj.layers.ConvolutionSpec conv && weightName.equals("kernel")) {
            return LegacyConvNdLayout.toTensorFlowLayout(conv, stored, expected, source);
        }
        if (!isConvolution(spec) || !weightName.endsWith("kernel") || expected.rank() != 4) {
            return stored;
        }
        FloatTensor t = stored;
        boolean channelsFirst = dataFormat(spec).equals("channels_first");
        if (source.kerasMajor() == 1 && channelsFirst && !stored.shape().equals(expected)) {
            t = transposeOihwToHwio(t);
        }
        if (isTheano(source, channelsFirst)) {
            t = flipSpatial(t);
        }
        return t;
    }

    static boolean isTheano(SourceInfo source, boolean channelsFirst) {
        if (source.backend() != null) {
            return source.backend().equals("theano");
        }
        return source.kerasMajor() == 1 && channelsFirst;
    }

    private static String dataFormat(LayerSpec spec) {
        return ((Conv2DSpec) spec).dataFormat();
    }

    /** (out, in, rows, cols) → (rows, cols, in, out). */
    static FloatTensor transposeOihwToHwio(FloatTensor t) {
        int o = t.shape().dim(0);
        int in = t.shape().dim(1);
        int r = t.shape().dim(2);
        int c = t.shape().dim(3);
        float[] src = t.toArray();
        float[] dst = new float[src.length];
        for (int oi = 0; oi < o; oi++) {
            for (int ii = 0; ii < in; ii++) {
                for (int ri = 0; ri < r; ri++) {
                    for (int ci = 0; ci < c; ci++) {
                        dst[((ri * c + ci) * in + ii) * o + oi] = src[((oi * in + ii) * r + ri) * c + ci];
                    }
                }
            }
        }
        return FloatTensor.wrap(Shape.of(r, c, in, o), dst);
    }

    /** Reverses the two spatial axes of an (rows, cols, in, out) kernel (Keras' convert_kernel). */
    static FloatTensor flipSpatial(FloatTensor t) {
        int r = t.shape().dim(0);
        int c = t.shape().dim(1);
        int inner = t.shape().dim(2) * t.shape().dim(3);
        float[] src = t.toArray();
        float[] dst = new float[src.length];
        for (int ri = 0; ri < r; ri++) {
            for (int ci = 0; ci < c; ci++) {
                System.arraycopy(src, (ri * c + ci) * inner, dst, ((r - 1 - ri) * c + (c - 1 - ci)) * inner, inner);
            }
        }
        return FloatTensor.wrap(t.shape(), dst);
    }
}
