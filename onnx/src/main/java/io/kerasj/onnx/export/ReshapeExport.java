package io.kerasj.onnx.export;

import io.kerasj.ir.Shape;
import io.kerasj.layers.FlattenSpec;
import io.kerasj.layers.Padding2DSpec;
import io.kerasj.layers.PermuteSpec;
import io.kerasj.layers.ReshapeSpec;
import java.util.List;

/** Flatten, Reshape, Permute, ZeroPadding2D and Cropping2D. */
final class ReshapeExport {
    private ReshapeExport() {
    }

    /**
     * Keras Flatten works on Keras' order, so a tensor stored channels first is transposed back
     * first (the next Dense layer's weights expect Keras' flat order). A channels_first Flatten
     * moves the channel axis last before flattening, as Keras does.
     */
    static OnnxValue flatten(LayerCall c, FlattenSpec s, OnnxValue v) {
        Shape in = c.inputShape(0);
        String x;
        if ("channels_first".equals(s.dataFormat()) && in.rank() > 2) {
            int[] perm = new int[in.rank()];
            for (int k = 1; k < in.rank() - 1; k++) {
                perm[k] = k + 1;
            }
            perm[in.rank() - 1] = 1;
            // compose with the stored layout: one transpose from storage to (batch, spatial..., channels)
            int[] fromStored = new int[perm.length];
            for (int k = 0; k < perm.length; k++) {
                fromStored[k] = v.storedAxis(perm[k]);
            }
            x = c.op("Transpose", List.of(v.name()), Attrs.ints("perm", fromStored));
        } else {
            x = c.keras(v);
        }
        return OnnxValue.keras(c.op("Flatten", List.of(x), Attrs.i("axis", 1)));
    }

    /** Keras Reshape keeps the batch axis (ONNX's 0 copies it) and allows one -1. */
    static OnnxValue reshape(LayerCall c, ReshapeSpec s, OnnxValue v) {
        long[] target = new long[s.targetShape().length + 1];
        for (int k = 0; k < s.targetShape().length; k++) {
            target[k + 1] = s.targetShape()[k];
        }
        return OnnxValue.keras(c.op("Reshape", List.of(c.keras(v), c.graph().longs(target))));
    }

    static OnnxValue permute(LayerCall c, PermuteSpec s, OnnxValue v) {
        int[] perm = new int[s.dims().length + 1];
        System.arraycopy(s.dims(), 0, perm, 1, s.dims().length);
        int[] fromStored = new int[perm.length];
        for (int k = 0; k < perm.length; k++) {
            fromStored[k] = v.storedAxis(perm[k]);
        }
        return OnnxValue.keras(c.op("Transpose", List.of(v.name()), Attrs.ints("perm", fromStored)));
    }

    /** ZeroPadding2D (Pad with zeros) and Cropping2D (Slice), on whichever axes hold rows and columns as stored. */
    static OnnxValue padOrCrop(LayerCall c, Padding2DSpec s, OnnxValue v) {
        int[] a = s.amounts();
        int r = "channels_first".equals(s.dataFormat()) ? 2 : 1;
        int rows = v.storedAxis(r);
        int cols = v.storedAxis(r + 1);
        if (!s.crop()) {
            long[] pads = new long[8];
            pads[rows] = a[0];
            pads[rows + 4] = a[1];
            pads[cols] = a[2];
            pads[cols + 4] = a[3];
            return v.withName(c.op("Pad", List.of(v.name(), c.graph().longs(pads)), Attrs.s("mode", "constant")));
        }
        Shape in = c.inputShape(0);
        long rowEnd = in.dim(r) > 0 ? in.dim(r) - a[1] : -a[1];
        long colEnd = in.dim(r + 1) > 0 ? in.dim(r + 1) - a[3] : -a[3];
        // a crop of 0 at the end slices to the end
        rowEnd = a[1] == 0 ? Long.MAX_VALUE : rowEnd;
        colEnd = a[3] == 0 ? Long.MAX_VALUE : colEnd;
        String y = c.op("Slice", List.of(v.name(), c.graph().longs(a[0], a[2]), c.graph().longs(rowEnd, colEnd),
                c.graph().longs(rows, cols)));
        return v.withName(y);
    }
}
