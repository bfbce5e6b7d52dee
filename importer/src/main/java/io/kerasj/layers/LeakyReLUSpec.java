package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/** Keras {@code LeakyReLU}: slope {@code alpha} below zero (Keras 3 calls it negative_slope). */
public record LeakyReLUSpec(double alpha) implements LayerSpec {

    public static LeakyReLUSpec parse(LayerConfig c) {
        // Keras 2 default alpha 0.3; Keras 3 renamed it negative_slope
        return new LeakyReLUSpec(c.doubleValue(0.3, "alpha", "negative_slope"));
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        return List.of(ShapeException.single(inputs, "leaky_relu"));
    }

    @Override
    public String detail() {
        return "leaky_relu";
    }
}
