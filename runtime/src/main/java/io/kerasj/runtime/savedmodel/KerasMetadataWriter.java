package io.kerasj.runtime.savedmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedOutputStream;
import io.kerasj.config.NestedModelSpec;
import io.kerasj.export.Keras2Config;
import io.kerasj.export.PythonJson;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Shape;
import io.kerasj.layers.InputLayerSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes {@code keras_metadata.pb} as tf.keras 2.x does: a {@code SavedMetadata} message with one
 * {@code SavedObject} per Keras object — node_id (2, the object-graph node), node_path (3,
 * {@code root}, {@code root.layer_with_weights-0}...), identifier (4, {@code _tf_keras_network},
 * {@code _tf_keras_sequential}, {@code _tf_keras_layer}, {@code _tf_keras_input_layer}), the
 * metadata JSON (5) and a VersionDef (6: producer 2, min_consumer 1). The root's JSON carries the
 * model's class_name and config, which is all {@link SavedModelConverter} needs to rebuild it.
 */
final class KerasMetadataWriter {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int METADATA_PRODUCER = 2;
    private static final int METADATA_MIN_CONSUMER = 1;

    private KerasMetadataWriter() {
    }

    static byte[] write(KerasModel model, CheckpointLayout layout, String kerasVersion) {
        // keras_metadata.pb needs tf.keras 2.x's object form: old list-form Sequential configs are wrapped
        ObjectNode config = Keras2Config.of(model);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            node(out, 0, "root", identifier(model), PythonJson.dumps(root(model, config, kerasVersion)));
            for (CheckpointLayout.TrackedLayer t : layout.trackedLayers()) {
                node(out, t.nodeId(), t.path(), identifier(t.layer()), PythonJson.dumps(layer(t.layer())));
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void node(CodedOutputStream out, int id, String path, String identifier, String json) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        CodedOutputStream o = CodedOutputStream.newInstance(body);
        if (id != 0) {
            o.writeInt32(2, id); // proto3 leaves default values out
        }
        o.writeString(3, path);
        o.writeString(4, identifier);
        o.writeString(5, json);
        ByteArrayOutputStream version = new ByteArrayOutputStream();
        CodedOutputStream v = CodedOutputStream.newInstance(version);
        v.writeInt32(1, METADATA_PRODUCER);
        v.writeInt32(2, METADATA_MIN_CONSUMER);
        v.flush();
        o.writeByteArray(6, version.toByteArray());
        o.flush();
        out.writeByteArray(1, body.toByteArray());
    }

    private static String identifier(KerasModel model) {
        return "Sequential".equals(model.modelClass()) ? "_tf_keras_sequential" : "_tf_keras_network";
    }

    private static String identifier(Layer layer) {
        if (layer.spec() instanceof InputLayerSpec) {
            return "_tf_keras_input_layer";
        }
        if (layer.spec() instanceof NestedModelSpec nested) {
            return identifier(nested.inner());
        }
        return "_tf_keras_layer";
    }

    /** The model's own entry: name, class_name, config, input specs and the Keras version it follows. */
    private static ObjectNode root(KerasModel model, ObjectNode config, String kerasVersion) {
        ObjectNode o = F.objectNode();
        o.put("name", model.name());
        o.put("trainable", true);
        o.put("expects_training_arg", true);
        o.put("dtype", "float32");
        o.putNull("batch_input_shape");
        o.put("must_restore_from_config", false);
        o.put("class_name", config.get("class_name").asText());
        o.set("config", config.get("config").deepCopy());
        o.put("is_graph_network", true);
        List<Shape> inputs = model.inputShapes();
        o.set("build_input_shape", inputs.size() == 1 ? tensorShape(inputs.get(0)) : tensorShapes(inputs));
        ArrayNode specs = F.arrayNode();
        for (int i = 0; i < inputs.size(); i++) {
            specs.add(tensorSpec(inputs.get(i), model.inputs().get(i).layer()));
        }
        o.set("save_spec", inputs.size() == 1 ? specs.get(0) : specs);
        o.set("full_save_spec", tuple(F.arrayNode().add(specs).add(F.objectNode())));
        o.put("keras_version", kerasVersion);
        o.put("backend", "tensorflow");
        o.set("model_config", config.deepCopy());
        return o;
    }

    private static ObjectNode layer(Layer layer) {
        JsonNode raw = layer.rawConfig();
        JsonNode cfg = raw == null ? null : raw.get("config");
        ObjectNode o = F.objectNode();
        o.put("class_name", layer.className());
        o.put("name", layer.name());
        if (layer.spec() instanceof InputLayerSpec) {
            o.put("dtype", "float32");
            o.set("batch_input_shape", tuple(shapeItems(layer.outputShape())));
        } else {
            o.put("trainable", layer.trainable());
            o.put("dtype", "float32");
            o.put("stateful", false);
            o.put("must_restore_from_config", false);
            List<Shape> in = layer.node().inputShapes();
            if (!in.isEmpty()) {
                o.set("build_input_shape", in.size() == 1 ? tensorShape(in.get(0)) : tensorShapes(in));
            }
        }
        o.set("config", cfg == null ? F.objectNode() : cfg.deepCopy());
        return o;
    }

    private static ObjectNode tensorSpec(Shape shape, String name) {
        ObjectNode o = F.objectNode();
        o.put("class_name", "TypeSpec");
        o.put("type_spec", "tf.TensorSpec");
        o.set("serialized", F.arrayNode().add(tensorShape(shape)).add("float32").add(name));
        return o;
    }

    private static ArrayNode tensorShapes(List<Shape> shapes) {
        ArrayNode a = F.arrayNode();
        shapes.forEach(s -> a.add(tensorShape(s)));
        return a;
    }

    private static ObjectNode tensorShape(Shape s) {
        ObjectNode o = F.objectNode();
        o.put("class_name", "TensorShape");
        o.set("items", shapeItems(s));
        return o;
    }

    private static ObjectNode tuple(ArrayNode items) {
        ObjectNode o = F.objectNode();
        o.put("class_name", "__tuple__");
        o.set("items", items);
        return o;
    }

    private static ArrayNode shapeItems(Shape s) {
        ArrayNode a = F.arrayNode();
        for (int d : s.dims()) {
            if (d == Shape.UNKNOWN) {
                a.addNull();
            } else {
                a.add(d);
            }
        }
        return a;
    }
}
