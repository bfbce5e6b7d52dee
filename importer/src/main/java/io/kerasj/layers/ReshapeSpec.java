package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/** Keras {@code Reshape}: a target shape without the batch dimension; one entry may be -1. */
public record ReshapeSpec(int[] targetShape) implements LayerSpec {

    public static ReshapeSpec parse(LayerConfig c) {
        List<Integer> t = c.intList("target_shape", "dims");
        return new ReshapeSpec(t.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = ShapeException.single(inputs, "Reshape");
        long size = in.featureSize();
        int[] out = new int[targetShape.length + 1];
        out[0] = in.dim(0);
        int unknownAt = -1;
        long known = 1;
        for (int i = 0; i < targetShape.length; i++) {
            if (targetShape[i] == -1) {
                if (unknownAt >= 0) {
                    throw new ShapeException("target_shape may contain only one -1");
                }
                unknownAt = i;
            } else {
                known *= targetShape[i];
            }
            out[i + 1] = targetShape[i];
        }
        if (size >= 0) {
            if (unknownAt >= 0) {
                if (known == 0 || size % known != 0) {
                    throw new ShapeException("cannot reshape " + size + " values into " + java.util.Arrays.toString(targetShape));
                }
                out[unknownAt + 1] = (int) (size / known);
            } else if (known != size) {
                throw new ShapeException("cannot reshape " + in + " (" + size + " values) into "
                        + java.util.Arrays.toString(targetShape) + " (" + known + " values)");
            }
        }
        return List.of(Shape.of(out));
    }
}
