package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/** Keras {@code UnitNormalization}: {@code x / sqrt(max(Σ x², 1e-12))} over {@code axis} (default -1) per sample. */
public record UnitNormalizationSpec(int[] axis) implements LayerSpec {

    public static UnitNormalizationSpec parse(LayerConfig c) {
        int[] axis = c.find("axis").map(a -> {
            if (!a.isArray()) {
                return new int[] {a.asInt()};
            }
            int[] out = new int[a.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = a.get(i).asInt();
            }
            return out;
        }).orElse(new int[] {-1});
        return new UnitNormalizationSpec(axis);
    }

    public int[] resolvedAxes(int rank) {
        int[] out = new int[axis.length];
        for (int i = 0; i < axis.length; i++) {
            out[i] = axis[i] < 0 ? rank + axis[i] : axis[i];
            if (out[i] <= 0 || out[i] >= rank) {
                throw new ShapeException("UnitNormalization axis " + java.util.Arrays.toString(axis) + " does not fit rank " + rank);
            }
        }
        return out;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = ShapeException.single(inputs, "UnitNormalization");
        resolvedAxes(in.rank());
        return List.of(in);
    }
}
