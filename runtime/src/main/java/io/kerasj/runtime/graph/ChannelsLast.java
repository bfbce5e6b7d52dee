package io.kerasj.runtime.graph;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Layout moves for layers of any spatial rank (NCW, NCHW, NCDHW ⇄ channels last): TF's CPU
 * kernels take channels last, layer outputs keep the layout Keras gives them.
 */
final class ChannelsLast {
    private ChannelsLast() {
    }

    static Operand<TFloat32> to(Ops tf, Operand<TFloat32> x, String dataFormat) {
        if (!Layouts.channelsFirst(dataFormat)) {
            return x;
        }
        int rank = x.shape().numDimensions();
        int[] perm = new int[rank];
        for (int i = 1; i < rank - 1; i++) {
            perm[i] = i + 1;
        }
        perm[rank - 1] = 1;
        return tf.linalg.transpose(x, tf.constant(perm));
    }

    static Operand<TFloat32> from(Ops tf, Operand<TFloat32> x, String dataFormat) {
        if (!Layouts.channelsFirst(dataFormat)) {
            return x;
        }
        int rank = x.shape().numDimensions();
        int[] perm = new int[rank];
        perm[1] = rank - 1;
        for (int i = 2; i < rank; i++) {
            perm[i] = i - 1;
        }
        return tf.linalg.transpose(x, tf.constant(perm));
    }

    /** A convolution's tail: bias (if any), activation, and back to the layer's layout. */
    static Operand<TFloat32> finish(LayerContext ctx, Operand<TFloat32> y, boolean useBias, String activation, String dataFormat) {
        Ops tf = ctx.tf;
        Operand<TFloat32> out = useBias ? tf.nn.biasAdd(y, ctx.weight("bias")) : y;
        out = ActivationLowering.apply(tf, activation, out, ctx.kerasMajor());
        return from(tf, out, dataFormat);
    }
}
