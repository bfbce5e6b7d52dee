package io.kerasj.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import io.kerasj.ir.WeightSpec;
import java.util.List;

/**
 * Keras {@code TimeDistributed}: the wrapped layer applied to every time step, batch and time
 * folded into one axis. The weights are the wrapped layer's, under their own names, as Keras
 * stores them; the wrapped layer's name and class are kept for lowering and export.
 */
public record TimeDistributedSpec(LayerSpec inner, String innerClass, String innerName) implements LayerSpec {

    public static TimeDistributedSpec parse(LayerConfig c) {
        JsonNode layer = c.require("layer");
        String cls = layer.path("class_name").asText("");
        JsonNode cfg = layer.get("config");
        if (!(cfg instanceof ObjectNode)) {
            throw new ConfigException("TimeDistributed 'layer' has no config object");
        }
        String name = cfg.path("name").asText(c.layerName());
        LayerSpec inner = LayerRegistry.defaults().parse(new LayerConfig(name, cls, cfg, c.kerasMajor()));
        return new TimeDistributedSpec(inner, cls, name);
    }

    /** The shape one time step has for the wrapped layer: (batch·time, rest...). */
    public static Shape stepShape(Shape in) {
        int[] d = in.dims();
        int[] out = new int[d.length - 1];
        out[0] = Shape.UNKNOWN;
        System.arraycopy(d, 2, out, 1, d.length - 2);
        return Shape.of(out);
    }

    /** The wrapped layer's output for one step. */
    public Shape innerOutput(Shape in) {
        List<Shape> out = inner.outputShapes(List.of(stepShape(in)));
        if (out.size() != 1) {
            throw new ShapeException("TimeDistributed wraps single-output layers, " + innerClass + " has " + out.size());
        }
        return out.get(0);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = ShapeException.single(inputs, "TimeDistributed");
        if (in.rank() < 3) {
            throw new ShapeException("TimeDistributed expects (batch, time, ...), got " + in);
        }
        int[] inner = innerOutput(in).dims();
        int[] out = new int[inner.length + 1];
        out[0] = in.dim(0);
        out[1] = in.dim(1);
        System.arraycopy(inner, 1, out, 2, inner.length - 1);
        return List.of(Shape.of(out));
    }

    @Override
    public List<WeightSpec> weights(List<Shape> inputs) {
        return inner.weights(List.of(stepShape(inputs.get(0))));
    }

    @Override
    public String detail() {
        return innerClass + (inner.detail().isEmpty() ? "" : " " + inner.detail());
    }

    /** Keras 3 serialises the wrapped layer as an object with a module. */
    static void toKeras3Config(ObjectNode config) {
        ConfigKeys.wrapKeras3Layer(config, "layer");
    }
}
