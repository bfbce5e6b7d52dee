package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/** Keras 2 {@code ThresholdedReLU}: {@code x} where {@code x > theta}, else 0 (theta defaults to 1). */
public record ThresholdedReLUSpec(double theta) implements LayerSpec {

    public static ThresholdedReLUSpec parse(LayerConfig c) {
        double theta = c.doubleValue(1.0, "theta");
        if (theta < 0) {
            throw new ConfigException("theta must be >= 0, found " + theta);
        }
        return new ThresholdedReLUSpec(theta);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        return List.of(ShapeException.single(inputs, "ThresholdedReLU"));
    }

    @Override
    public String detail() {
        return "theta=" + theta;
    }
}
