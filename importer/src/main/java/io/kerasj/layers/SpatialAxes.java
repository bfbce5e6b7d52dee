package io.kerasj.layers;

import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;

/**
 * Axis bookkeeping for 1-D, 2-D and 3-D layers of any rank: channels_last keeps channels on the
 * last axis, channels_first on axis 1, the spatial axes follow in order.
 */
final class SpatialAxes {
    private SpatialAxes() {
    }

    static int channelAxis(int rank, String dataFormat) {
        return "channels_first".equals(dataFormat) ? 1 : rank - 1;
    }

    static int firstSpatialAxis(String dataFormat) {
        return "channels_first".equals(dataFormat) ? 2 : 1;
    }

    static Shape requireRank(java.util.List<Shape> inputs, String kind, int spatialRank) {
        return ShapeException.rank(inputs, kind, spatialRank + 2);
    }

    static int knownChannels(Shape in, String dataFormat, String kind) {
        int c = in.dim(channelAxis(in.rank(), dataFormat));
        if (c == Shape.UNKNOWN) {
            throw new ShapeException(kind + " needs a known channel dimension, got " + in);
        }
        return c;
    }

    /** Batch, spatial sizes and channels assembled in the layout of {@code dataFormat}. */
    static Shape assemble(int batch, int[] spatial, int channels, String dataFormat) {
        int[] dims = new int[spatial.length + 2];
        dims[0] = batch;
        int first = firstSpatialAxis(dataFormat);
        System.arraycopy(spatial, 0, dims, first, spatial.length);
        dims[channelAxis(dims.length, dataFormat)] = channels;
        return Shape.of(dims);
    }

    static int[] spatial(Shape in, String dataFormat) {
        int n = in.rank() - 2;
        int[] out = new int[n];
        int first = firstSpatialAxis(dataFormat);
        for (int i = 0; i < n; i++) {
            out[i] = in.dim(first + i);
        }
        return out;
    }

    /**
     * A sliding window over every spatial axis, Keras' {@code conv_output_length}; "causal" pads
     * like "same" on the output-size side (all padding goes before the sequence).
     */
    static Shape slide(Shape in, int[] window, String padding, int[] strides, int[] dilation, int channels,
                       String dataFormat) {
        int[] sizes = spatial(in, dataFormat);
        String sizing = padding.equals("causal") ? "same" : padding;
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = SpatialGeometry.outputLength(sizes[i], window[i], sizing, strides[i], dilation[i]);
        }
        return assemble(in.dim(0), sizes, channels, dataFormat);
    }

    static int[] ones(int n) {
        int[] out = new int[n];
        java.util.Arrays.fill(out, 1);
        return out;
    }

    static long product(int[] v) {
        long p = 1;
        for (int x : v) {
            p *= x;
        }
        return p;
    }
}
