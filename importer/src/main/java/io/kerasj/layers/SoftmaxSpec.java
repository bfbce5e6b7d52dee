package io.kerasj.layers;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/** Keras {@code Softmax} layer over one axis (default the last). */
public record SoftmaxSpec(int axis) implements LayerSpec {

    public static SoftmaxSpec parse(LayerConfig c) {
        int axis = -1;
        if (c.has("axis")) {
            JsonNode a = c.require("axis");
            axis = a.isArray() ? a.get(0).asInt() : a.asInt();
        }
        return new SoftmaxSpec(axis);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        return List.of(ShapeException.single(inputs, "softmax"));
    }

    @Override
    public String detail() {
        return "softmax";
    }
}
