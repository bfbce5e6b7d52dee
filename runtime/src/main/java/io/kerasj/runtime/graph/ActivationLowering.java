package io.kerasj.runtime.graph;

import io.kerasj.layers.ActivationFunction;
import io.kerasj.layers.ActivationSpec;
import io.kerasj.layers.ELUSpec;
import io.kerasj.layers.LeakyReLUSpec;
import io.kerasj.layers.PReLUSpec;
import io.kerasj.layers.ReLUSpec;
import io.kerasj.layers.SoftmaxSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

/** Keras activation functions and activation layers, each as the TF ops Keras itself runs. */
final class ActivationLowering {
    private ActivationLowering() {
    }

    /**
     * A built-in activation by any of its Keras names ({@link ActivationFunction}), with Keras'
     * default parameters.
     */
    static Operand<TFloat32> apply(Ops tf, String name, Operand<TFloat32> x, int kerasMajor) {
        return apply(tf, ActivationFunction.of(name), x, kerasMajor);
    }

    static Operand<TFloat32> apply(Ops tf, ActivationFunction f, Operand<TFloat32> x, int kerasMajor) {
        return switch (f) {
            case LINEAR -> x;
            case RELU -> tf.nn.relu(x);
            case RELU6 -> tf.nn.relu6(x);
            case SIGMOID -> tf.math.sigmoid(x);
            case HARD_SIGMOID -> hardSigmoid(tf, x, kerasMajor);
            case SOFTMAX -> tf.nn.softmax(x);
            case LOG_SOFTMAX -> tf.nn.logSoftmax(x);
            case TANH -> tf.math.tanh(x);
            case ELU -> tf.nn.elu(x);
            case SELU -> tf.nn.selu(x);
            case SOFTPLUS -> tf.math.softplus(x);
            case SOFTSIGN -> tf.nn.softsign(x);
            case EXPONENTIAL -> tf.math.exp(x);
            case SILU -> tf.math.mul(x, tf.math.sigmoid(x));
            case GELU -> tf.math.mul(tf.math.mul(c(tf, 0.5), x),
                    tf.math.add(c(tf, 1.0), tf.math.erf(tf.math.mul(x, c(tf, 1.0 / Math.sqrt(2.0))))));
            case LEAKY_RELU -> tf.nn.leakyRelu(x, LeakyRelu.alpha(0.2f));
            case MISH -> tf.math.mul(x, tf.math.tanh(tf.math.softplus(x)));
            case HARD_SILU -> tf.math.mul(x, hardSigmoid(tf, x, 3));
        };
    }

    /** Keras 2: clip(0.2x + 0.5, 0, 1); Keras 3 redefined it as relu6(x + 3) / 6. */
    private static Operand<TFloat32> hardSigmoid(Ops tf, Operand<TFloat32> x, int kerasMajor) {
        if (kerasMajor >= 3) {
            return tf.math.div(tf.nn.relu6(tf.math.add(x, c(tf, 3.0))), c(tf, 6.0));
        }
        return tf.clipByValue(tf.math.add(tf.math.mul(x, c(tf, 0.2)), c(tf, 0.5)), c(tf, 0.0), c(tf, 1.0));
    }

    /** The Activation layer. */
    static Operand<TFloat32> activation(LayerContext ctx, ActivationSpec spec, Operand<TFloat32> x) {
        return apply(ctx.tf, spec.function(), x, ctx.kerasMajor());
    }

    static Operand<TFloat32> relu(LayerContext ctx, ReLUSpec spec, Operand<TFloat32> x) {
        return relu(ctx.tf, x, spec.negativeSlope(), spec.maxValue(), spec.threshold());
    }

    static Operand<TFloat32> leakyRelu(LayerContext ctx, LeakyReLUSpec spec, Operand<TFloat32> x) {
        return ctx.tf.nn.leakyRelu(x, LeakyRelu.alpha((float) spec.alpha()));
    }

    static Operand<TFloat32> elu(LayerContext ctx, ELUSpec spec, Operand<TFloat32> x) {
        return elu(ctx.tf, x, spec.alpha());
    }

    static Operand<TFloat32> softmax(LayerContext ctx, SoftmaxSpec spec, Operand<TFloat32> x) {
        return softmax(ctx.tf, x, spec.axis(), ctx.inputShape(0).rank());
    }

    /**
     * Keras {@code backend.relu(x, alpha, max_value, threshold)}: x above the threshold (clipped at
     * max_value), {@code alpha * (x - threshold)} below it.
     */
    static Operand<TFloat32> relu(Ops tf, Operand<TFloat32> x, double alpha, double maxValue, double threshold) {
        boolean clip = !Double.isNaN(maxValue);
        if (alpha != 0 && !clip && threshold == 0) {
            return tf.nn.leakyRelu(x, LeakyRelu.alpha((float) alpha));
        }
        Operand<TFloat32> negativePart = null;
        if (alpha != 0) {
            negativePart = threshold != 0
                    ? tf.nn.relu(tf.math.add(tf.math.neg(x), c(tf, threshold)))
                    : tf.nn.relu(tf.math.neg(x));
        }
        Operand<TFloat32> y;
        if (threshold != 0) {
            y = tf.math.mul(x, tf.dtypes.cast(tf.math.greater(x, c(tf, threshold)), TFloat32.class));
        } else if (clip && maxValue == 6) {
            y = tf.nn.relu6(x);
            clip = false;
        } else {
            y = tf.nn.relu(x);
        }
        if (clip) {
            y = tf.clipByValue(y, c(tf, 0.0), c(tf, maxValue));
        }
        if (negativePart != null) {
            y = tf.math.sub(y, tf.math.mul(c(tf, alpha), negativePart));
        }
        return y;
    }

    /** Keras ELU layer: elu(x) for x > 0, alpha * elu(x) otherwise. */
    static Operand<TFloat32> elu(Ops tf, Operand<TFloat32> x, double alpha) {
        Operand<TFloat32> e = tf.nn.elu(x);
        if (alpha == 1.0) {
            return e;
        }
        // relu(x) equals elu(x) where x > 0 and is 0 elsewhere, so this selects without a Select op
        Operand<TFloat32> positive = tf.nn.relu(x);
        return tf.math.add(positive, tf.math.mul(c(tf, alpha), tf.math.sub(e, positive)));
    }

    /** Softmax over any axis: TF's kernel works on the last one, so other axes are transposed there. */
    static Operand<TFloat32> softmax(Ops tf, Operand<TFloat32> x, int axis, int rank) {
        int a = axis < 0 ? rank + axis : axis;
        if (a < 0 || a >= rank) {
            throw new LoweringException("Softmax axis " + axis + " does not fit a rank-" + rank + " input");
        }
        if (a == rank - 1) {
            return tf.nn.softmax(x);
        }
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = i;
        }
        perm[a] = rank - 1;
        perm[rank - 1] = a;
        Operand<TFloat32> moved = tf.linalg.transpose(x, tf.constant(perm));
        return tf.linalg.transpose(tf.nn.softmax(moved), tf.constant(perm));
    }

    /** Keras PReLU: relu(x) - alpha * relu(-x), alpha broadcast over the shared axes. */
    static Operand<TFloat32> prelu(LayerContext ctx, PReLUSpec spec, Operand<TFloat32> x) {
        Ops tf = ctx.tf;
        Operand<TFloat32> alpha = ctx.weight("alpha");
        return tf.math.add(tf.nn.relu(x), tf.math.mul(tf.math.neg(alpha), tf.nn.relu(tf.math.neg(x))));
    }

    private static Operand<TFloat32> c(Ops tf, double v) {
        return tf.constant((float) v);
    }
}
