package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import io.kerasj.ir.WeightSpec;
import java.util.List;

/** Keras {@code PReLU}: a learned slope per element, shared along {@code shared_axes} (1-based). */
public record PReLUSpec(int[] sharedAxes) implements LayerSpec {

    public static PReLUSpec parse(LayerConfig c) {
        int[] shared = c.has("shared_axes")
                ? (c.require("shared_axes").isArray()
                    ? c.intList("shared_axes").stream().mapToInt(Integer::intValue).toArray()
                    : new int[] {c.requireInt("shared_axes")})
                : new int[0];
        return new PReLUSpec(shared);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        return List.of(ShapeException.single(inputs, "PReLU"));
    }

    @Override
    public List<WeightSpec> weights(List<Shape> inputs) {
        int[] dims = inputs.get(0).featureDims();
        for (int a : sharedAxes) {
            if (a < 1 || a > dims.length) {
                throw new ShapeException("PReLU shared axis " + a + " does not fit " + inputs.get(0));
            }
            dims[a - 1] = 1;
        }
        return List.of(WeightSpec.trainable("alpha", dims));
    }
}
