package io.kerasj.runtime.graph;

import io.kerasj.ir.Layer;
import io.kerasj.ir.Node;
import io.kerasj.ir.Shape;
import io.kerasj.layers.TimeDistributedSpec;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras TimeDistributed: batch and time are folded into one axis, the wrapped layer's own
 * lowering runs on (batch·time, ...) with the wrapper's weights, and the result is unfolded.
 * The input's mask passes through (see {@link MaskPropagation}).
 */
final class TimeDistributedLowering {
    private TimeDistributedLowering() {
    }

    static Operand<TFloat32> lower(LayerContext ctx, TimeDistributedSpec s, Operand<TFloat32> x) {
        Ops tf = ctx.tf;
        Shape in = ctx.inputShape(0);
        Shape step = TimeDistributedSpec.stepShape(in);
        Shape stepOut = s.innerOutput(in);
        int[] stepDims = step.dims();
        stepDims[0] = -1;
        for (int i = 1; i < stepDims.length; i++) {
            if (stepDims[i] == Shape.UNKNOWN) {
                throw new LoweringException("TimeDistributed needs known per-step dimensions, got " + in);
            }
        }
        Operand<TFloat32> folded = tf.reshape(x, tf.constant(stepDims));
        Layer inner = new Layer(ctx.layer.name(), s.innerClass(), ctx.layer.trainable(), s.inner(),
                List.of(new Node(List.of(), List.of(step), List.of(stepOut))), ctx.layer.weights(), null);
        Operand<TFloat32> y = LayerLowering.lower(ctx.forWrapped(inner, inner.node()), List.of(folded)).get(0);
        int[] rest = java.util.Arrays.copyOfRange(stepOut.dims(), 1, stepOut.rank());
        Operand<TInt32> batchAndTime = tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {2}));
        return tf.reshape(y, tf.concat(List.of(batchAndTime, tf.constant(rest)), tf.constant(0)));
    }
}
