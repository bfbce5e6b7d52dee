package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/**
 * Keras {@code ReLU(max_value, negative_slope, threshold)}: x above the threshold (clipped at
 * max_value; NaN = no clip), {@code negative_slope * (x - threshold)} below it.
 */
public record ReLUSpec(double negativeSlope, double maxValue, double threshold) implements LayerSpec {

    public static ReLUSpec parse(LayerConfig c) {
        return new ReLUSpec(c.doubleValue(0.0, "negative_slope"), c.doubleValue(Double.NaN, "max_value"),
                c.doubleValue(0.0, "threshold"));
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        return List.of(ShapeException.single(inputs, "relu"));
    }

    @Override
    public String detail() {
        return "relu";
    }
}
