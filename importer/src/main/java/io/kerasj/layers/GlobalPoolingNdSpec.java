package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import java.util.List;

/**
 * Keras {@code GlobalAveragePooling1D}/{@code GlobalMaxPooling1D} and their 3-D counterparts:
 * reduce every spatial axis, optionally keeping them as size 1 ({@code keepdims}).
 */
public record GlobalPoolingNdSpec(Pooling2DSpec.Kind kind, int spatialRank, String dataFormat, boolean keepDims)
        implements LayerSpec {

    public static GlobalPoolingNdSpec parse(LayerConfig c, Pooling2DSpec.Kind kind, int spatialRank) {
        return new GlobalPoolingNdSpec(kind, spatialRank, c.dataFormat(), c.boolValue(false, "keepdims"));
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        String name = "Global" + (kind == Pooling2DSpec.Kind.MAX ? "Max" : "Average") + "Pooling" + spatialRank + "D";
        Shape in = SpatialAxes.requireRank(inputs, name, spatialRank);
        int c = in.dim(SpatialAxes.channelAxis(in.rank(), dataFormat));
        if (keepDims) {
            return List.of(SpatialAxes.assemble(in.dim(0), SpatialAxes.ones(spatialRank), c, dataFormat));
        }
        return List.of(Shape.of(in.dim(0), c));
    }

    /** The spatial axes to reduce, for an input of rank spatialRank + 2. */
    public int[] reducedAxes() {
        int[] axes = new int[spatialRank];
        int first = SpatialAxes.firstSpatialAxis(dataFormat);
        for (int i = 0; i < spatialRank; i++) {
            axes[i] = first + i;
        }
        return axes;
    }
}
