package io.kerasj.layers;

import com.fasterxml.jackson.databind.JsonNode;

/** Keras {@code Softmax} layer over one axis (default the last). */
public record SoftmaxSpec(int axis) implements ElementwiseSpec {

    public static SoftmaxSpec parse(LayerConfig c) {
        int axis = -1;
        if (c.has("axis")) {
            JsonNode a = c.require("axis");
            axis = a.isArray() ? a.get(0).asInt() : a.asInt();
        }
        return new SoftmaxSpec(axis);
    }

    @Override
    public String detail() {
        return "softmax";
    }
}
