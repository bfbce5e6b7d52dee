package io.kerasj.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import io.kerasj.ir.WeightSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keras {@code Bidirectional} around a SimpleRNN, LSTM or GRU: a forward copy and a backward copy
 * (the wrapped config with go_backwards flipped, or the config's {@code backward_layer}), named
 * {@code forward_<name>} and {@code backward_<name>} as Keras names them. Weights are the forward
 * layer's then the backward layer's, each under its layer's name ({@code forward_lstm/kernel}).
 * Outputs: the two sequences (the backward one re-reversed in time) merged by {@code merge_mode}
 * — or both, for None — followed by the forward then backward final states with return_state.
 */
public record BidirectionalSpec(RecurrentSpec forward, RecurrentSpec backward, String forwardName, String backwardName,
                                MergeMode mergeMode) implements LayerSpec {

    public enum MergeMode { SUM, MUL, CONCAT, AVE, NONE }

    public static BidirectionalSpec parse(LayerConfig c) {
        JsonNode layer = c.require("layer");
        RecurrentSpec forward = inner(c, layer, "layer");
        String name = layer.path("config").path("name").asText(c.layerName());
        RecurrentSpec backward;
        String backwardName = "backward_" + name;
        if (c.has("backward_layer")) {
            JsonNode b = c.require("backward_layer");
            backward = inner(c, b, "backward_layer");
            backwardName = b.path("config").path("name").asText(backwardName);
            if (backward.options().goBackwards() == forward.options().goBackwards()) {
                throw new ConfigException("Bidirectional backward_layer must run in the other direction (go_backwards)");
            }
        } else {
            backward = forward.reversed();
        }
        if (backward.options().returnSequences() != forward.options().returnSequences()
                || backward.options().returnState() != forward.options().returnState()) {
            throw new ConfigException("Bidirectional layers must agree on return_sequences and return_state");
        }
        return new BidirectionalSpec(forward, backward, "forward_" + name, backwardName, mergeMode(c));
    }

    private static RecurrentSpec inner(LayerConfig c, JsonNode layer, String key) {
        String cls = layer.path("class_name").asText("");
        JsonNode cfg = layer.get("config");
        if (!(cfg instanceof ObjectNode)) {
            throw new ConfigException("Bidirectional '" + key + "' has no config object");
        }
        if (!List.of("SimpleRNN", "LSTM", "GRU").contains(cls)) {
            throw new ConfigException("Bidirectional wraps SimpleRNN, LSTM or GRU in kerasj; '" + key + "' is '" + cls + "'");
        }
        LayerSpec spec = LayerRegistry.defaults().parse(new LayerConfig(cfg.path("name").asText(c.layerName()), cls, cfg,
                c.kerasMajor()));
        return (RecurrentSpec) spec;
    }

    private static MergeMode mergeMode(LayerConfig c) {
        JsonNode m = c.json().get("merge_mode");
        if (c.json().has("merge_mode") && (m == null || m.isNull())) {
            return MergeMode.NONE;
        }
        String s = c.stringValue("concat", "merge_mode").toUpperCase(Locale.ROOT);
        try {
            return MergeMode.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("merge_mode should be sum, mul, concat, ave or None, found " + s.toLowerCase(Locale.ROOT));
        }
    }

    /** Keras 3 serialises the wrapped layers as objects with a module; Keras 2 wrote {class_name, config}. */
    static void toKeras3Config(ObjectNode config) {
        for (String key : List.of("layer", "backward_layer")) {
            ConfigKeys.wrapKeras3Layer(config, key);
            if (config.path(key).get("config") instanceof ObjectNode c) {
                RecurrentOptions.toKeras3Config(c);
            }
        }
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        if (inputs.size() != 1) {
            throw new ShapeException("Bidirectional takes one input (initial states are not supported), got " + inputs.size());
        }
        List<Shape> f = forward.outputShapes(inputs);
        List<Shape> out = new ArrayList<>();
        Shape seq = f.get(0);
        switch (mergeMode) {
            case CONCAT -> out.add(seq.withDim(-1, 2 * seq.dim(-1)));
            case NONE -> {
                out.add(seq);
                out.add(seq);
            }
            default -> out.add(seq);
        }
        List<Shape> states = f.subList(1, f.size());
        out.addAll(states);
        out.addAll(states);
        return out;
    }

    @Override
    public List<WeightSpec> weights(List<Shape> inputs) {
        List<WeightSpec> out = new ArrayList<>();
        for (WeightSpec w : forward.weights(inputs)) {
            out.add(new WeightSpec(forwardName + "/" + w.name(), w.shape(), w.trainable()));
        }
        for (WeightSpec w : backward.weights(inputs)) {
            out.add(new WeightSpec(backwardName + "/" + w.name(), w.shape(), w.trainable()));
        }
        return out;
    }

    @Override
    public String detail() {
        return forward.kind() + " " + forward.detail() + " merge=" + mergeMode.name().toLowerCase(Locale.ROOT);
    }
}
