package io.kerasj.runtime.graph;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LocalResponseNormalization;
import org.tensorflow.types.TFloat32;

/** TF's LRN with a gradient that follows the op's own attributes. */
public final class NormalizationLowering {
    private NormalizationLowering() {
    }

    /**
     * TF's {@code LRN} op on an NHWC tensor: {@code x / (bias + alpha * sum_{c-r..c+r} x²)^beta}
     * with alpha applied to the plain sum (not divided by the window size).
     *
     * <p>The value is the LRN kernel's, bit for bit. The gradient is not taken from the kernel:
     * TF's C++ gradient for {@code LRN} (used by graph gradients from Java) builds {@code LRNGrad}
     * with its default attributes (radius 5, bias 1, alpha 1, beta 0.5) instead of the op's, and a
     * registered gradient cannot be replaced. So the op's output is wrapped as
     * {@code stop_gradient(lrn) + (f - stop_gradient(f))}, where {@code f} is the same formula
     * from element-wise ops: {@code f - stop_gradient(f)} is exactly 0, and gradients flow
     * through {@code f} only.
     */
    public static Operand<TFloat32> lrn(Ops tf, Operand<TFloat32> x, long depthRadius, double bias, double alpha,
                                        double beta) {
        Operand<TFloat32> kernel = tf.nn.localResponseNormalization(x, LocalResponseNormalization.depthRadius(depthRadius),
                LocalResponseNormalization.bias((float) bias), LocalResponseNormalization.alpha((float) alpha),
                LocalResponseNormalization.beta((float) beta));
        long channels = x.shape().numDimensions() == 4 ? x.shape().size(3) : -1;
        if (channels <= 0) {
            return kernel;
        }
        Operand<TFloat32> formula = lrnFormula(tf, x, (int) depthRadius, (int) channels, bias, alpha, beta);
        return tf.math.add(tf.stopGradient(kernel), tf.math.sub(formula, tf.stopGradient(formula)));
    }

    /** {@code x · (bias + alpha · Σ_window x²)^-beta} from element-wise ops (differentiable by TF). */
    private static Operand<TFloat32> lrnFormula(Ops tf, Operand<TFloat32> x, int radius, int channels, double bias,
                                                double alpha, double beta) {
        Operand<TFloat32> sq = tf.math.square(x);
        Operand<TFloat32> padded = tf.pad(sq, tf.constant(new int[][] {{0, 0}, {0, 0}, {0, 0}, {radius, radius}}),
                tf.constant(0f));
        Operand<TFloat32> sum = null;
        for (int k = 0; k <= 2 * radius; k++) {
            Operand<TFloat32> slice = tf.slice(padded, tf.constant(new int[] {0, 0, 0, k}),
                    tf.constant(new int[] {-1, -1, -1, channels}));
            sum = sum == null ? slice : tf.math.add(sum, slice);
        }
        Operand<TFloat32> norm = tf.math.add(tf.constant((float) bias), tf.math.mul(tf.constant((float) alpha), sum));
        return tf.math.mul(x, tf.math.pow(norm, tf.constant((float) -beta)));
    }
}
