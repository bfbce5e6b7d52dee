package io.kerasj.runtime.graph;

import io.kerasj.ir.Shape;
import io.kerasj.layers.LayerNormalizationSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * LayerNormalization as {@code tf.nn.moments} + {@code tf.nn.batch_normalization} compute it:
 * mean and biased variance over the layer's axes (per sample), {@code inv = rsqrt(var + eps)·gamma},
 * {@code y = x·inv + (beta - mean·inv)}. The same graph serves training (gradients flow through
 * the statistics, as in Keras).
 */
final class LayerNormalizationLowering {
    private LayerNormalizationLowering() {
    }

    static Operand<TFloat32> lower(LayerContext ctx, LayerNormalizationSpec s, Operand<TFloat32> x) {
        Ops tf = ctx.tf;
        Shape in = ctx.inputShape(0);
        int[] axes = s.resolvedAxes(in.rank());
        Operand<TInt32> reduce = ctx.ints(axes);
        Operand<TFloat32> mean = tf.math.mean(x, reduce, Mean.keepDims(true));
        Operand<TFloat32> variance = tf.math.mean(tf.math.squaredDifference(x, tf.stopGradient(mean)), reduce,
                Mean.keepDims(true));
        Operand<TFloat32> inv = tf.math.rsqrt(tf.math.add(variance, ctx.scalar(s.epsilon())));
        int[] broadcast = new int[in.rank()];
        java.util.Arrays.fill(broadcast, 1);
        for (int a : axes) {
            broadcast[a] = in.dim(a);
        }
        if (s.scale()) {
            inv = tf.math.mul(inv, tf.reshape(ctx.weight("gamma"), ctx.ints(broadcast)));
        }
        Operand<TFloat32> shift = tf.math.mul(mean, inv);
        shift = s.center() ? tf.math.sub(tf.reshape(ctx.weight("beta"), ctx.ints(broadcast)), shift) : tf.math.neg(shift);
        return tf.math.add(tf.math.mul(x, inv), shift);
    }
}
