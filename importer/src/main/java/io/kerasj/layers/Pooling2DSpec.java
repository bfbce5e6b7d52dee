package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/** Keras {@code MaxPooling2D} / {@code AveragePooling2D}; strides default to the pool size. */
public record Pooling2DSpec(Kind kind, int[] poolSize, int[] strides, String padding, String dataFormat)
        implements LayerSpec {

    public enum Kind { MAX, AVERAGE }

    public static Pooling2DSpec parseMax(LayerConfig c) {
        return parse(c, Kind.MAX);
    }

    public static Pooling2DSpec parseAverage(LayerConfig c) {
        return parse(c, Kind.AVERAGE);
    }

    private static Pooling2DSpec parse(LayerConfig c, Kind kind) {
        int[] pool = c.intTuple(2, new int[] {2, 2}, "pool_size");
        int[] strides = c.intTuple(2, pool, "strides");
        return new Pooling2DSpec(kind, pool, strides, c.padding(), c.dataFormat());
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = ShapeException.rank(inputs, kind == Kind.MAX ? "MaxPooling2D" : "AveragePooling2D", 4);
        return List.of(SpatialGeometry.slide(in, poolSize, padding, strides, new int[] {1, 1}, in.dim(SpatialGeometry.channelAxis(dataFormat)), dataFormat));
    }
}
