package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/** Keras {@code GlobalAveragePooling2D} / {@code GlobalMaxPooling2D}, optionally keeping dims. */
public record GlobalPooling2DSpec(Pooling2DSpec.Kind kind, String dataFormat, boolean keepDims) implements LayerSpec {

    public static GlobalPooling2DSpec parseMax(LayerConfig c) {
        return new GlobalPooling2DSpec(Pooling2DSpec.Kind.MAX, c.dataFormat(), c.boolValue(false, "keepdims"));
    }

    public static GlobalPooling2DSpec parseAverage(LayerConfig c) {
        return new GlobalPooling2DSpec(Pooling2DSpec.Kind.AVERAGE, c.dataFormat(), c.boolValue(false, "keepdims"));
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = ShapeException.rank(inputs, "GlobalPooling2D", 4);
        int c = in.dim(SpatialGeometry.channelAxis(dataFormat));
        if (keepDims) {
            return List.of(SpatialGeometry.image(in.dim(0), 1, 1, c, dataFormat));
        }
        return List.of(Shape.of(in.dim(0), c));
    }
}
