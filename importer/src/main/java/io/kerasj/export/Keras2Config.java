package io.kerasj.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Node;
import io.kerasj.ir.TensorRef;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A model's config in the object form tf.keras 2.x writes ({@code {class_name, config: {name,
 * layers, ...}}}). Keras up to 2.2 wrote a Sequential's config as a bare list of layers; writers
 * that need the object form (SavedModel's {@code keras_metadata.pb}) get it wrapped here. A model
 * that carries no config at all (built in code rather than imported) gets one generated from its
 * layers' own configs and calls.
 */
public final class Keras2Config {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Keras2Config() {
    }

    /** The model config in object form; the model's own config when it already is. */
    public static ObjectNode of(KerasModel model) {
        JsonNode raw = model.modelConfig();
        if (raw == null || !raw.isObject() || !raw.path("class_name").isTextual()) {
            return generated(model);
        }
        return (ObjectNode) objectForm(raw, model.name());
    }

    /** Rewrites list-form Sequential configs, here and in nested models, as {@code {name, layers}}. */
    private static JsonNode objectForm(JsonNode node, String name) {
        if (node.isArray()) {
            ArrayNode out = F.arrayNode();
            node.forEach(n -> out.add(objectForm(n, null)));
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode out = F.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.set(e.getKey(), objectForm(e.getValue(), null));
        }
        JsonNode cfg = out.get("config");
        if ("Sequential".equals(out.path("class_name").asText()) && cfg != null && cfg.isArray()) {
            ObjectNode wrapped = F.objectNode();
            // a nested Sequential is named by its layer entry; the top level by the model
            wrapped.put("name", name != null ? name : out.path("name").asText("sequential"));
            wrapped.set("layers", cfg);
            out.set("config", wrapped);
        }
        return out;
    }

    private static ObjectNode generated(KerasModel model) {
        boolean sequential = "Sequential".equals(model.modelClass());
        ObjectNode cfg = F.objectNode();
        cfg.put("name", model.name());
        ArrayNode layers = cfg.putArray("layers");
        for (Layer l : model.layers()) {
            layers.add(layer(l, !sequential));
        }
        if (!sequential) {
            cfg.set("input_layers", endpoints(model.inputs()));
            cfg.set("output_layers", endpoints(model.outputs()));
        }
        ObjectNode out = F.objectNode();
        out.put("class_name", sequential ? "Sequential" : "Functional");
        out.set("config", cfg);
        return out;
    }

    private static ObjectNode layer(Layer l, boolean withCalls) {
        JsonNode raw = l.rawConfig();
        JsonNode layerCfg = raw == null ? null : raw.get("config");
        ObjectNode o = F.objectNode();
        o.put("class_name", l.className());
        ObjectNode c = layerCfg != null && layerCfg.isObject() ? (ObjectNode) objectForm(layerCfg, null) : F.objectNode();
        c.put("name", l.name());
        if (c.has("trainable") || !l.trainable()) { // InputLayer configs carry no trainable flag
            c.put("trainable", l.trainable());
        }
        o.set("config", c);
        if (withCalls) { // a Functional's entries are named and say what they were called on; a Sequential's are not
            o.put("name", l.name());
            ArrayNode calls = o.putArray("inbound_nodes");
            for (Node n : l.nodes()) {
                if (!n.inputs().isEmpty()) {
                    calls.add(refs(n.inputs(), true));
                }
            }
        }
        return o;
    }

    private static ArrayNode endpoints(List<TensorRef> refs) {
        return refs(refs, false);
    }

    /** Keras' {@code [layer, node_index, tensor_index(, kwargs)]} lists. */
    private static ArrayNode refs(List<TensorRef> refs, boolean kwargs) {
        ArrayNode a = F.arrayNode();
        for (TensorRef r : refs) {
            ArrayNode t = a.addArray().add(r.layer()).add(r.nodeIndex()).add(r.tensorIndex());
            if (kwargs) {
                t.addObject();
            }
        }
        return a;
    }
}
