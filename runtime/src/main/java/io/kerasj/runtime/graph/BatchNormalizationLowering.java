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

    /** The call's geometry and the layer's variables (gamma/beta null without scale/center). */
    private record Params(int rank, int axis, int n, boolean fused, Operand<TFloat32> movingMean,
                          Operand<TFloat32> movingVariance, Operand<TFloat32> gamma, Operand<TFloat32> beta) {

        static Params of(LayerContext ctx, BatchNormalizationSpec s) {
            Shape in = ctx.inputShape(0);
            int rank = in.rank();
            int axis = s.resolvedAxis(rank);
            // FusedBatchNorm needs epsilon >= 1.001e-5 (cuDNN's minimum); smaller ones take the formula path
            boolean fused = rank == 4 && axis == 3 && s.epsilon() >= 1.001e-5;
            Operand<TFloat32> mean = ctx.weight("moving_mean");
            Operand<TFloat32> variance = ctx.weight("moving_variance");
            return new Params(rank, axis, in.dim(axis), fused, mean, variance, s.scale() ? ctx.weight("gamma") : null,
                    s.center() ? ctx.weight("beta") : null);
        }
    }

    private static Operand<TFloat32> inference(LayerContext ctx, BatchNormalizationSpec s, Operand<TFloat32> x) {
        Ops tf = ctx.tf;
        Params p = Params.of(ctx, s);
        if (p.fused()) {
            return tf.nn.fusedBatchNorm(x, scale(ctx, p), offset(ctx, p), p.movingMean(), p.movingVariance(),
                    FusedBatchNorm.epsilon((float) s.epsilon()), FusedBatchNorm.isTraining(false),
                    FusedBatchNorm.dataFormat("NHWC")).y();
        }
        // parameters reshaped to broadcast along `axis` ([n] on the last axis, [n,1,..] elsewhere)
        int[] bshape = new int[p.rank() - 1];
        java.util.Arrays.fill(bshape, 1);
        bshape[p.axis() - 1] = p.n();
        Operand<TFloat32> inv = tf.math.rsqrt(tf.math.add(p.movingVariance(), ctx.scalar(s.epsilon())));
        if (p.gamma() != null) {
            inv = tf.math.mul(inv, p.gamma());
        }
        Operand<TFloat32> shift = tf.math.mul(p.movingMean(), inv);
        shift = p.beta() != null ? tf.math.sub(p.beta(), shift) : tf.math.neg(shift);
        if (p.axis() != p.rank() - 1) {
            inv = tf.reshape(inv, ctx.ints(bshape));
            shift = tf.reshape(shift, ctx.ints(bshape));
        }
        return tf.math.add(tf.math.mul(x, inv), shift);
    }

    private static Operand<TFloat32> training(LayerContext ctx, BatchNormalizationSpec s, Operand<TFloat32> x,
                                              TrainingMode training) {
        Ops t = ctx.tf;
        Params p = Params.of(ctx, s);
        int rank = p.rank();
        Operand<TFloat32> y;
        Operand<TFloat32> batchMean;
        Operand<TFloat32> batchVar;
        if (p.fused()) {
            Operand<TFloat32> empty = t.constant(new float[0]);
            FusedBatchNorm<TFloat32, TFloat32> f = t.nn.fusedBatchNorm(x, scale(ctx, p), offset(ctx, p), empty, empty,
                    FusedBatchNorm.epsilon((float) s.epsilon()), FusedBatchNorm.isTraining(true),
                    FusedBatchNorm.dataFormat("NHWC"));
            y = f.y();
            batchMean = f.batchMean();
            batchVar = f.batchVariance();
        } else {
            int[] reduce = new int[rank - 1];
            int[] bshape = new int[rank];
            for (int i = 0, k = 0; i < rank; i++) {
                bshape[i] = i == p.axis() ? p.n() : 1;
                if (i != p.axis()) {
                    reduce[k++] = i;
                }
            }
            Operand<TInt32> axes = t.constant(reduce);
            Operand<TFloat32> mean = t.math.mean(x, axes, org.tensorflow.op.math.Mean.keepDims(true));
            Operand<TFloat32> variance = t.math.mean(t.math.squaredDifference(x, t.stopGradient(mean)), axes,
                    org.tensorflow.op.math.Mean.keepDims(true));
            Operand<TInt32> paramShape = t.constant(bshape);
            Operand<TFloat32> inv = t.math.rsqrt(t.math.add(variance, ctx.scalar(s.epsilon())));
            if (p.gamma() != null) {
                inv = t.math.mul(inv, t.reshape(p.gamma(), paramShape));
            }
            Operand<TFloat32> shift = t.math.mul(mean, inv);
            shift = p.beta() != null ? t.math.sub(t.reshape(p.beta(), paramShape), shift) : t.math.neg(shift);
            y = t.math.add(t.math.mul(x, inv), shift);
            batchMean = t.reshape(mean, ctx.ints(p.n()));
            batchVar = t.reshape(variance, ctx.ints(p.n()));
        }
        Operand<TFloat32> decay = ctx.scalar(1.0 - s.momentum());
        Ops u = training.ops();
        training.addUpdate(u.assignSub(p.movingMean(), u.math.mul(u.math.sub(p.movingMean(), batchMean), decay)));
        training.addUpdate(u.assignSub(p.movingVariance(), u.math.mul(u.math.sub(p.movingVariance(), batchVar), decay)));
        return y;
    }

    /** The fused kernel's scale: gamma, or ones without scale. */
    private static Operand<TFloat32> scale(LayerContext ctx, Params p) {
        return p.gamma() != null ? p.gamma() : ctx.tf.fill(ctx.ints(p.n()), ctx.scalar(1.0));
    }

    /** The fused kernel's offset: beta, or zeros without center. */
    private static Operand<TFloat32> offset(LayerContext ctx, Params p) {
        return p.beta() != null ? p.beta() : ctx.tf.fill(ctx.ints(p.n()), ctx.scalar(0.0));
    }
}
