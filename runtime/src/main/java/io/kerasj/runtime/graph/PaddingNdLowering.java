package io.kerasj.runtime.graph;

import io.kerasj.layers.PaddingNdSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.types.TFloat32;

/** ZeroPadding1D/3D as a zero pad and Cropping1D/3D as a slice, on the spatial axes only. */
final class PaddingNdLowering {
    private PaddingNdLowering() {
    }

    static Operand<TFloat32> lower(LayerContext ctx, PaddingNdSpec s, Operand<TFloat32> x) {
        Ops tf = ctx.tf;
        int rank = ctx.inputShape(0).rank();
        int first = "channels_first".equals(s.dataFormat()) ? 2 : 1;
        int n = s.before().length;
        if (!s.crop()) {
            int[][] pads = new int[rank][2];
            for (int i = 0; i < n; i++) {
                pads[first + i] = new int[] {s.before()[i], s.after()[i]};
            }
            return tf.pad(x, tf.constant(pads), ctx.scalar(0.0));
        }
        int[] begin = new int[rank];
        int[] end = new int[rank];
        int[] stride = new int[rank];
        java.util.Arrays.fill(stride, 1);
        long beginMask = 0;
        long endMask = 0;
        for (int a = 0; a < rank; a++) {
            int i = a - first;
            if (i < 0 || i >= n) {
                beginMask |= 1L << a;
                endMask |= 1L << a;
            } else {
                begin[a] = s.before()[i];
                end[a] = -s.after()[i];
                if (s.after()[i] == 0) {
                    endMask |= 1L << a;
                }
            }
        }
        return tf.stridedSlice(x, ctx.ints(begin), ctx.ints(end), ctx.ints(stride),
                StridedSlice.beginMask(beginMask), StridedSlice.endMask(endMask));
    }
}
