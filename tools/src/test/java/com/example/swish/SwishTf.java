package com.example.swish;

import io.kerasj.runtime.graph.LayerContext;
import io.kerasj.runtime.graph.TfLayer;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The TensorFlow half of the Swish plug-in, registered in META-INF/services/io.kerasj.runtime.graph.TfLayer. */
public final class SwishTf implements TfLayer<SwishSpec> {

    @Override
    public Class<SwishSpec> specClass() {
        return SwishSpec.class;
    }

    @Override
    public List<Operand<TFloat32>> lower(LayerContext ctx, SwishSpec spec, List<Operand<TFloat32>> inputs) {
        Ops tf = ctx.tf();
        Operand<TFloat32> x = inputs.get(0);
        return List.of(tf.math.mul(x, tf.math.sigmoid(tf.math.mul(x, ctx.scalar(spec.beta())))));
    }
}
