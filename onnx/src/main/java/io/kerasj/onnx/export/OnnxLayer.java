package io.kerasj.onnx.export;

import io.kerasj.ir.LayerSpec;
import io.kerasj.layers.LayerBackend;
import java.util.List;

/**
 * The ONNX half of one layer kind: how one call of a layer with spec {@code S} becomes ONNX nodes,
 * with Keras inference semantics. Built-ins are listed in {@link OnnxLayers}; a plug-in registers
 * its own in {@code META-INF/services/io.kerasj.onnx.export.OnnxLayer}, keyed by the spec class its
 * {@link io.kerasj.layers.LayerType} parses to (next to its TensorFlow half, {@code TfLayer}).
 *
 * @param <S> the spec record this half exports
 */
public interface OnnxLayer<S extends LayerSpec> extends LayerBackend<S> {

    /** The call's outputs for its inputs (one value per Keras output tensor). */
    List<OnnxValue> export(LayerCall call, S spec, List<OnnxValue> inputs);

    /** A single-input, single-output export body. */
    @FunctionalInterface
    interface Unary<S extends LayerSpec> {
        OnnxValue export(LayerCall call, S spec, OnnxValue x);
    }

    /** A multi-input or multi-output export body. */
    @FunctionalInterface
    interface Body<S extends LayerSpec> {
        List<OnnxValue> export(LayerCall call, S spec, List<OnnxValue> inputs);
    }

    /** One input to one output; other input counts are reported against the layer. */
    static <S extends LayerSpec> OnnxLayer<S> unary(Class<S> specClass, Unary<S> body) {
        return of(specClass, (c, s, in) -> {
            if (in.size() != 1) {
                throw new ExportFailure(c.layer().className() + " takes one input, got " + in.size());
            }
            return List.of(body.export(c, s, in.get(0)));
        });
    }

    static <S extends LayerSpec> OnnxLayer<S> of(Class<S> specClass, Body<S> body) {
        return new OnnxLayer<>() {
            @Override
            public Class<S> specClass() {
                return specClass;
            }

            @Override
            public List<OnnxValue> export(LayerCall call, S spec, List<OnnxValue> inputs) {
                return body.export(call, spec, inputs);
            }
        };
    }
}
