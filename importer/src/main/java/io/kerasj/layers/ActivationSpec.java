package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/**
 * Element-wise activation layers: {@code Activation}, {@code ReLU} (max_value, negative_slope,
 * threshold), {@code LeakyReLU}, {@code ELU}, {@code Softmax} (axis). {@code alpha} carries the
 * slope of LeakyReLU / ELU.
 */
public record ActivationSpec(String function, double alpha, double maxValue, double threshold, int axis)
        implements LayerSpec {

    public static ActivationSpec parseActivation(LayerConfig c) {
        return new ActivationSpec(c.activation("activation"), 0, Double.NaN, 0, -1);
    }

    public static ActivationSpec parseReLU(LayerConfig c) {
        return new ActivationSpec("relu", c.doubleValue(0.0, "negative_slope"), c.doubleValue(Double.NaN, "max_value"),
                c.doubleValue(0.0, "threshold"), -1);
    }

    public static ActivationSpec parseLeakyReLU(LayerConfig c) {
        // Keras 2 default alpha 0.3; Keras 3 renamed it negative_slope
        return new ActivationSpec("leaky_relu", c.doubleValue(0.3, "alpha", "negative_slope"), Double.NaN, 0, -1);
    }

    public static ActivationSpec parseELU(LayerConfig c) {
        return new ActivationSpec("elu", c.doubleValue(1.0, "alpha"), Double.NaN, 0, -1);
    }

    public static ActivationSpec parseSoftmax(LayerConfig c) {
        int axis = -1;
        if (c.has("axis")) {
            com.fasterxml.jackson.databind.JsonNode a = c.require("axis");
            axis = a.isArray() ? a.get(0).asInt() : a.asInt();
        }
        return new ActivationSpec("softmax", 0, Double.NaN, 0, axis);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        return List.of(ShapeException.single(inputs, function));
    }

    @Override
    public String detail() {
        return function;
    }
}
