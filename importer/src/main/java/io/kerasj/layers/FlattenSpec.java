package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/**
 * Keras {@code Flatten}. With {@code channels_first} Keras transposes to channels-last before
 * flattening, so the Dense after it sees the same order either way.
 */
public record FlattenSpec(String dataFormat) implements LayerSpec {

    public static FlattenSpec parse(LayerConfig c) {
        return new FlattenSpec(c.dataFormat());
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = ShapeException.single(inputs, "Flatten");
        long n = in.featureSize();
        if (n > Integer.MAX_VALUE) {
            throw new ShapeException("Flatten output of " + n + " values is too large");
        }
        return List.of(Shape.of(in.dim(0), (int) n));
    }
}
