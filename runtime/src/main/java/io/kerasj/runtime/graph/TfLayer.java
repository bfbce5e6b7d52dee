package io.kerasj.runtime.graph;

import io.kerasj.ir.LayerSpec;
import io.kerasj.layers.LayerBackend;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The TensorFlow half of one layer kind: how one call of a layer with spec {@code S} becomes
 * TensorFlow ops, with Keras semantics — at inference, and, when {@link LayerContext#training()} is
 * present, in a graph that also trains (Keras' {@code call(..., training=...)}: select on the
 * training flag, register update ops). Built-ins are listed in {@code LayerLowering}; a plug-in
 * registers its own in {@code META-INF/services/io.kerasj.runtime.graph.TfLayer}, keyed by the spec
 * class its {@link io.kerasj.layers.LayerType} parses to.
 *
 * @param <S> the spec record this lowering implements
 */
public interface TfLayer<S extends LayerSpec> extends LayerBackend<S> {

    /** The call's outputs for its inputs (one operand per Keras output tensor). */
    List<Operand<TFloat32>> lower(LayerContext ctx, S spec, List<Operand<TFloat32>> inputs);

    /** A single-input, single-output lowering body. */
    @FunctionalInterface
    interface Unary<S extends LayerSpec> {
        Operand<TFloat32> lower(LayerContext ctx, S spec, Operand<TFloat32> x);
    }

    /** A multi-input or multi-output lowering body. */
    @FunctionalInterface
    interface Body<S extends LayerSpec> {
        List<Operand<TFloat32>> lower(LayerContext ctx, S spec, List<Operand<TFloat32>> inputs);
    }

    /** A lowering of one input to one output; other input counts are reported against the layer. */
    static <S extends LayerSpec> TfLayer<S> unary(Class<S> specClass, Unary<S> body) {
        return of(specClass, (ctx, s, in) -> {
            if (in.size() != 1) {
                throw new LoweringException(ctx.layer().className() + " takes one input, got " + in.size());
            }
            return List.of(body.lower(ctx, s, in.get(0)));
        });
    }

    static <S extends LayerSpec> TfLayer<S> of(Class<S> specClass, Body<S> body) {
        return new TfLayer<>() {
            @Override
            public Class<S> specClass() {
                return specClass;
            }

            @Override
            public List<Operand<TFloat32>> lower(LayerContext ctx, S spec, List<Operand<TFloat32>> inputs) {
                return body.lower(ctx, spec, inputs);
            }
        };
    }
}
