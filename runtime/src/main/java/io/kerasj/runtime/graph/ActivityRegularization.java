package io.kerasj.runtime.graph;

import io.kerasj.layers.ActivityRegularizationSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The loss term of Keras' {@code ActivityRegularization} for one layer output:
 * {@code l1·Σ|x| + l2·Σx²} over the whole batch; Keras 1 and tf.keras divide it by the batch size
 * (a per-sample mean), Keras 3 adds the plain sum.
 */
final class ActivityRegularization {
    private ActivityRegularization() {
    }

    /** Passes {@code x} through; in a training graph, registers its loss term. */
    static Operand<TFloat32> lower(LayerContext ctx, ActivityRegularizationSpec s, Operand<TFloat32> x) {
        ctx.training().ifPresent(mode -> mode.addLoss(loss(ctx, s, x)));
        return x;
    }

    static Operand<TFloat32> loss(LayerContext ctx, ActivityRegularizationSpec s, Operand<TFloat32> x) {
        Ops tf = ctx.tf;
        int rank = ctx.inputShape(0).rank();
        int[] all = new int[rank];
        for (int i = 0; i < rank; i++) {
            all[i] = i;
        }
        Operand<TFloat32> term = ctx.scalar(0.0);
        if (s.l1() != 0) {
            term = tf.math.add(term, tf.math.mul(ctx.scalar(s.l1()), tf.reduceSum(tf.math.abs(x), ctx.ints(all))));
        }
        if (s.l2() != 0) {
            term = tf.math.add(term, tf.math.mul(ctx.scalar(s.l2()), tf.reduceSum(tf.math.square(x), ctx.ints(all))));
        }
        if (ctx.kerasMajor() >= 3) {
            return term;
        }
        Operand<TFloat32> batch = tf.dtypes.cast(tf.slice(tf.shape(x), ctx.ints(0), ctx.ints(1)), TFloat32.class);
        return tf.math.div(term, tf.reshape(batch, ctx.ints()));
    }
}
