package io.kerasj.runtime.graph;

import io.kerasj.layers.UpSamplingSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * UpSampling1D/2D/3D. Nearest repeats every value {@code size} times along each spatial axis
 * (Keras' {@code repeat_elements}; equal to nearest-neighbour resizing for integer factors under
 * either pixel-centre convention). Bilinear is TF's ResizeBilinear with the convention the spec
 * carries (half-pixel centres for TF 2 / Keras 3, TF 1's for older Keras), never corner-aligned.
 */
final class UpSamplingLowering {
    private UpSamplingLowering() {
    }

    static Operand<TFloat32> lower(LayerContext ctx, UpSamplingSpec s, Operand<TFloat32> x) {
        Ops tf = ctx.tf;
        if (s.interpolation().equals("bilinear")) {
            Operand<TFloat32> nhwc = ChannelsLast.to(tf, x, s.dataFormat());
            Operand<TInt32> hw = tf.slice(tf.shape(nhwc), ctx.ints(1), ctx.ints(2));
            Operand<TInt32> size = tf.math.mul(hw, ctx.ints(s.size()));
            Operand<TFloat32> y = tf.image.resizeBilinear(nhwc, size, ResizeBilinear.alignCorners(false),
                    ResizeBilinear.halfPixelCenters(s.halfPixelCenters()));
            return ChannelsLast.from(tf, y, s.dataFormat());
        }
        int rank = ctx.inputShape(0).rank();
        int first = "channels_first".equals(s.dataFormat()) ? 2 : 1;
        Operand<TFloat32> y = x;
        for (int i = 0; i < s.size().length; i++) {
            if (s.size()[i] > 1) {
                y = repeat(ctx, y, first + i, s.size()[i], rank);
            }
        }
        return y;
    }

    /** Each element along {@code axis} repeated {@code times} in place: [a, b] → [a, a, b, b]. */
    private static Operand<TFloat32> repeat(LayerContext ctx, Operand<TFloat32> x, int axis, int times, int rank) {
        Ops tf = ctx.tf;
        int[] multiples = new int[rank + 1];
        java.util.Arrays.fill(multiples, 1);
        multiples[axis + 1] = times;
        int[] grow = new int[rank];
        java.util.Arrays.fill(grow, 1);
        grow[axis] = times;
        Operand<TInt32> newShape = tf.math.mul(tf.shape(x), ctx.ints(grow));
        Operand<TFloat32> tiled = tf.tile(tf.expandDims(x, tf.constant(axis + 1)), ctx.ints(multiples));
        return tf.reshape(tiled, newShape);
    }
}
