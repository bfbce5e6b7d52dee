package io.kerasj.runtime.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.config.KerasConventions;
import io.kerasj.config.ModelConfigParser;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.TensorRef;
import io.kerasj.ir.Weight;
import io.kerasj.layers.ActivationSpec;
import io.kerasj.layers.DenseSpec;
import io.kerasj.layers.DropoutSpec;
import io.kerasj.layers.SoftmaxSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Edits a model for fine-tuning the way a Keras user would, in the model's own config so that an
 * export writes the edited model: freezing layers ({@code trainable: false}) and replacing the
 * classification head by a new {@code Dense(K, softmax)} with Keras' glorot_uniform kernel
 * (seeded) and zero bias. The edited config is parsed again, so shapes downstream are inferred
 * anew, and every unchanged weight is carried over.
 */
public final class ModelSurgery {
    private ModelSurgery() {
    }

    /** The model with the named layers frozen. */
    public static KerasModel freeze(KerasModel model, Collection<String> layerNames) {
        for (String n : layerNames) {
            model.layer(n);
        }
        Set<String> names = new HashSet<>(layerNames);
        return edit(model, (name, cfg) -> {
            if (names.contains(name)) {
                cfg.put("trainable", false);
            }
        }, Map.of());
    }

    /** The model with every layer up to and including {@code lastFrozen} (in model order) frozen. */
    public static KerasModel freezeUntil(KerasModel model, String lastFrozen) {
        model.layer(lastFrozen);
        List<String> names = new ArrayList<>();
        for (Layer l : model.layers()) {
            names.add(l.name());
            if (l.name().equals(lastFrozen)) {
                break;
            }
        }
        return freeze(model, names);
    }

    /** The Dense layer whose output becomes the model output through activations/dropout only. */
    public static Layer head(KerasModel model) {
        if (model.outputs().size() != 1) {
            throw new IllegalArgumentException("model " + model.name() + " has " + model.outputs().size()
                    + " outputs; fine-tuning supports single-output classifiers");
        }
        TensorRef ref = model.outputs().get(0);
        while (true) {
            Layer l = model.layer(ref.layer());
            if (l.spec() instanceof DenseSpec) {
                return l;
            }
            boolean passThrough = l.spec() instanceof DropoutSpec
                    || isSoftmax(l);
            if (!passThrough || l.inbound().size() != 1) {
                throw new IllegalArgumentException("cannot find the classification head of model " + model.name()
                        + ": the output comes from " + l.name() + " (" + l.className() + "), expected a Dense layer"
                        + " followed only by Dropout or a softmax activation");
            }
            ref = l.inbound().get(0);
        }
    }

    /**
     * The model with its head replaced by {@code Dense(numClasses)}; the activation becomes
     * softmax unless a softmax layer already follows. Kernel: glorot_uniform
     * {@code U(-sqrt(6/(in+out)), +sqrt(6/(in+out)))} from {@code seed}; bias zeros.
     */
    public static KerasModel replaceHead(KerasModel model, int numClasses, long seed) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("number of classes must be at least 1, got " + numClasses);
        }
        Layer head = head(model);
        boolean softmaxAfter = !model.outputs().get(0).layer().equals(head.name())
                && model.layers().stream().anyMatch(l -> isSoftmax(l) && isDownstream(model, head.name(), l));
        DenseSpec spec = (DenseSpec) head.spec();
        int fanIn = head.node().inputShapes().get(0).dim(-1);
        float[] kernel = glorotUniform(fanIn, numClasses, seed);
        Map<String, FloatTensor> newWeights = new java.util.HashMap<>();
        newWeights.put("kernel", FloatTensor.wrap(io.kerasj.ir.Shape.of(fanIn, numClasses), kernel));
        if (spec.useBias()) {
            newWeights.put("bias", FloatTensor.zeros(io.kerasj.ir.Shape.of(numClasses)));
        }
        return edit(model, (name, cfg) -> {
            if (name.equals(head.name())) {
                cfg.put(cfg.has("output_dim") && !cfg.has("units") ? "output_dim" : "units", numClasses);
                if (!softmaxAfter) {
                    cfg.put("activation", "softmax");
                }
            }
        }, Map.of(head.name(), newWeights));
    }

    private static boolean isDownstream(KerasModel model, String from, Layer candidate) {
        for (TensorRef r : candidate.inbound()) {
            if (r.layer().equals(from) || isDownstream(model, from, model.layer(r.layer()))) {
                return true;
            }
        }
        return false;
    }

    /** Keras glorot_uniform for a (fanIn, fanOut) Dense kernel, drawn from a seeded generator. */
    public static float[] glorotUniform(int fanIn, int fanOut, long seed) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        Random r = new Random(seed);
        float[] w = new float[fanIn * fanOut];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((2 * r.nextDouble() - 1) * limit);
        }
        return w;
    }

    interface ConfigEdit {
        void apply(String layerName, ObjectNode layerConfig);
    }

    /**
     * Applies {@code edit} to each top-level layer config, parses the edited model config and
     * re-attaches the old weight values (or {@code replaced} ones, by layer → weight name).
     */
    static KerasModel edit(KerasModel model, ConfigEdit edit, Map<String, Map<String, FloatTensor>> replaced) {
        JsonNode root = model.modelConfig();
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("model " + model.name() + " carries no model config to edit");
        }
        JsonNode config = root.get("config");
        JsonNode layers = config != null && config.isArray() ? config : config == null ? null : config.get("layers");
        if (!(layers instanceof ArrayNode list)) {
            throw new IllegalArgumentException("model " + model.name() + " config has no layer list");
        }
        int index = 0;
        for (JsonNode layerJson : list) {
            String cls = layerJson.hasNonNull("class_name") ? layerJson.get("class_name").asText() : null;
            String name = KerasConventions.layerName(layerJson, cls, index++);
            if (layerJson.get("config") instanceof ObjectNode cfg) {
                edit.apply(name, cfg);
            }
        }
        KerasModel parsed = ModelConfigParser.parse(root.toString(), model.source().path(), model.source());
        List<Layer> withValues = new ArrayList<>();
        for (Layer l : parsed.layers()) {
            Map<String, FloatTensor> fresh = replaced.getOrDefault(l.name(), Map.of());
            List<Weight> ws = new ArrayList<>();
            for (Weight w : l.weights()) {
                FloatTensor v = fresh.get(w.name());
                if (v == null) {
                    v = model.findLayer(l.name()).map(old -> valueOf(old, w.name())).orElse(null);
                }
                ws.add(new Weight(w.spec(), v));
            }
            withValues.add(l.withWeights(ws));
        }
        return parsed.withLayers(withValues);
    }

    private static FloatTensor valueOf(Layer l, String weight) {
        for (Weight w : l.weights()) {
            if (w.name().equals(weight)) {
                return w.value();
            }
        }
        return null;
    }

    // the parser's naming rule for a layer entry
    /** A Softmax layer, or an Activation layer applying softmax. */
    private static boolean isSoftmax(Layer l) {
        return l.spec() instanceof SoftmaxSpec || (l.spec() instanceof ActivationSpec a && a.function().equals("softmax"));
    }
}
