package io.kerasj.runtime.graph;

import io.kerasj.layers.ThresholdedReLUSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** ThresholdedReLU: {@code x · [x > theta]}, the cast-and-multiply form Keras uses. */
final class RegularizationLowering {
    private RegularizationLowering() {
    }

    static Operand<TFloat32> thresholdedRelu(LayerContext ctx, ThresholdedReLUSpec s, Operand<TFloat32> x) {
        Ops tf = ctx.tf;
        return tf.math.mul(x, tf.dtypes.cast(tf.math.greater(x, ctx.scalar(s.theta())), TFloat32.class));
    }
}
