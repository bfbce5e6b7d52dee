package io.kerasj.runtime.savedmodel;

import io.kerasj.config.NestedModelSpec;
import io.kerasj.ir.ImportProblem;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Weight;
import io.kerasj.layers.VariableOwner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject;

/**
 * Finds the checkpoint key of every declared weight of a model through the checkpoint's object
 * graph. tf.keras tracks a model's k-th layer that has weights as child
 * {@code layer_with_weights-k} (in {@code model.layers} order) and a layer's variables by their
 * attribute names ({@code kernel}, {@code bias}, {@code gamma}, ...), which are the IR's weight
 * names; a nested model repeats the scheme below its own node.
 */
final class CheckpointWeightMap {
    private final TrackableObjectGraph graph;
    private final Path source;
    private final List<ImportProblem> problems = new ArrayList<>();

    private CheckpointWeightMap(TrackableObjectGraph graph, Path source) {
        this.graph = graph;
        this.source = source;
    }

    /**
     * For each layer with weights, the checkpoint keys of its weights in the layer's declared order
     * (for a nested model: Keras' order, trainable weights first, matched by inner weight name).
     */
    static Map<String, List<String>> keys(KerasModel model, TrackableObjectGraph graph, Path source) {
        CheckpointWeightMap m = new CheckpointWeightMap(graph, source);
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> e : m.collect(model, 0, "").entrySet()) {
            Layer layer = model.layer(e.getKey());
            List<String> keys = new ArrayList<>();
            for (Weight w : layer.weights()) {
                String key = e.getValue().get(w.name());
                if (key != null) {
                    keys.add(key);
                }
            }
            if (keys.size() == layer.weights().size()) {
                out.put(layer.name(), keys);
            }
        }
        if (!m.problems.isEmpty()) {
            throw new KerasImportException(source, m.problems);
        }
        return out;
    }

    /** Layer name → weight name → checkpoint key; a nested model's weights are named {@code inner/kernel}. */
    private Map<String, Map<String, String>> collect(KerasModel model, int modelNode, String prefix) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        int k = 0;
        for (Layer layer : model.layers()) {
            if (layer.weights().isEmpty()) {
                continue;
            }
            String local = "layer_with_weights-" + k++;
            Integer node = child(modelNode, local);
            if (node == null) {
                problems.add(new ImportProblem(prefix + layer.name(), "the checkpoint's object graph has no '" + local
                        + "' under " + describe(modelNode) + "; the config and the saved variables do not match"));
                continue;
            }
            Map<String, String> keys = new LinkedHashMap<>();
            if (layer.spec() instanceof NestedModelSpec nested) {
                collect(nested.inner(), node, prefix + layer.name() + "/").forEach((inner, weights) ->
                        weights.forEach((w, key) -> keys.put(inner + "/" + w, key)));
            } else {
                // a recurrent layer's variables belong to its cell (Bidirectional: each direction's cell)
                List<String> owners = VariableOwner.subPaths(layer.spec());
                int each = layer.weights().size() / owners.size();
                for (int wi = 0; wi < layer.weights().size(); wi++) {
                    Weight w = layer.weights().get(wi);
                    String owner = owners.get(wi / each);
                    Integer ownerNode = node;
                    for (String step : owner.isEmpty() ? new String[0] : owner.split("/")) {
                        ownerNode = ownerNode == null ? null : child(ownerNode, step);
                    }
                    String shortName = w.name().substring(w.name().lastIndexOf('/') + 1);
                    Integer var = ownerNode == null ? null : child(ownerNode, shortName);
                    String key = var == null ? null : valueKey(var);
                    if (key == null) {
                        problems.add(new ImportProblem(prefix + layer.name(), "no saved variable '" + w.name() + "' under '"
                                + local + (owner.isEmpty() ? "" : "/" + owner) + "' (it has "
                                + childNames(ownerNode == null ? node : ownerNode) + ")"));
                    } else {
                        keys.put(w.name(), key);
                    }
                }
            }
            out.put(layer.name(), keys);
        }
        return out;
    }

    private Integer child(int node, String localName) {
        if (node < 0 || node >= graph.getNodesCount()) {
            return null;
        }
        for (TrackableObject.ObjectReference r : graph.getNodes(node).getChildrenList()) {
            if (r.getLocalName().equals(localName)) {
                return r.getNodeId() >= 0 && r.getNodeId() < graph.getNodesCount() ? r.getNodeId() : null;
            }
        }
        return null;
    }

    private String valueKey(int node) {
        for (TrackableObject.SerializedTensor t : graph.getNodes(node).getAttributesList()) {
            if (t.getName().equals(CheckpointLayout.VALUE_ATTRIBUTE)) {
                return t.getCheckpointKey();
            }
        }
        return null;
    }

    private List<String> childNames(int node) {
        List<String> names = new ArrayList<>();
        graph.getNodes(node).getChildrenList().forEach(r -> names.add(r.getLocalName()));
        return names;
    }

    private static String describe(int node) {
        return node == 0 ? "the model" : "object #" + node;
    }
}
