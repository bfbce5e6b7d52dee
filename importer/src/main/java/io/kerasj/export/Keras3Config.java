package io.kerasj.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.config.KerasConventions;
import io.kerasj.config.NestedModelSpec;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Node;
import io.kerasj.ir.Shape;
import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.TensorRef;
import io.kerasj.layers.ConfigException;
import io.kerasj.layers.ConfigKeys;
import io.kerasj.layers.EmbeddingSpec;
import io.kerasj.layers.InputLayerSpec;
import io.kerasj.layers.LayerKind;
import io.kerasj.layers.LayerRegistry;
import io.kerasj.layers.LayerType;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Converts a model's Keras 1/2 config into Keras 3's {@code config.json} serialization: every object
 * as {@code {module, class_name, config, registered_name}}, layer dtypes as {@code DTypePolicy},
 * Functional inbound nodes as {@code {args: [__keras_tensor__...], kwargs}}, InputLayer
 * {@code batch_shape}, Lambda functions as {@code __lambda__} (bytecode strings carried over
 * unchanged), {@code build_config} for layers that Keras 3 builds lazily. Configs already in Keras 3
 * form (they have a {@code module}) are kept as they are.
 */
final class Keras3Config {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    // a layer class no kind answers to (a model built in code): Keras 1 keys renamed as for built-ins
    private static final LayerType<?> UNKNOWN_KIND = LayerKind.of(LayerSpec.class, c -> null, "?")
            .withKeras1Keys(ConfigKeys.KERAS1_KEYS);

    private final int kerasMajor;

    private Keras3Config(int kerasMajor) {
        this.kerasMajor = kerasMajor;
    }

    /** The serialized model: the whole {@code config.json} object. */
    static ObjectNode of(KerasModel model) {
        return new Keras3Config(model.source() == null ? 0 : model.source().kerasMajor()).model(model);
    }

    private ObjectNode model(KerasModel m) {
        JsonNode raw = m.modelConfig();
        JsonNode rawCfg = raw == null ? null : raw.get("config");
        boolean trainable = rawCfg == null || !rawCfg.isObject() || !rawCfg.has("trainable") || rawCfg.get("trainable").asBoolean(true);
        boolean sequential = "Sequential".equals(m.modelClass());
        ObjectNode cfg = F.objectNode();
        cfg.put("name", m.name());
        cfg.put("trainable", trainable);
        ArrayNode layers = F.arrayNode();
        for (Layer l : m.layers()) {
            layers.add(layer(m, l, !sequential));
        }
        ObjectNode out = F.objectNode();
        if (sequential) {
            cfg.set("dtype", policy(F.textNode("float32")));
            cfg.set("layers", layers);
            cfg.set("build_input_shape", shape(m.inputShapes().get(0)));
            out.put("module", "keras");
            out.put("class_name", "Sequential");
            out.set("config", cfg);
            out.putNull("registered_name");
            out.set("build_config", F.objectNode().set("input_shape", shape(m.inputShapes().get(0))));
        } else {
            cfg.set("layers", layers);
            cfg.set("input_layers", endpoints(rawCfg, "input_layers", m.inputs()));
            cfg.set("output_layers", endpoints(rawCfg, "output_layers", m.outputs()));
            out.put("module", "keras.src.models.functional");
            out.put("class_name", "Functional");
            out.set("config", cfg);
            out.put("registered_name", "Functional");
            out.set("build_config", F.objectNode().putNull("input_shape"));
        }
        return out;
    }

    private ObjectNode layer(KerasModel m, Layer l, boolean functional) {
        ObjectNode out;
        if (l.spec() instanceof NestedModelSpec nested) {
            out = model(nested.inner());
        } else {
            JsonNode raw = l.rawConfig();
            out = F.objectNode();
            if (raw != null && raw.has("module")) {
                // already Keras 3 serialization: keep it, minus the functional wiring re-added below
                out.setAll((ObjectNode) raw.deepCopy());
                out.remove("name");
                out.remove("inbound_nodes");
            } else {
                LayerType<?> kind = LayerRegistry.defaults().find(l.className()).orElse(UNKNOWN_KIND);
                String cls = Keras3Conversions.className(l);
                JsonNode cfg = raw == null ? null : raw.get("config");
                out.put("module", "keras.layers");
                out.put("class_name", cls);
                out.set("config", config(kind, l, cfg == null || !cfg.isObject() ? F.objectNode() : (ObjectNode) cfg));
                out.putNull("registered_name");
                if (!kind.builtAtInit() && !l.node().inputs().isEmpty()) {
                    out.set("build_config", F.objectNode().set("input_shape", inputShape(l.node())));
                }
            }
        }
        if (functional) {
            out.put("name", l.name());
            ArrayNode nodes = F.arrayNode();
            JsonNode rawNodes = l.rawConfig() == null ? null : l.rawConfig().get("inbound_nodes");
            for (int i = 0; i < l.nodes().size(); i++) {
                Node n = l.nodes().get(i);
                if (!n.inputs().isEmpty()) {
                    nodes.add(node(n, rawNodes == null ? null : rawNodes.get(i)));
                }
            }
            out.set("inbound_nodes", nodes);
        }
        return out;
    }

    /** One call: a single tensor argument, or a list of them for multi-input layers (Keras' unpack_singleton). */
    private ObjectNode node(Node n, JsonNode rawNode) {
        ArrayNode args = F.arrayNode();
        if (n.inputs().size() == 1) {
            args.add(kerasTensor(n.inputs().get(0), n.inputShapes().get(0)));
        } else {
            ArrayNode list = args.addArray();
            for (int i = 0; i < n.inputs().size(); i++) {
                list.add(kerasTensor(n.inputs().get(i), n.inputShapes().get(i)));
            }
        }
        ObjectNode out = F.objectNode();
        out.set("args", args);
        out.set("kwargs", callKwargs(rawNode));
        return out;
    }

    /** Keras 2 keeps call kwargs as a node entry's 4th element; Keras 3 form already has "kwargs". */
    private static JsonNode callKwargs(JsonNode rawNode) {
        if (rawNode != null && rawNode.isObject() && rawNode.get("kwargs") != null && rawNode.get("kwargs").isObject()) {
            return rawNode.get("kwargs").deepCopy();
        }
        if (rawNode != null && rawNode.isArray() && !rawNode.isEmpty()) {
            JsonNode last = rawNode.get(rawNode.size() - 1);
            if (last.isArray() && last.size() == 4 && last.get(3).isObject()) {
                return last.get(3).deepCopy();
            }
        }
        return F.objectNode();
    }

    private static ObjectNode kerasTensor(TensorRef ref, Shape shape) {
        ObjectNode cfg = F.objectNode();
        cfg.set("shape", shape(shape));
        cfg.put("dtype", "float32");
        cfg.set("keras_history", F.arrayNode().add(ref.layer()).add(ref.nodeIndex()).add(ref.tensorIndex()));
        ObjectNode out = F.objectNode();
        out.put("class_name", "__keras_tensor__");
        out.set("config", cfg);
        return out;
    }

    private static JsonNode endpoints(JsonNode rawCfg, String key, List<TensorRef> refs) {
        if (rawCfg != null && rawCfg.isObject() && rawCfg.has(key) && !rawCfg.get(key).isNull()) {
            JsonNode v = rawCfg.get(key).deepCopy();
            if (v.isArray() && v.size() == 3 && v.get(0).isTextual()) {
                return F.arrayNode().add(v); // Keras 3 wrote a single tensor unnested: keep one form
            }
            return v;
        }
        ArrayNode out = F.arrayNode();
        for (TensorRef r : refs) {
            out.addArray().add(r.layer()).add(r.nodeIndex()).add(r.tensorIndex());
        }
        return out;
    }

    private ObjectNode config(LayerType<?> kind, Layer l, ObjectNode raw) {
        ObjectNode src = kerasMajor == 1 ? keras1Keys(kind, raw) : raw;
        if (l.spec() instanceof InputLayerSpec) {
            return inputLayer(l, src);
        }
        ObjectNode out = F.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = src.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            switch (k) {
                case "batch_input_shape", "input_shape", "batch_size", "input_dtype", "input_length" -> {
                    // the model's InputLayer carries the input shape in Keras 3
                }
                case "input_dim" -> {
                    // Embedding's vocabulary size; elsewhere a Keras 1 input shape the InputLayer carries
                    if (l.spec() instanceof EmbeddingSpec) {
                        out.set(k, v.deepCopy());
                    }
                }
                case "dtype" -> out.set(k, policy(v));
                default -> out.set(k, subObject(k, v));
            }
        }
        if (!out.has("name")) {
            out.put("name", l.name());
        }
        if (kerasMajor < 3) {
            refuseRedefinedActivations(l, out);
        }
        try {
            kind.toKeras3Config(out);
            Keras3Conversions.config(l, out);
        } catch (ConfigException e) {
            throw new ExportException("layer " + l.name() + ": " + e.getMessage());
        }
        return out;
    }

    /**
     * Keras 3 redefined hard_sigmoid (relu6(x + 3) / 6, where Keras 1/2 computed clip(0.2x + 0.5, 0, 1))
     * and has no built-in with the old slope, so a Keras 1/2 layer using it would compute something
     * else once loaded by Keras 3 (LSTM/GRU recurrent_activation is the common case).
     */
    private static void refuseRedefinedActivations(Layer l, ObjectNode out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = out.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().path("config") instanceof ObjectNode wrapped) {
                refuseRedefinedActivations(l, wrapped); // a wrapped layer (Bidirectional's)
            }
            if (e.getKey().endsWith("activation") && e.getValue().isTextual() && e.getValue().asText().equals("hard_sigmoid")) {
                throw new ExportException("layer " + l.name() + ": " + e.getKey() + "=hard_sigmoid means clip(0.2x + 0.5, 0, 1)"
                        + " in Keras 1/2 but relu6(x + 3) / 6 in Keras 3, which has no built-in equal to the old one;"
                        + " a .keras file would compute different results, so export this model as .h5");
            }
        }
    }

    private ObjectNode inputLayer(Layer l, ObjectNode raw) {
        ObjectNode out = F.objectNode();
        Shape s = l.outputShape();
        out.set("batch_shape", shape(s));
        JsonNode dtype = raw.get("dtype");
        out.put("dtype", dtype != null && dtype.isTextual() ? dtype.asText() : "float32");
        out.put("sparse", raw.path("sparse").asBoolean(false));
        out.put("ragged", raw.path("ragged").asBoolean(false));
        out.put("name", l.name());
        out.put("optional", false);
        return out;
    }

    /** Keras 2 sub-objects ({class_name, config}) gain Keras 3's module and registered_name. */
    private static JsonNode subObject(String key, JsonNode v) {
        if (!v.isObject() || !v.has("class_name") || !v.has("config") || v.has("module")) {
            return v.deepCopy();
        }
        String module = key.endsWith("_initializer") ? "keras.initializers"
                : key.endsWith("_regularizer") ? "keras.regularizers"
                : key.endsWith("_constraint") ? "keras.constraints" : null;
        if (module == null) {
            return v.deepCopy();
        }
        ObjectNode out = F.objectNode();
        out.put("module", module);
        out.set("class_name", v.get("class_name"));
        out.set("config", v.get("config").deepCopy());
        out.putNull("registered_name");
        return out;
    }

    /** Keras 3's DTypePolicy object for a Keras 2 dtype string or mixed-precision Policy object. */
    private static JsonNode policy(JsonNode dtype) {
        if (dtype != null && dtype.isObject() && dtype.has("module")) {
            return dtype.deepCopy();
        }
        String name = "float32";
        if (dtype != null && dtype.isTextual()) {
            name = dtype.asText();
        } else if (dtype != null && dtype.isObject() && dtype.path("config").path("name").isTextual()) {
            name = dtype.get("config").get("name").asText();
        }
        ObjectNode out = F.objectNode();
        out.put("module", "keras");
        out.put("class_name", "DTypePolicy");
        out.set("config", F.objectNode().put("name", name));
        out.putNull("registered_name");
        return out;
    }

    private static ObjectNode keras1Keys(LayerType<?> kind, ObjectNode raw) {
        ObjectNode out = F.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = raw.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            switch (e.getKey()) {
                case "nb_row", "nb_col" -> {
                    if (!out.has("kernel_size")) {
                        out.set("kernel_size", F.arrayNode().add(raw.path("nb_row").asInt()).add(raw.path("nb_col").asInt()));
                    }
                }
                case "kernel_dim1", "kernel_dim2", "kernel_dim3" -> {
                    if (!out.has("kernel_size")) {
                        out.set("kernel_size", F.arrayNode().add(raw.path("kernel_dim1").asInt())
                                .add(raw.path("kernel_dim2").asInt()).add(raw.path("kernel_dim3").asInt()));
                    }
                }
                case "dim_ordering" -> out.put("data_format", e.getValue().asText().equals("th") ? "channels_first" : "channels_last");
                case "mode" -> {
                    // Keras 1 BatchNormalization mode 0 is Keras 2's only behaviour
                }
                default -> out.set(kind.keras1Keys().getOrDefault(e.getKey(), e.getKey()), e.getValue().deepCopy());
            }
        }
        return out;
    }

    private static JsonNode inputShape(Node n) {
        if (n.inputShapes().size() == 1) {
            return shape(n.inputShapes().get(0));
        }
        ArrayNode out = F.arrayNode();
        for (Shape s : n.inputShapes()) {
            out.add(shape(s));
        }
        return out;
    }

    private static ArrayNode shape(Shape s) {
        ArrayNode out = F.arrayNode();
        for (Integer d : s.toList()) {
            if (d == null) {
                out.addNull();
            } else {
                out.add(d);
            }
        }
        return out;
    }
}
