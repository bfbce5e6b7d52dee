package io.kerasj.runtime.graph;

import io.kerasj.ir.Shape;
import io.kerasj.layers.BatchNormalizationSpec;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * BatchNormalization as tf.keras (TF 2) runs it.
 * <ul>
 * <li>Inference uses the moving statistics: {@code (x - mean) / sqrt(var + eps) * gamma + beta},
 *     gamma = 1 without scale, beta = 0 without center. NHWC images over the channel axis use TF's
 *     FusedBatchNormV3 (is_training=false), the kernel tf.keras runs there; every other axis/rank
 *     uses the formula of {@code tf.nn.batch_normalization}, as Keras' non-fused path does.</li>
 * <li>Training normalises with the batch mean and biased batch variance and registers the
 *     moving-statistics updates {@code moving -= (moving - batch)·(1-momentum)}. NHWC images take
 *     the fused kernel, whose batch variance for the moving update is the unbiased one (Bessel), as
 *     Keras' fused path uses; other ranks/axes use moments and the biased variance, as Keras'
 *     non-fused path does. A frozen layer ({@code trainable=false}) stays in inference mode.</li>
 * </ul>
 */
final class BatchNormalizationLowering implements TfLayer<BatchNormalizationSpec> {

    @Override
    public Class<BatchNormalizationSpec> specClass() {
        return BatchNormalizationSpec.class;
    }

    @Override
    public List<Operand<TFloat32>> lower(LayerContext ctx, BatchNormalizationSpec s, List<Operand<TFloat32>> in) {
        Operand<TFloat32> x = in.get(0);
        Operand<TFloat32> inference = inference(ctx, s, x);
        if (ctx.training().isEmpty() || !ctx.trainable()) {
            return List.of(inference);
        }
        TrainingMode training = ctx.training().get();
        return List.of(ctx.tf.select(training.flag(), training(ctx, s, x, training), inference));
    }

    private static Operand<TFloat32> inference(LayerContext ctx, BatchNormalizationSpec s, Operand<TFloat32> x) {
        Ops tf = ctx.tf;
        Shape in = ctx.inputShape(0);
        int rank = in.rank();
        int axis = s.resolvedAxis(rank);
        int n = in.dim(axis);
        Operand<TFloat32> mean = ctx.weight("moving_mean");
        Operand<TFloat32> variance = ctx.weight("moving_variance");
        Operand<TFloat32> gamma = s.scale() ? ctx.weight("gamma") : null;
        Operand<TFloat32> beta = s.center() ? ctx.weight("beta") : null;
        // FusedBatchNorm needs epsilon >= 1.001e-5 (cuDNN's minimum); smaller ones take the formula path
        if (rank == 4 && axis == 3 && s.epsilon() >= 1.001e-5) {
            Operand<TFloat32> scale = gamma != null ? gamma : tf.fill(ctx.ints(n), ctx.scalar(1.0));
            Operand<TFloat32> offset = beta != null ? beta : tf.fill(ctx.ints(n), ctx.scalar(0.0));
            return tf.nn.fusedBatchNorm(x, scale, offset, mean, variance,
                    FusedBatchNorm.epsilon((float) s.epsilon()), FusedBatchNorm.isTraining(false),
                    FusedBatchNorm.dataFormat("NHWC")).y();
        }
        // parameters reshaped to broadcast along `axis` ([n] on the last axis, [n,1,..] elsewhere)
        int[] bshape = new int[rank - 1];
        java.util.Arrays.fill(bshape, 1);
        bshape[axis - 1] = n;
        Operand<TFloat32> inv = tf.math.rsqrt(tf.math.add(variance, ctx.scalar(s.epsilon())));
        if (gamma != null) {
            inv = tf.math.mul(inv, gamma);
        }
        Operand<TFloat32> shift = tf.math.mul(mean, inv);
        shift = beta != null ? tf.math.sub(beta, shift) : tf.math.neg(shift);
        if (axis != rank - 1) {
            inv = tf.reshape(inv, ctx.ints(bshape));
            shift = tf.reshape(shift, ctx.ints(bshape));
        }
        return tf.math.add(tf.math.mul(x, inv), shift);
    }

    private static Operand<TFloat32> training(LayerContext ctx, BatchNormalizationSpec s, Operand<TFloat32> x,
                                              TrainingMode training) {
        Ops t = ctx.tf;
        Shape in = ctx.inputShape(0);
        int rank = in.rank();
        int axis = s.resolvedAxis(rank);
        int n = in.dim(axis);
        Operand<TFloat32> movingMean = ctx.weight("moving_mean");
        Operand<TFloat32> movingVar = ctx.weight("moving_variance");
        Operand<TFloat32> gamma = s.scale() ? ctx.weight("gamma") : null;
        Operand<TFloat32> beta = s.center() ? ctx.weight("beta") : null;
        Operand<TFloat32> y;
        Operand<TFloat32> batchMean;
        Operand<TFloat32> batchVar;
        if (rank == 4 && axis == 3 && s.epsilon() >= 1.001e-5) {
            Operand<TFloat32> scale = gamma != null ? gamma : t.fill(ctx.ints(n), ctx.scalar(1.0));
            Operand<TFloat32> offset = beta != null ? beta : t.fill(ctx.ints(n), ctx.scalar(0.0));
            Operand<TFloat32> empty = t.constant(new float[0]);
            FusedBatchNorm<TFloat32, TFloat32> f = t.nn.fusedBatchNorm(x, scale, offset, empty, empty,
                    FusedBatchNorm.epsilon((float) s.epsilon()), FusedBatchNorm.isTraining(true),
                    FusedBatchNorm.dataFormat("NHWC"));
            y = f.y();
            batchMean = f.batchMean();
            batchVar = f.batchVariance();
        } else {
            int[] reduce = new int[rank - 1];
            int[] bshape = new int[rank];
            for (int i = 0, k = 0; i < rank; i++) {
                bshape[i] = i == axis ? n : 1;
                if (i != axis) {
                    reduce[k++] = i;
                }
            }
            Operand<TInt32> axes = t.constant(reduce);
            Operand<TFloat32> mean = t.math.mean(x, axes, org.tensorflow.op.math.Mean.keepDims(true));
            Operand<TFloat32> variance = t.math.mean(t.math.squaredDifference(x, t.stopGradient(mean)), axes,
                    org.tensorflow.op.math.Mean.keepDims(true));
            Operand<TInt32> paramShape = t.constant(bshape);
            Operand<TFloat32> inv = t.math.rsqrt(t.math.add(variance, ctx.scalar(s.epsilon())));
            if (gamma != null) {
                inv = t.math.mul(inv, t.reshape(gamma, paramShape));
            }
            Operand<TFloat32> shift = t.math.mul(mean, inv);
            shift = beta != null ? t.math.sub(t.reshape(beta, paramShape), shift) : t.math.neg(shift);
            y = t.math.add(t.math.mul(x, inv), shift);
            batchMean = t.reshape(mean, ctx.ints(n));
            batchVar = t.reshape(variance, ctx.ints(n));
        }
        Operand<TFloat32> decay = ctx.scalar(1.0 - s.momentum());
        Ops u = training.ops();
        training.addUpdate(u.assignSub(movingMean, u.math.mul(u.math.sub(movingMean, batchMean), decay)));
        training.addUpdate(u.assignSub(movingVar, u.math.mul(u.math.sub(movingVar, batchVar), decay)));
        return y;
    }
}
