package io.kerasj.hdf5;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Shape;
import io.kerasj.ir.SourceInfo;
import io.kerasj.layers.ConvolutionSpec;

/**
 * Conv1D/Conv3D kernels of old Keras files in the IR's {@code (*kernel, in, out)} layout, as
 * Keras 2's legacy loader converts them: Keras 1 Conv1D stored a 2-D kernel
 * {@code (k, 1, in, out)} (Theano: {@code (out, in, k, 1)}); Keras 1 channels_first Conv3D stored
 * {@code (out, in, d1, d2, d3)}; Theano kernels are flipped in every spatial axis.
 */
final class LegacyConvNdLayout {
    private LegacyConvNdLayout() {
    }

    static FloatTensor toTensorFlowLayout(ConvolutionSpec spec, FloatTensor stored, Shape expected, SourceInfo source) {
        FloatTensor t = stored;
        boolean channelsFirst = "channels_first".equals(spec.dataFormat());
        if (spec.spatialRank() == 1 && t.shape().rank() == 4) {
            if (t.shape().dim(0) == expected.dim(2) && t.shape().dim(3) == 1 && t.shape().dim(1) != 1) {
                t = permute(t, 2, 3, 1, 0);
            }
            if (t.shape().dim(1) == 1) {
                t = t.reshape(Shape.of(t.shape().dim(0), t.shape().dim(2), t.shape().dim(3)));
            }
        } else if (spec.spatialRank() == 3 && source.kerasMajor() == 1 && channelsFirst && !t.shape().equals(expected)) {
            t = permute(t, 2, 3, 4, 1, 0);
        }
        boolean theano = source.backend() != null ? source.backend().equals("theano")
                : source.kerasMajor() == 1 && channelsFirst;
        return theano && t.shape().rank() == spec.spatialRank() + 2 ? flipSpatial(t, spec.spatialRank()) : t;
    }

    /** out[i_perm[0], i_perm[1], ...] = in[i_0, i_1, ...]: axis k of the result is axis perm[k] of the input. */
    static FloatTensor permute(FloatTensor t, int... perm) {
        int[] in = t.shape().dims();
        int n = in.length;
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            out[k] = in[perm[k]];
        }
        int[] inStride = strides(in);
        float[] src = t.toArray();
        float[] dst = new float[src.length];
        int[] idx = new int[n];
        for (int flat = 0; flat < dst.length; flat++) {
            int offset = 0;
            for (int k = 0; k < n; k++) {
                offset += idx[k] * inStride[perm[k]];
            }
            dst[flat] = src[offset];
            for (int k = n - 1; k >= 0 && ++idx[k] == out[k]; k--) {
                idx[k] = 0;
            }
        }
        return FloatTensor.wrap(Shape.of(out), dst);
    }

    /** Reverses the first {@code spatial} axes (Keras' convert_kernel). */
    static FloatTensor flipSpatial(FloatTensor t, int spatial) {
        int[] dims = t.shape().dims();
        int[] stride = strides(dims);
        float[] src = t.toArray();
        float[] dst = new float[src.length];
        int[] idx = new int[dims.length];
        for (int flat = 0; flat < src.length; flat++) {
            int offset = 0;
            for (int k = 0; k < dims.length; k++) {
                offset += (k < spatial ? dims[k] - 1 - idx[k] : idx[k]) * stride[k];
            }
            dst[offset] = src[flat];
            for (int k = dims.length - 1; k >= 0 && ++idx[k] == dims[k]; k--) {
                idx[k] = 0;
            }
        }
        return FloatTensor.wrap(t.shape(), dst);
    }

    private static int[] strides(int[] dims) {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int k = dims.length - 1; k >= 0; k--) {
            s[k] = acc;
            acc *= dims[k];
        }
        return s;
    }
}
