package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import java.util.List;

/**
 * Keras {@code MaxPooling1D}/{@code AveragePooling1D} and {@code MaxPooling3D}/{@code AveragePooling3D}
 * (and their {@code MaxPool1D}-style aliases); the spatial rank is the pool's length. Strides
 * default to the pool size. Keras 1 1-D pooling used {@code pool_length}/{@code stride}.
 */
public record PoolingNdSpec(Pooling2DSpec.Kind kind, int[] poolSize, int[] strides, String padding, String dataFormat)
        implements LayerSpec {

    public static PoolingNdSpec parseMax1D(LayerConfig c) {
        return parse1D(c, Pooling2DSpec.Kind.MAX);
    }

    public static PoolingNdSpec parseAverage1D(LayerConfig c) {
        return parse1D(c, Pooling2DSpec.Kind.AVERAGE);
    }

    public static PoolingNdSpec parseMax3D(LayerConfig c) {
        return parse3D(c, Pooling2DSpec.Kind.MAX);
    }

    public static PoolingNdSpec parseAverage3D(LayerConfig c) {
        return parse3D(c, Pooling2DSpec.Kind.AVERAGE);
    }

    private static PoolingNdSpec parse1D(LayerConfig c, Pooling2DSpec.Kind kind) {
        int[] pool = c.intTuple(1, new int[] {2}, "pool_size", "pool_length");
        int[] strides = c.intTuple(1, pool, "strides", "stride");
        return build(c, kind, pool, strides);
    }

    private static PoolingNdSpec parse3D(LayerConfig c, Pooling2DSpec.Kind kind) {
        int[] pool = c.intTuple(3, new int[] {2, 2, 2}, "pool_size");
        int[] strides = c.intTuple(3, pool, "strides");
        return build(c, kind, pool, strides);
    }

    private static PoolingNdSpec build(LayerConfig c, Pooling2DSpec.Kind kind, int[] pool, int[] strides) {
        for (int i = 0; i < pool.length; i++) {
            if (pool[i] <= 0 || strides[i] <= 0) {
                throw new ConfigException("pool_size and strides must be positive");
            }
        }
        return new PoolingNdSpec(kind, pool, strides, c.padding(), c.dataFormat());
    }

    public int spatialRank() {
        return poolSize.length;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        String name = (kind == Pooling2DSpec.Kind.MAX ? "MaxPooling" : "AveragePooling") + spatialRank() + "D";
        Shape in = SpatialAxes.requireRank(inputs, name, spatialRank());
        int channels = in.dim(SpatialAxes.channelAxis(in.rank(), dataFormat));
        return List.of(SpatialAxes.slide(in, poolSize, padding, strides, SpatialAxes.ones(spatialRank()), channels, dataFormat));
    }
}
