package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/** Keras {@code Rescaling}: {@code x * scale + offset}. */
public record RescalingSpec(double scale, double offset) implements LayerSpec {

    public static RescalingSpec parse(LayerConfig c) {
        return new RescalingSpec(c.doubleValue(1.0, "scale"), c.doubleValue(0.0, "offset"));
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        return List.of(ShapeException.single(inputs, "Rescaling"));
    }
}
