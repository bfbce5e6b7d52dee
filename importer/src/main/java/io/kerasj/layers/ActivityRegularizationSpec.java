package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/**
 * Keras {@code ActivityRegularization}: passes its input through and, in training, adds
 * {@code l1·Σ|x| + l2·Σx²} of its output to the loss.
 */
public record ActivityRegularizationSpec(double l1, double l2) implements LayerSpec {

    public static ActivityRegularizationSpec parse(LayerConfig c) {
        double l1 = c.doubleValue(0.0, "l1");
        double l2 = c.doubleValue(0.0, "l2");
        if (l1 < 0 || l2 < 0) {
            throw new ConfigException("l1 and l2 must be >= 0, found " + l1 + ", " + l2);
        }
        return new ActivityRegularizationSpec(l1, l2);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        return List.of(ShapeException.single(inputs, "ActivityRegularization"));
    }
}
