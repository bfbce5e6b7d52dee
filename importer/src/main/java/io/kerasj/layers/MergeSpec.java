package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/**
 * Keras merge layers: {@code Add}, {@code Subtract}, {@code Multiply}, {@code Average},
 * {@code Maximum}, {@code Minimum} (element-wise, equal shapes) and {@code Concatenate} (axis).
 */
public record MergeSpec(Op op, int axis) implements LayerSpec {

    public enum Op { ADD, SUBTRACT, MULTIPLY, AVERAGE, MAXIMUM, MINIMUM, CONCATENATE }

    public static MergeSpec parseConcatenate(LayerConfig c) {
        return new MergeSpec(Op.CONCATENATE, c.intValue(-1, "axis", "concat_axis"));
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        if (inputs.size() < 2) {
            throw new ShapeException(op + " needs at least two inputs, got " + inputs.size());
        }
        if (op == Op.SUBTRACT && inputs.size() != 2) {
            throw new ShapeException("Subtract needs exactly two inputs, got " + inputs.size());
        }
        Shape first = inputs.get(0);
        if (op == Op.CONCATENATE) {
            int a = axis < 0 ? first.rank() + axis : axis;
            if (a <= 0 || a >= first.rank()) {
                throw new ShapeException("Concatenate axis " + axis + " does not fit " + first);
            }
            int total = 0;
            for (Shape s : inputs) {
                if (s.rank() != first.rank()) {
                    throw new ShapeException("Concatenate inputs differ in rank: " + inputs);
                }
                for (int i = 1; i < s.rank(); i++) {
                    if (i != a && s.dim(i) != first.dim(i)) {
                        throw new ShapeException("Concatenate inputs differ outside axis " + axis + ": " + inputs);
                    }
                }
                total = (total == Shape.UNKNOWN || s.dim(a) == Shape.UNKNOWN) ? Shape.UNKNOWN : total + s.dim(a);
            }
            return List.of(first.withDim(a, total));
        }
        for (Shape s : inputs) {
            if (!s.withBatch(Shape.UNKNOWN).equals(first.withBatch(Shape.UNKNOWN))) {
                throw new ShapeException(op + " inputs must have equal shapes, got " + inputs);
            }
        }
        return List.of(first);
    }
}
