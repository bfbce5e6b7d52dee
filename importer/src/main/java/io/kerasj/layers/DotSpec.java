package io.kerasj.layers;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/**
 * Keras 2/3 {@code Dot}: {@code batch_dot} of two inputs over {@code axes} (one per input; negative
 * axes wrap), after L2-normalising each along its axis when {@code normalize} (cosine proximity).
 */
public record DotSpec(int[] axes, boolean normalize) implements LayerSpec {

    public static DotSpec parse(LayerConfig c) {
        JsonNode a = c.require("axes");
        int[] axes = a.isArray() ? c.tuple(a, 2, "axes") : new int[] {a.asInt(), a.asInt()};
        return new DotSpec(axes, c.boolValue(false, "normalize"));
    }

    public int axis(int i, int rank) {
        int a = Math.floorMod(axes[i], rank);
        if (a == 0) {
            throw new ShapeException("Dot cannot contract the batch axis");
        }
        return a;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        if (inputs.size() != 2) {
            throw new ShapeException("Dot takes exactly 2 inputs, got " + inputs.size());
        }
        Shape a = inputs.get(0);
        Shape b = inputs.get(1);
        return List.of(Keras1MergeSpec.dotShape(a, b, axis(0, a.rank()), axis(1, b.rank())));
    }
}
