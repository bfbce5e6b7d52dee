package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/** A layer kind that maps every value on its own: one input, an output of the same shape, no weights. */
public interface ElementwiseSpec extends LayerSpec {

    @Override
    default List<Shape> outputShapes(List<Shape> inputs) {
        return List.of(ShapeException.single(inputs, detail()));
    }
}
