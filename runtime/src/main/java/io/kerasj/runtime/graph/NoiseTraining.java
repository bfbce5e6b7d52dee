package io.kerasj.runtime.graph;

import io.kerasj.layers.NoiseSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Training behaviour of Keras' noise layers (inference passes values through):
 * GaussianNoise {@code x + N(0, stddev²)}; GaussianDropout {@code x · N(1, rate/(1-rate))};
 * AlphaDropout (SELU's α' = -λα): dropped units become α', then {@code a·x + b} with
 * {@code a = ((1-rate)(1 + rate·α'²))^-½}, {@code b = -a·α'·rate}, keeping mean 0 and variance 1.
 */
final class NoiseTraining {
    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double SELU_SCALE = 1.0507009873554804934193349852946;

    private NoiseTraining() {
    }

    /** Identity at inference; in a training graph, the noise when the training flag is fed true. */
    static Operand<TFloat32> lower(LayerContext ctx, NoiseSpec s, Operand<TFloat32> x) {
        if (ctx.training().isEmpty() || s.amount() == 0) {
            return x;
        }
        TrainingMode mode = ctx.training().get();
        return ctx.tf.select(mode.flag(), training(ctx, s, x, mode), x);
    }

    private static Operand<TFloat32> training(LayerContext ctx, NoiseSpec s, Operand<TFloat32> x, TrainingMode mode) {
        Ops t = ctx.tf;
        if (s.amount() == 0) {
            return x;
        }
        switch (s.kind()) {
            case GAUSSIAN_NOISE:
                return t.math.add(x, t.math.mul(normal(t, x, mode), ctx.scalar(s.amount())));
            case GAUSSIAN_DROPOUT: {
                double stddev = Math.sqrt(s.amount() / (1 - s.amount()));
                return t.math.mul(x, t.math.add(t.math.mul(normal(t, x, mode), ctx.scalar(stddev)), ctx.scalar(1.0)));
            }
            default: {
                double rate = s.amount();
                double alphaP = -SELU_ALPHA * SELU_SCALE;
                double a = Math.pow((1 - rate) * (1 + rate * alphaP * alphaP), -0.5);
                double b = -a * alphaP * rate;
                Operand<TFloat32> u = t.random.statelessRandomUniform(t.shape(x), mode.nextStatelessSeed(t), TFloat32.class);
                Operand<TFloat32> kept = t.stopGradient(t.dtypes.cast(t.math.greaterEqual(u, ctx.scalar(rate)), TFloat32.class));
                Operand<TFloat32> mixed = t.math.add(t.math.mul(x, kept),
                        t.math.mul(ctx.scalar(alphaP), t.math.sub(ctx.scalar(1.0), kept)));
                return t.math.add(t.math.mul(mixed, ctx.scalar(a)), ctx.scalar(b));
            }
        }
    }

    /** Stateless, keyed by (seed, layer stream, training step) like Dropout's masks. */
    private static Operand<TFloat32> normal(Ops t, Operand<TFloat32> x, TrainingMode mode) {
        // constant noise for the gradient (its shape input would otherwise tie the random op to x)
        return t.stopGradient(t.random.statelessRandomNormal(t.shape(x), mode.nextStatelessSeed(t), TFloat32.class));
    }
}
