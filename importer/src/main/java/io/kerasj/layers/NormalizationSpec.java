package io.kerasj.layers;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/**
 * Keras' preprocessing {@code Normalization} with the mean and variance given in its config:
 * {@code (x - mean) / max(sqrt(variance), 1e-7)} ({@code invert}: {@code mean + x·max(...)}), the
 * statistics broadcast along {@code axis} (default -1). A layer whose statistics were learnt by
 * {@code adapt()} stores them as variables next to an integer {@code count}; that form is refused.
 */
public record NormalizationSpec(int[] axis, double[] mean, double[] variance, boolean invert) implements LayerSpec {

    public static NormalizationSpec parse(LayerConfig c) {
        JsonNode m = c.find("mean").orElse(null);
        JsonNode v = c.find("variance").orElse(null);
        if (m == null || v == null) {
            throw new ConfigException("Normalization with adapted (stored) statistics is not supported; "
                    + "only mean and variance given in the config are");
        }
        int[] axis = {-1};
        JsonNode a = c.find("axis").orElse(null);
        if (a != null && a.isArray()) {
            axis = new int[a.size()];
            for (int i = 0; i < axis.length; i++) {
                axis[i] = a.get(i).asInt();
            }
        } else if (a != null) {
            axis = new int[] {a.asInt()};
        }
        double[] mean = values(m, "mean");
        double[] variance = values(v, "variance");
        if (mean.length != variance.length) {
            throw new ConfigException("mean has " + mean.length + " values, variance " + variance.length);
        }
        return new NormalizationSpec(axis, mean, variance, c.boolValue(false, "invert"));
    }

    private static double[] values(JsonNode n, String key) {
        if (n.isNumber()) {
            return new double[] {n.asDouble()};
        }
        java.util.List<Double> out = new java.util.ArrayList<>();
        flatten(n, key, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void flatten(JsonNode n, String key, java.util.List<Double> out) {
        if (n.isArray()) {
            n.forEach(e -> flatten(e, key, out));
        } else if (n.isNumber()) {
            out.add(n.asDouble());
        } else {
            throw new ConfigException("'" + key + "' should hold numbers, found " + n);
        }
    }

    /** The broadcast shape of the statistics for an input of the given shape (kept axes' sizes, 1 elsewhere). */
    public int[] broadcastShape(Shape in) {
        int[] b = new int[in.rank()];
        java.util.Arrays.fill(b, 1);
        if (mean.length == 1) {
            return b;
        }
        long n = 1;
        for (int ax : axis) {
            int r = ax < 0 ? in.rank() + ax : ax;
            if (r <= 0 || r >= in.rank() || in.dim(r) == Shape.UNKNOWN) {
                throw new ShapeException("Normalization axis " + ax + " does not fit " + in);
            }
            b[r] = in.dim(r);
            n *= in.dim(r);
        }
        if (n != mean.length) {
            throw new ShapeException("Normalization has " + mean.length + " statistics, the axes of " + in + " need " + n);
        }
        return b;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = ShapeException.single(inputs, "Normalization");
        broadcastShape(in);
        return List.of(in);
    }
}
