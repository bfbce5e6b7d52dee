package io.kerasj.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.ir.ImportProblem;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.LayerDecl;
import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.ModelGraphBuilder;
import io.kerasj.ir.SourceInfo;
import io.kerasj.ir.TensorRef;
import io.kerasj.layers.ConfigException;
import io.kerasj.layers.InputLayerSpec;
import io.kerasj.layers.LayerConfig;
import io.kerasj.layers.LayerRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a Keras model config — the {@code model_config} attribute, {@code model.to_json()} or a
 * Keras 3 {@code config.json} — into a weightless {@link KerasModel}. Handles Sequential (list or
 * dict form, implicit input), Functional/Model (Keras 2 and Keras 3 inbound-node forms) and
 * models nested as layers. Every unsupported or malformed layer is reported in one exception.
 */
public final class ModelConfigParser {
    private static final Set<String> MODEL_CLASSES = Set.of("Sequential", "Functional", "Model");
    private static final int MAX_NESTING = 16;

    private final LayerRegistry registry;
    private final Path source;
    private final SourceInfo sourceInfo;

    public ModelConfigParser(LayerRegistry registry, Path source, SourceInfo sourceInfo) {
        this.registry = registry;
        this.source = source;
        this.sourceInfo = sourceInfo;
    }

    public static KerasModel parse(String json, Path source, SourceInfo info) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new KerasImportException(source, "the model config is not valid JSON: " + e.getMessage(), e);
        }
        return new ModelConfigParser(LayerRegistry.defaults(), source, info).parse(root);
    }

    /**
     * The model described by {@code root}. Every failure is a {@link KerasImportException} naming
     * the file: anything else escaping the layer parsers is a config we failed to anticipate, and
     * is reported as malformed rather than thrown raw.
     */
    public KerasModel parse(JsonNode root) {
        try {
            return parseModel(root, 0);
        } catch (KerasImportException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new KerasImportException(source, "the model config is malformed (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e instanceof Error ? null : e);
        }
    }

    private KerasModel parseModel(JsonNode root, int depth) {
        if (depth > MAX_NESTING) {
            throw new KerasImportException(source, null, "models nested deeper than " + MAX_NESTING + " levels");
        }
        if (root != null && root.isObject() && !root.has("class_name") && root.path("model_config").isObject()) {
            // h5 attributes and training-config dumps wrap the model config
            return parseModel(root.get("model_config"), depth + 1);
        }
        if (root == null || !root.isObject() || !root.has("class_name")) {
            throw new KerasImportException(source, null, notAConfig(root));
        }
        String cls = root.get("class_name").asText();
        JsonNode config = root.get("config");
        if (config == null || config.isNull()) {
            throw new KerasImportException(source, null, "the model config has no 'config' object");
        }
        if (cls.equals("Sequential")) {
            return parseSequential(root, config, depth);
        }
        if (cls.equals("Functional") || cls.equals("Model")) {
            return parseFunctional(root, cls, config, depth);
        }
        throw new KerasImportException(source, null, "model class '" + cls
                + "' is not a Sequential or Functional model; subclassed models need the SavedModel format");
    }

    /** Says what a JSON document without {@code class_name} is, and what to give instead. */
    private static String notAConfig(JsonNode root) {
        String expected = "expected model.to_json() output: {\"class_name\": \"Sequential\" | \"Functional\", \"config\": {...}}";
        if (root == null || !root.isObject()) {
            return "the model config is not a JSON object; " + expected;
        }
        if (root.has("modelTopology")) {
            return "this is a TensorFlow.js model.json (tensorflowjs_converter output), not a Keras config; give the"
                    + " Keras .h5/.keras it was converted from, or its modelTopology.model_config as a JSON file";
        }
        if (root.has("keras_class_name") && root.path("layers").isArray()) {
            return "this is the oracle's description of a model (layer shapes and parameter counts), not a Keras config;"
                    + " the Keras config of the same model is keras2_config.json beside it";
        }
        List<String> keys = new ArrayList<>();
        root.fieldNames().forEachRemaining(keys::add);
        return "the JSON has no class_name (its keys: " + String.join(", ", keys.subList(0, Math.min(8, keys.size())))
                + (keys.size() > 8 ? ", ..." : "") + "); " + expected;
    }

    private KerasModel parseSequential(JsonNode root, JsonNode config, int depth) {
        // Keras <= 2.2.2 wrote the layer list directly; later versions a dict with "layers"
        JsonNode layers = config.isArray() ? config : config.get("layers");
        String name = config.isObject() && config.has("name") ? config.get("name").asText() : "sequential";
        if (layers == null || !layers.isArray() || layers.isEmpty()) {
            throw new KerasImportException(source, null, "Sequential model '" + name + "' has no layers");
        }
        ModelGraphBuilder b = builder(root, name, "Sequential");
        List<ImportProblem> problems = new ArrayList<>();
        TensorRef previous = null;
        int index = 0;
        for (JsonNode layerJson : layers) {
            String cls = text(layerJson, "class_name");
            JsonNode cfg = layerJson.get("config");
            String layerName = nonEmpty(KerasConventions.layerName(layerJson, cls, index), cls, index, problems);
            if (index == 0 && !"InputLayer".equals(cls)) {
                previous = implicitInput(b, cfg, layerName, problems);
            }
            LayerSpec spec = parseLayer(cls, layerName, cfg, problems, index, depth);
            List<List<TensorRef>> calls = previous == null ? List.of() : List.of(List.of(previous));
            b.add(new LayerDecl(layerName, cls, trainable(cfg), spec, calls, layerJson));
            previous = TensorRef.of(layerName);
            if (index == 0 && "InputLayer".equals(cls)) {
                b.input(previous);
            }
            index++;
        }
        throwIfAny(problems);
        b.output(previous);
        return b.build();
    }

    /** Keras builds Sequential's input from the first layer's batch_input_shape / input_dim. */
    private TensorRef implicitInput(ModelGraphBuilder b, JsonNode cfg, String firstLayer, List<ImportProblem> problems) {
        ObjectNode inputCfg = new ObjectMapper().createObjectNode();
        if (cfg != null && cfg.has("batch_input_shape")) {
            inputCfg.set("batch_input_shape", cfg.get("batch_input_shape"));
        } else if (cfg != null && cfg.has("batch_shape")) {
            inputCfg.set("batch_shape", cfg.get("batch_shape"));
        } else if (cfg != null && cfg.has("input_shape")) {
            inputCfg.set("input_shape", cfg.get("input_shape"));
        } else if (cfg != null && cfg.has("input_dim") && !cfg.get("input_dim").isNull()) {
            inputCfg.putArray("batch_input_shape").addNull().add(cfg.get("input_dim").asInt());
        } else {
            problems.add(new ImportProblem(firstLayer, "the first layer of a Sequential model declares no input shape "
                    + "(batch_input_shape / input_shape / input_dim), so shapes cannot be inferred"));
            return null;
        }
        String name = firstLayer + "_input";
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("class_name", "InputLayer");
        inputCfg.put("name", name);
        json.set("config", inputCfg);
        LayerSpec spec = InputLayerSpec.parse(new LayerConfig(name, "InputLayer", inputCfg, sourceInfo.kerasMajor()));
        b.add(new LayerDecl(name, "InputLayer", true, spec, List.of(), json));
        TensorRef ref = TensorRef.of(name);
        b.input(ref);
        return ref;
    }

    private KerasModel parseFunctional(JsonNode root, String cls, JsonNode config, int depth) {
        String name = config.has("name") ? config.get("name").asText() : "model";
        JsonNode layers = config.get("layers");
        if (layers == null || !layers.isArray() || layers.isEmpty()) {
            throw new KerasImportException(source, null, cls + " model '" + name + "' has no layers");
        }
        ModelGraphBuilder b = builder(root, name, cls);
        List<ImportProblem> problems = new ArrayList<>();
        List<LayerDecl> decls = new ArrayList<>();
        int index = 0;
        for (JsonNode layerJson : layers) {
            String lcls = text(layerJson, "class_name");
            JsonNode cfg = layerJson.get("config");
            String layerName = nonEmpty(KerasConventions.layerName(layerJson, lcls, index), lcls, index, problems);
            LayerSpec spec = parseLayer(lcls, layerName, cfg, problems, index, depth);
            List<List<TensorRef>> calls = new ArrayList<>();
            try {
                calls = InboundNodes.parse(layerJson.get("inbound_nodes"));
            } catch (ConfigException e) {
                problems.add(new ImportProblem(layerName, e.getMessage()));
            }
            decls.add(new LayerDecl(layerName, lcls, trainable(cfg), spec, calls, layerJson));
            index++;
        }
        List<TensorRef> outputs = List.of();
        try {
            InboundNodes.endpoints(config.get("input_layers")).forEach(b::input);
            outputs = InboundNodes.endpoints(config.get("output_layers"));
        } catch (ConfigException e) {
            problems.add(new ImportProblem(null, "input_layers/output_layers: " + e.getMessage()));
        }
        throwIfAny(problems);
        NestedNodeIndices fix = NestedNodeIndices.of(decls, outputs);
        decls.forEach(d -> b.add(fix.apply(d)));
        outputs.forEach(r -> b.output(fix.apply(r)));
        return b.build();
    }

    private LayerSpec parseLayer(String cls, String layerName, JsonNode cfg, List<ImportProblem> problems,
                                 int index, int depth) {
        if (cls == null) {
            problems.add(new ImportProblem(layerName, "layer #" + index + " has no class_name"));
            return null;
        }
        if (MODEL_CLASSES.contains(cls)) {
            try {
                ObjectNode nested = new ObjectMapper().createObjectNode();
                nested.put("class_name", cls);
                nested.set("config", cfg);
                return new NestedModelSpec(parseModel(nested, depth + 1));
            } catch (KerasImportException e) {
                e.problems().forEach(p -> problems.add(new ImportProblem(layerName + "/" + (p.layer() == null ? "" : p.layer()), p.message())));
                return null;
            }
        }
        if (!registry.supports(cls)) {
            problems.add(new ImportProblem(layerName, "unsupported layer class '" + cls + "' (position " + index
                    + "); supported: see `kerasj layers` or README; a custom class can be mapped to what it computes: --custom-layer "
                    + cls + "=identity | lrn(depth_radius=R,bias=B,alpha=A,beta=E) | Activation(NAME) | LAYER(key=value,...),"
                    + " or a --custom-layers FILE of such lines (Java: CustomLayers)"));
            return null;
        }
        if (cfg == null || !cfg.isObject()) {
            problems.add(new ImportProblem(layerName, cls + " has no config object"));
            return null;
        }
        try {
            return registry.parse(new LayerConfig(layerName, cls, cfg, sourceInfo.kerasMajor(), sourceInfo.kerasVersion()));
        } catch (ConfigException e) {
            problems.add(new ImportProblem(layerName, cls + ": " + e.getMessage()));
            return null;
        }
    }

    private ModelGraphBuilder builder(JsonNode root, String name, String cls) {
        return new ModelGraphBuilder(source).name(name).modelClass(cls).source(sourceInfo).modelConfig(root);
    }

    private void throwIfAny(List<ImportProblem> problems) {
        if (!problems.isEmpty()) {
            throw new KerasImportException(source, problems);
        }
    }

    /**
     * An empty layer name is reported (Keras never writes one, and every connection refers to
     * layers by name) and replaced by a stand-in so the other layers are still checked.
     */
    private static String nonEmpty(String name, String cls, int index, List<ImportProblem> problems) {
        if (!name.isEmpty()) {
            return name;
        }
        String standIn = "#" + index;
        problems.add(new ImportProblem(standIn, "layer #" + index + (cls == null ? "" : " (" + cls + ")")
                + " has an empty name; Keras layer names are never empty and connections refer to layers by name"));
        return standIn;
    }

    private static boolean trainable(JsonNode cfg) {
        return cfg == null || !cfg.has("trainable") || cfg.get("trainable").asBoolean(true);
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n == null ? null : n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
