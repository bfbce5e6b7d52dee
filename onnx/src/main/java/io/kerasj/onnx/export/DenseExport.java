package io.kerasj.onnx.export;

import io.kerasj.layers.DenseSpec;
import java.util.ArrayList;
import java.util.List;

/** Keras Dense: a MatMul over the last axis (any rank) plus the bias, on Keras' layout. */
final class DenseExport {
    private DenseExport() {
    }

    static OnnxValue dense(LayerCall c, DenseSpec s, OnnxValue v) {
        String y = c.op("MatMul", List.of(c.keras(v), c.initializer("kernel")));
        if (s.useBias()) {
            y = c.op("Add", new ArrayList<>(List.of(y, c.initializer("bias"))));
        }
        return ActivationExport.apply(c, s.activation(), OnnxValue.keras(y));
    }
}
