package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/** Keras {@code Activation}: a built-in activation function by its canonical name, element-wise. */
public record ActivationSpec(String function) implements LayerSpec {

    public static ActivationSpec parse(LayerConfig c) {
        return new ActivationSpec(c.activation("activation"));
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
