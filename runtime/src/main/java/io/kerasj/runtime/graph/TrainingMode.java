package io.kerasj.runtime.graph;

import io.kerasj.ir.Shape;
import io.kerasj.layers.BatchNormalizationSpec;
import io.kerasj.layers.DropoutSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras' learning phase in one graph: a boolean {@link #flag()} (false unless fed) selects between
 * the training and the inference behaviour of Dropout and BatchNormalization, so the same graph
 * and variables serve training steps and evaluation. Training behaviour, as tf.keras (TF 2):
 * <ul>
 * <li>Dropout drops with probability {@code rate} and scales survivors by 1/(1-rate)
 *     ({@code x·scale·[u >= rate]}); SpatialDropout1D/2D/3D drop whole channels; the noise layers
 *     behave as {@link NoiseTraining} describes.</li>
 * <li>BatchNormalization normalises with the batch mean and biased batch variance and exposes
 *     {@link #updateOps()}: {@code moving -= (moving - batch)·(1-momentum)}. NHWC images take the
 *     fused kernel, whose batch variance for the moving update is the unbiased one (Bessel), as
 *     Keras' fused path uses; other ranks/axes use moments and the biased variance, as Keras'
 *     non-fused path does. A frozen layer ({@code trainable=false}) stays in inference mode.</li>
 * </ul>
 */
public final class TrainingMode {
    private final Ops tf;
    private final long seed;
    private final PlaceholderWithDefault<TBool> flag;
    private final List<Op> updates = new ArrayList<>();
    private final List<Operand<TFloat32>> regularization = new ArrayList<>();
    private long dropoutLayers;

    TrainingMode(Ops tf, long seed) {
        this.tf = tf;
        this.seed = seed;
        this.flag = tf.withName("flag").placeholderWithDefault(tf.constant(false), org.tensorflow.ndarray.Shape.scalar());
    }

    /** Feed {@code true} for a training step; unfed, the graph runs in inference mode. */
    public Operand<TBool> flag() {
        return flag;
    }

    /** BatchNormalization moving-statistics updates; run them with each training step. */
    public List<Op> updateOps() {
        return Collections.unmodifiableList(updates);
    }

    /** The sum of the activity-regularization losses of the model (0 without any), in both modes as Keras adds them. */
    public Operand<TFloat32> regularizationLoss() {
        return regularization.isEmpty() ? tf.constant(0f) : tf.math.addN(regularization);
    }

    Operand<TFloat32> lower(LayerContext ctx, Operand<TFloat32> x) {
        if (ctx.layer.spec() instanceof DropoutSpec d) {
            return dropout(ctx, d, x);
        }
        if (ctx.layer.spec() instanceof io.kerasj.layers.ActivityRegularizationSpec r) {
            regularization.add(ActivityRegularization.loss(ctx, r, x));
            return x;
        }
        if (ctx.layer.spec() instanceof io.kerasj.layers.NoiseSpec n) {
            return ctx.tf.select(flag, NoiseTraining.training(ctx, n, x, seed, ++dropoutLayers), x);
        }
        BatchNormalizationSpec bn = (BatchNormalizationSpec) ctx.layer.spec();
        Operand<TFloat32> inference = NormalizationLowering.batchNorm(ctx, bn, x);
        if (!ctx.trainable()) {
            return inference;
        }
        return ctx.tf.select(flag, batchNormTraining(ctx, bn, x), inference);
    }

    private Operand<TFloat32> dropout(LayerContext ctx, DropoutSpec d, Operand<TFloat32> x) {
        if (d.rate() == 0) {
            return x;
        }
        Ops t = ctx.tf;
        Operand<TInt32> shape = t.shape(x);
        if (d.spatial()) {
            // SpatialDropout1D/2D/3D: one draw per (sample, channel), broadcast over the spatial axes
            int rank = ctx.inputShape(0).rank();
            boolean channelsLast = !"channels_first".equals(d.dataFormat());
            Operand<TInt32> one = t.constant(new int[] {1});
            Operand<TInt32> batch = t.slice(shape, t.constant(new int[] {0}), one);
            Operand<TInt32> channels = t.slice(shape, t.constant(new int[] {channelsLast ? rank - 1 : 1}), one);
            List<Operand<TInt32>> parts = new ArrayList<>();
            parts.add(batch);
            if (!channelsLast) {
                parts.add(channels);
            }
            for (int i = 0; i < rank - 2; i++) {
                parts.add(one);
            }
            if (channelsLast) {
                parts.add(channels);
            }
            shape = t.concat(parts, t.constant(0));
        }
        // seed2 numbers the dropout layers, so each has its own reproducible mask stream
        Operand<TFloat32> u = t.random.randomUniform(shape, TFloat32.class, RandomUniform.seed(seed),
                RandomUniform.seed2(++dropoutLayers));
        Operand<TFloat32> keep = t.dtypes.cast(t.math.greaterEqual(u, ctx.scalar(d.rate())), TFloat32.class);
        Operand<TFloat32> dropped = t.math.mul(t.math.mul(x, ctx.scalar(1.0 / (1.0 - d.rate()))), keep);
        return t.select(flag, dropped, x);
    }

    private Operand<TFloat32> batchNormTraining(LayerContext ctx, BatchNormalizationSpec s, Operand<TFloat32> x) {
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
        updates.add(tf.assignSub(movingMean, tf.math.mul(tf.math.sub(movingMean, batchMean), decay)));
        updates.add(tf.assignSub(movingVar, tf.math.mul(tf.math.sub(movingVar, batchVar), decay)));
        return y;
    }
}
