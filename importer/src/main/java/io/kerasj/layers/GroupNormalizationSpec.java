package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import io.kerasj.ir.WeightSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras {@code GroupNormalization}: the {@code axis} channels (default -1) are split into
 * {@code groups} consecutive blocks; each sample is normalised per block over the block's channels
 * and every other non-batch axis, then scaled and shifted per channel (gamma, beta). epsilon 1e-3.
 */
public record GroupNormalizationSpec(int groups, int axis, double epsilon, boolean center, boolean scale)
        implements LayerSpec {

    public static GroupNormalizationSpec parse(LayerConfig c) {
        int groups = c.intValue(32, "groups");
        if (groups <= 0) {
            throw new ConfigException("groups must be positive, found " + groups);
        }
        int axis = c.find("axis").map(a -> a.isArray() ? a.get(0).asInt() : a.asInt()).orElse(-1);
        return new GroupNormalizationSpec(groups, axis, c.doubleValue(1e-3, "epsilon"), c.boolValue(true, "center"),
                c.boolValue(true, "scale"));
    }

    public int resolvedAxis(int rank) {
        int a = axis < 0 ? rank + axis : axis;
        if (a <= 0 || a >= rank) {
            throw new ShapeException("GroupNormalization axis " + axis + " does not fit a rank-" + rank + " input");
        }
        return a;
    }

    private int channels(Shape in) {
        int c = in.dim(resolvedAxis(in.rank()));
        if (c == Shape.UNKNOWN) {
            throw new ShapeException("GroupNormalization needs a known size on axis " + axis + ", got " + in);
        }
        if (c % groups != 0 || c < groups) {
            throw new ShapeException("groups=" + groups + " must divide the " + c + " channels");
        }
        return c;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = ShapeException.single(inputs, "GroupNormalization");
        channels(in);
        return List.of(in);
    }

    @Override
    public List<WeightSpec> weights(List<Shape> inputs) {
        int c = channels(inputs.get(0));
        List<WeightSpec> w = new ArrayList<>();
        if (scale) {
            w.add(WeightSpec.trainable("gamma", c));
        }
        if (center) {
            w.add(WeightSpec.trainable("beta", c));
        }
        return w;
    }

    @Override
    public String detail() {
        return "groups=" + groups;
    }
}
