package com.example.swish;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import io.kerasj.layers.LayerConfig;
import java.util.List;

/** A user's custom Keras layer {@code Swish(beta)}: {@code x * sigmoid(beta * x)}, element-wise. */
public record SwishSpec(double beta) implements LayerSpec {

    static SwishSpec parse(LayerConfig c) {
        return new SwishSpec(c.doubleValue(1.0, "beta"));
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        return List.of(ShapeException.single(inputs, "Swish"));
    }

    @Override
    public String detail() {
        return "beta=" + beta;
    }
}
