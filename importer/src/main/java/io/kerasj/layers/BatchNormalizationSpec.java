package io.kerasj.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import io.kerasj.ir.WeightSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras {@code BatchNormalization} over one axis. Weight order is Keras': gamma (if scale), beta
 * (if center), moving_mean, moving_variance; the moving statistics are never trainable.
 */
public record BatchNormalizationSpec(int axis, double epsilon, double momentum, boolean center, boolean scale)
        implements LayerSpec {
    // tf.keras options Keras 3 has no counterpart for (only their defaults are convertible)
    private static final Map<String, JsonNode> KERAS2_ONLY = Map.of(
            "renorm", JsonNodeFactory.instance.booleanNode(false), "renorm_clipping", JsonNodeFactory.instance.nullNode(),
            "renorm_momentum", JsonNodeFactory.instance.nullNode(), "virtual_batch_size", JsonNodeFactory.instance.nullNode(),
            "adjustment", JsonNodeFactory.instance.nullNode(), "fused", JsonNodeFactory.instance.nullNode());

    public static BatchNormalizationSpec parse(LayerConfig c) {
        int axis = -1;
        JsonNode a = c.find("axis").orElse(null);
        if (a != null) {
            if (a.isArray()) {
                if (a.size() != 1) {
                    throw new ConfigException("BatchNormalization over several axes " + a + " is not supported");
                }
                axis = a.get(0).asInt();
            } else {
                axis = a.asInt();
            }
        }
        int mode = c.intValue(0, "mode");
        if (mode != 0) {
            throw new ConfigException("Keras 1 BatchNormalization mode=" + mode + " is not supported (only mode 0)");
        }
        return new BatchNormalizationSpec(axis, c.doubleValue(1e-3, "epsilon"), c.doubleValue(0.99, "momentum"),
                c.boolValue(true, "center"), c.boolValue(true, "scale"));
    }

    /** The normalised axis as a non-negative index into a shape of the given rank. */
    public int resolvedAxis(int rank) {
        int a = axis < 0 ? rank + axis : axis;
        if (a <= 0 || a >= rank) {
            throw new ShapeException("BatchNormalization axis " + axis + " does not fit a rank-" + rank + " input");
        }
        return a;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = ShapeException.single(inputs, "BatchNormalization");
        resolvedAxis(in.rank());
        return List.of(in);
    }

    @Override
    public List<WeightSpec> weights(List<Shape> inputs) {
        Shape in = inputs.get(0);
        int n = in.dim(resolvedAxis(in.rank()));
        if (n == Shape.UNKNOWN) {
            throw new ShapeException("BatchNormalization needs a known size on axis " + axis + ", got " + in);
        }
        List<WeightSpec> w = new ArrayList<>();
        if (scale) {
            w.add(WeightSpec.trainable("gamma", n));
        }
        if (center) {
            w.add(WeightSpec.trainable("beta", n));
        }
        w.add(WeightSpec.fixed("moving_mean", n));
        w.add(WeightSpec.fixed("moving_variance", n));
        return w;
    }

    /** Keras 3's config: one int axis, no tf.keras-only options (refused unless at their defaults), {@code synchronized}. */
    static void toKeras3Config(ObjectNode out) {
        JsonNode axis = out.get("axis");
        if (axis != null && axis.isArray()) {
            if (axis.size() != 1) {
                throw new ConfigException("BatchNormalization over several axes " + axis + " has no Keras 3 equivalent");
            }
            out.set("axis", axis.get(0));
        }
        for (Map.Entry<String, JsonNode> e : KERAS2_ONLY.entrySet()) {
            JsonNode v = out.remove(e.getKey());
            boolean isDefault = v == null || v.isNull() || v.equals(e.getValue()) || e.getKey().equals("fused");
            if (!isDefault) {
                throw new ConfigException("BatchNormalization " + e.getKey() + "=" + v + " has no Keras 3 equivalent");
            }
        }
        if (!out.has("synchronized")) {
            out.put("synchronized", false);
        }
    }
}
