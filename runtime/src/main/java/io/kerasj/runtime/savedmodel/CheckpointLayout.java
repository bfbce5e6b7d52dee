package io.kerasj.runtime.savedmodel;

import io.kerasj.config.KerasConventions;
import io.kerasj.config.NestedModelSpec;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Weight;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject;

/**
 * Where each weight of a model goes in a TF2 object-based checkpoint, laid out as tf.keras tracks
 * a model: the k-th layer with weights is child {@code layer_with_weights-k} and the i-th layer of
 * {@code model.layers} is child {@code layer-i} (a Sequential model does not list its InputLayer);
 * a layer's variables are children named after their attributes ({@code kernel}, {@code bias}...)
 * holding one {@code VARIABLE_VALUE} tensor; a nested model repeats the scheme below its node.
 * Keys follow the first path to a variable, e.g.
 * {@code layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE}. {@link CheckpointWeightMap}
 * reads the same layout back.
 */
final class CheckpointLayout {
    static final String VALUE_ATTRIBUTE = "VARIABLE_VALUE";

    /**
     * One weight: the top-level layer owning it and its IR weight name there ({@code inner/kernel}
     * inside a nested model), its checkpoint key, and whether Keras would train it.
     */
    record Entry(String layer, String weight, String key, String fullName, boolean trainable) {
    }

    /** One tracked layer: its object-graph node, its Keras node path ({@code root.layer-1}) and the layer. */
    record TrackedLayer(int nodeId, String path, Layer layer) {
    }

    private final List<TrackableObject.Builder> nodes = new ArrayList<>();
    private final List<Entry> entries = new ArrayList<>();
    private final List<TrackedLayer> tracked = new ArrayList<>();

    private CheckpointLayout() {
    }

    static CheckpointLayout of(KerasModel model) {
        CheckpointLayout l = new CheckpointLayout();
        l.nodes.add(TrackableObject.newBuilder());
        l.addModel(model, 0, "", null, "", "root");
        return l;
    }

    private void addModel(KerasModel model, int modelNode, String keyPrefix, Layer owner, String namePrefix,
                          String pathPrefix) {
        List<Layer> layers = KerasConventions.trackedLayers(model);
        int withWeights = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            int id = nodes.size();
            nodes.add(TrackableObject.newBuilder());
            String local = "layer-" + i;
            if (!layer.weights().isEmpty()) {
                local = "layer_with_weights-" + withWeights++;
                child(modelNode, local, id);
            }
            child(modelNode, "layer-" + i, id);
            String path = pathPrefix + "." + local;
            tracked.add(new TrackedLayer(id, path, layer));
            String keyBase = keyPrefix + local + "/";
            if (layer.spec() instanceof NestedModelSpec nested) {
                Layer top = owner == null ? layer : owner;
                String innerPrefix = owner == null ? "" : namePrefix + layer.name() + "/";
                addModel(nested.inner(), id, keyBase, top, innerPrefix, path);
                continue;
            }
            for (Weight w : layer.weights()) {
                int var = nodes.size();
                String key = keyBase + escape(w.name()) + "/.ATTRIBUTES/" + VALUE_ATTRIBUTE;
                String fullName = layer.name() + "/" + w.name();
                nodes.add(TrackableObject.newBuilder().addAttributes(TrackableObject.SerializedTensor.newBuilder()
                        .setName(VALUE_ATTRIBUTE).setFullName(fullName).setCheckpointKey(key)));
                child(id, w.name(), var);
                String irName = (owner == null ? "" : namePrefix + layer.name() + "/") + w.name();
                Layer top = owner == null ? layer : owner;
                // the owner's IR weight spec knows whether every enclosing model leaves it trainable
                boolean trainable = top.trainable() && top.weight(irName).spec().trainable();
                entries.add(new Entry(top.name(), irName, key, fullName, trainable));
            }
        }
    }

    private void child(int parent, String localName, int id) {
        nodes.get(parent).addChildren(TrackableObject.ObjectReference.newBuilder().setNodeId(id).setLocalName(localName));
    }

    /** TensorFlow's escaping of a local name inside a checkpoint key: '.' doubles, '/' becomes ".S". */
    static String escape(String localName) {
        return localName.replace(".", "..").replace("/", ".S");
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    List<TrackedLayer> trackedLayers() {
        return List.copyOf(tracked);
    }

    TrackableObjectGraph objectGraph() {
        TrackableObjectGraph.Builder g = TrackableObjectGraph.newBuilder();
        nodes.forEach(g::addNodes);
        return g.build();
    }
}
