package io.kerasj.runtime.graph;

import io.kerasj.layers.DotSpec;
import io.kerasj.layers.Keras1MergeSpec;
import io.kerasj.layers.MergeSpec;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;

/**
 * Keras 1 {@code Merge}: element-wise and concat modes as the Keras 2 merge layers; dot as Keras 1's
 * {@code batch_dot} (2-D: {@code Σ x·y} kept as (batch, 1); 3-D: a batched matmul with the
 * contracted axes moved inside by adjoints); cos as {@code dot(x, y) / max(√(dot(x,x)·dot(y,y)), 1e-7)}.
 */
final class Keras1MergeLowering {
    /** Keras' default fuzz factor K.epsilon(). */
    private static final double EPSILON = 1e-7;

    private Keras1MergeLowering() {
    }

    static Operand<TFloat32> lower(LayerContext ctx, Keras1MergeSpec s, List<Operand<TFloat32>> in) {
        MergeSpec e = s.elementwise();
        if (e != null) {
            return MergeLowering.merge(ctx, e, in);
        }
        Ops tf = ctx.tf;
        Operand<TFloat32> x = in.get(0);
        Operand<TFloat32> y = in.get(1);
        if (s.mode() == Keras1MergeSpec.Mode.COS) {
            Operand<TFloat32> xy = dot2d(tf, x, y);
            Operand<TFloat32> norms = tf.math.sqrt(tf.math.mul(dot2d(tf, x, x), dot2d(tf, y, y)));
            return tf.math.div(xy, tf.math.maximum(norms, ctx.scalar(EPSILON)));
        }
        int rank = ctx.inputShape(0).rank();
        return batchDot(tf, x, y, s.dotAxis(0, rank), s.dotAxis(1, rank), rank);
    }

    /** Keras 2/3 Dot: batch_dot, after tf.math.l2_normalize of each input along its axis if normalize. */
    static Operand<TFloat32> dot(LayerContext ctx, DotSpec s, List<Operand<TFloat32>> in) {
        Ops tf = ctx.tf;
        int rank = ctx.inputShape(0).rank();
        int a0 = s.axis(0, rank);
        int a1 = s.axis(1, rank);
        Operand<TFloat32> x = in.get(0);
        Operand<TFloat32> y = in.get(1);
        if (s.normalize()) {
            x = l2Normalize(ctx, x, a0);
            y = l2Normalize(ctx, y, a1);
        }
        return batchDot(tf, x, y, a0, a1, rank);
    }

    private static Operand<TFloat32> l2Normalize(LayerContext ctx, Operand<TFloat32> x, int axis) {
        Ops tf = ctx.tf;
        Operand<TFloat32> sq = tf.reduceSum(tf.math.square(x), tf.constant(axis), ReduceSum.keepDims(true));
        return tf.math.mul(x, tf.math.rsqrt(tf.math.maximum(sq, ctx.scalar(1e-12))));
    }

    /** batch_dot for rank 2 (Σ x·y kept as (batch, 1)) and rank 3 (a batched matmul with adjoints). */
    private static Operand<TFloat32> batchDot(Ops tf, Operand<TFloat32> x, Operand<TFloat32> y, int a0, int a1, int rank) {
        if (rank == 2) {
            return dot2d(tf, x, y);
        }
        return tf.train.batchMatMul(x, y, TFloat32.class, BatchMatMul.adjX(a0 == 1), BatchMatMul.adjY(a1 == 2));
    }

    private static Operand<TFloat32> dot2d(Ops tf, Operand<TFloat32> x, Operand<TFloat32> y) {
        return tf.reduceSum(tf.math.mul(x, y), tf.constant(1), ReduceSum.keepDims(true));
    }
}
