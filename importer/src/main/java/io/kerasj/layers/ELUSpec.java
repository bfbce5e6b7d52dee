package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/** Keras {@code ELU} layer: elu(x) for x > 0, {@code alpha * elu(x)} otherwise. */
public record ELUSpec(double alpha) implements LayerSpec {

    public static ELUSpec parse(LayerConfig c) {
        return new ELUSpec(c.doubleValue(1.0, "alpha"));
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        return List.of(ShapeException.single(inputs, "elu"));
    }

    @Override
    public String detail() {
        return "elu";
    }
}
