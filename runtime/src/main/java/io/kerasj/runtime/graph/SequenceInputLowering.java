package io.kerasj.runtime.graph;

import io.kerasj.layers.EmbeddingSpec;
import io.kerasj.layers.MaskingSpec;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Any;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** The layers that start a (masked) sequence: Embedding and Masking. */
final class SequenceInputLowering {
    private SequenceInputLowering() {
    }

    /**
     * Keras Embedding: the float input holds indices (Keras casts it to int32); rows of
     * {@code embeddings} are gathered. An index outside [0, input_dim) fails at run time, as in
     * Keras on TensorFlow. With mask_zero the output mask is {@code index != 0}.
     */
    static Operand<TFloat32> embedding(LayerContext ctx, EmbeddingSpec s, Operand<TFloat32> x) {
        Ops tf = ctx.tf;
        Operand<TInt32> indices = tf.dtypes.cast(x, TInt32.class);
        Operand<TFloat32> y = tf.gather(ctx.weight("embeddings"), indices, tf.constant(0));
        ctx.setOutputMasks(Collections.singletonList(s.maskZero() ? tf.math.notEqual(indices, tf.constant(0)) : null));
        return y;
    }

    /**
     * Keras Masking: a step is kept when any feature differs from mask_value; masked steps become 0
     * and the output mask (batch, timesteps) is false there.
     */
    static Operand<TFloat32> masking(LayerContext ctx, MaskingSpec s, Operand<TFloat32> x) {
        Ops tf = ctx.tf;
        Operand<TBool> keep = tf.any(tf.math.notEqual(x, tf.constant((float) s.maskValue())), tf.constant(-1),
                Any.keepDims(true));
        Operand<TFloat32> y = tf.math.mul(x, tf.dtypes.cast(keep, TFloat32.class));
        ctx.setOutputMasks(List.of(tf.squeeze(keep, org.tensorflow.op.core.Squeeze.axis(-1L))));
        return y;
    }
}
