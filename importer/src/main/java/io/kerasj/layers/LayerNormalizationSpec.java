package io.kerasj.layers;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import io.kerasj.ir.WeightSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Keras {@code LayerNormalization}: per sample, normalise over {@code axis} (one or several,
 * default -1) with the mean and biased variance, then scale by gamma and shift by beta, both
 * shaped like the normalised axes. Weight order gamma, beta; epsilon defaults to 1e-3.
 */
public record LayerNormalizationSpec(int[] axis, double epsilon, boolean center, boolean scale) implements LayerSpec {

    public static LayerNormalizationSpec parse(LayerConfig c) {
        int[] axis = {-1};
        JsonNode a = c.find("axis").orElse(null);
        if (a != null) {
            if (a.isArray()) {
                if (a.isEmpty()) {
                    throw new ConfigException("axis should name at least one axis");
                }
                axis = new int[a.size()];
                for (int i = 0; i < a.size(); i++) {
                    axis[i] = a.get(i).asInt();
                }
            } else {
                axis = new int[] {a.asInt()};
            }
        }
        if (c.boolValue(false, "rms_scaling")) {
            throw new ConfigException("rms_scaling=true is not supported");
        }
        return new LayerNormalizationSpec(axis, c.doubleValue(1e-3, "epsilon"), c.boolValue(true, "center"),
                c.boolValue(true, "scale"));
    }

    /** The normalised axes as sorted non-negative indices into a shape of the given rank. */
    public int[] resolvedAxes(int rank) {
        TreeSet<Integer> set = new TreeSet<>();
        for (int a : axis) {
            int r = a < 0 ? rank + a : a;
            if (r <= 0 || r >= rank || !set.add(r)) {
                throw new ShapeException("LayerNormalization axis " + java.util.Arrays.toString(axis)
                        + " does not fit a rank-" + rank + " input");
            }
        }
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = ShapeException.single(inputs, "LayerNormalization");
        resolvedAxes(in.rank());
        return List.of(in);
    }

    /** Shape of gamma and beta: the input's sizes on the normalised axes. */
    public int[] paramShape(Shape in) {
        int[] axes = resolvedAxes(in.rank());
        int[] dims = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            dims[i] = in.dim(axes[i]);
            if (dims[i] == Shape.UNKNOWN) {
                throw new ShapeException("LayerNormalization needs known sizes on its axes, got " + in);
            }
        }
        return dims;
    }

    @Override
    public List<WeightSpec> weights(List<Shape> inputs) {
        int[] dims = paramShape(inputs.get(0));
        List<WeightSpec> w = new ArrayList<>();
        if (scale) {
            w.add(WeightSpec.trainable("gamma", dims));
        }
        if (center) {
            w.add(WeightSpec.trainable("beta", dims));
        }
        return w;
    }
}
