package io.kerasj.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerasj.ir.TensorRef;
import io.kerasj.layers.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the connection lists of functional model configs in both forms Keras has written:
 * Keras 1/2 {@code [[["layer", node, tensor, {kwargs}], ...], ...]} and Keras 3
 * {@code [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": [...]}}], "kwargs": {}}]}.
 */
final class InboundNodes {
    private InboundNodes() {
    }

    static List<List<TensorRef>> parse(JsonNode nodes) {
        List<List<TensorRef>> calls = new ArrayList<>();
        if (nodes == null || nodes.isNull()) {
            return calls;
        }
        if (!nodes.isArray()) {
            throw new ConfigException("inbound_nodes should be a list, found " + abbreviate(nodes));
        }
        for (JsonNode node : nodes) {
            List<TensorRef> inputs = new ArrayList<>();
            if (node.isObject()) {
                collectKerasTensors(node.get("args"), inputs);
            } else if (node.isArray()) {
                for (JsonNode entry : node) {
                    inputs.add(ref(entry));
                }
            } else {
                throw new ConfigException("an inbound node should be a list or object, found " + abbreviate(node));
            }
            calls.add(inputs);
        }
        return calls;
    }

    /** {@code input_layers} / {@code output_layers}: a list of triples, or one bare triple. */
    static List<TensorRef> endpoints(JsonNode v) {
        List<TensorRef> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            throw new ConfigException("missing");
        }
        if (v.isArray() && v.size() > 0 && v.get(0).isTextual()) {
            out.add(ref(v));
            return out;
        }
        for (JsonNode e : v) {
            out.add(ref(e));
        }
        return out;
    }

    private static void collectKerasTensors(JsonNode v, List<TensorRef> out) {
        if (v == null || v.isNull()) {
            return;
        }
        if (v.isObject() && "__keras_tensor__".equals(v.path("class_name").asText())) {
            out.add(ref(v.path("config").get("keras_history")));
        } else if (v.isArray()) {
            for (JsonNode e : v) {
                collectKerasTensors(e, out);
            }
        }
    }

    private static TensorRef ref(JsonNode triple) {
        if (triple == null || !triple.isArray() || triple.size() < 3 || !triple.get(0).isTextual()
                || !triple.get(1).isIntegralNumber() || !triple.get(2).isIntegralNumber()) {
            throw new ConfigException("a connection should be [layer_name, node_index, tensor_index], found " + abbreviate(triple));
        }
        if (triple.get(0).asText().isEmpty() || !triple.get(1).canConvertToInt() || !triple.get(2).canConvertToInt()
                || triple.get(1).asInt() < 0 || triple.get(2).asInt() < 0) {
            throw new ConfigException("a connection should name a layer and give non-negative node and tensor indices, "
                    + "found " + abbreviate(triple));
        }
        return new TensorRef(triple.get(0).asText(), triple.get(1).asInt(), triple.get(2).asInt());
    }

    private static String abbreviate(JsonNode v) {
        String s = String.valueOf(v);
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
