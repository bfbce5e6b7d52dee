package io.kerasj.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.config.KerasConventions;
import io.kerasj.hdf5.write.H5File;
import io.kerasj.hdf5.write.H5Group;
import io.kerasj.io.AtomicFiles;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.OptimizerState;
import io.kerasj.ir.Weight;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes a model in the tf.keras 2.x HDF5 layouts: {@code model.save('m.h5')} (root attributes
 * {@code keras_version}, {@code backend}, {@code model_config}; group {@code model_weights}) and
 * {@code model.save_weights('w.h5')} (the same weight groups at the root), plus the
 * {@code model.to_json()} text that pairs with a weights-only file. Given an {@link OptimizerState},
 * the full-model file also carries {@code training_config} and the {@code optimizer_weights} group
 * as {@code model.save} of a compiled, trained model writes them (names in {@code weight_names},
 * one dataset per name, {@code iter} an int64 scalar), so Keras' {@code load_model} resumes the
 * optimizer; without one it is what Keras saves with {@code include_optimizer=False}.
 */
public final class LegacyH5Writer {
    public static final String DEFAULT_KERAS_VERSION = "2.4.0";
    public static final String DEFAULT_BACKEND = "tensorflow";

    private final String kerasVersion;
    private final String backend;
    private final H5pyFlavor flavor;

    public LegacyH5Writer(String kerasVersion, String backend, H5pyFlavor flavor) {
        this.kerasVersion = require(kerasVersion, "kerasVersion");
        this.backend = require(backend, "backend");
        this.flavor = java.util.Objects.requireNonNull(flavor, "flavor");
    }

    /**
     * The writer for a model: keras_version as the model's source declares it (2.4.0 if it does not),
     * backend tensorflow (the IR holds weights in TensorFlow layout), h5py 2 string storage.
     */
    public static LegacyH5Writer forModel(KerasModel model) {
        String v = model.source() == null ? null : model.source().kerasVersion();
        return new LegacyH5Writer(v == null || v.isBlank() ? DEFAULT_KERAS_VERSION : v, DEFAULT_BACKEND, H5pyFlavor.H5PY_2);
    }

    public LegacyH5Writer withFlavor(H5pyFlavor newFlavor) {
        return new LegacyH5Writer(kerasVersion, backend, newFlavor);
    }

    public LegacyH5Writer withKerasVersion(String version) {
        return new LegacyH5Writer(version, backend, flavor);
    }

    public String kerasVersion() {
        return kerasVersion;
    }

    public H5pyFlavor flavor() {
        return flavor;
    }

    /** {@code model.save(target)}: config plus weights in one file. */
    public void writeModel(KerasModel model, Path target) {
        writeModel(model, null, Map.of(), target);
    }

    /**
     * {@code model.save(target)} of a trained model: config, weights and, when {@code optimizer}
     * is given, its {@code training_config} and {@code optimizer_weights}; {@code extraAttributes}
     * are further string attributes on the root (Keras ignores attributes it does not know).
     */
    public void writeModel(KerasModel model, OptimizerState optimizer, Map<String, String> extraAttributes, Path target) {
        LegacyWeights.requireValues(model);
        writeModel(model, optimizer == null ? null : OptimizerLayout.of(optimizer), extraAttributes, target,
                TensorValues.held(optimizer));
    }

    /**
     * {@link #writeModel(KerasModel, OptimizerState, Map, Path)} with every weight and slot value
     * taken from {@code values} as it is written (the model's own weight values are not read).
     */
    public void writeModel(KerasModel model, OptimizerLayout optimizer, Map<String, String> extraAttributes, Path target,
                           TensorValues values) {
        String config = modelConfigText(model);
        H5File.writeAtomically(target, root -> {
            root.setString("keras_version", kerasVersion, flavor.text());
            root.setString("backend", backend, flavor.text());
            root.setString("model_config", config, flavor.bytes());
            try (H5Group weights = root.createGroup("model_weights")) {
                writeWeightGroups(weights, model, values);
            }
            if (optimizer != null) {
                writeOptimizer(root, optimizer, values);
            }
            extraAttributes.forEach((k, v) -> root.setString(k, v, flavor.text()));
        });
    }

    /** Keras' {@code save_optimizer_weights_to_hdf5_group}, preceded by the {@code training_config} attribute. */
    private void writeOptimizer(H5Group root, OptimizerLayout optimizer, TensorValues values) {
        if (optimizer.trainingConfig() != null) {
            root.setString("training_config", optimizer.trainingConfig(), flavor.bytes());
        }
        List<String> names = new ArrayList<>();
        names.add(optimizer.iterationsName());
        optimizer.slots().forEach(s -> names.add(s.name()));
        try (H5Group g = root.createGroup("optimizer_weights")) {
            KerasAttributes.writeNameList(g, "weight_names", names, flavor);
            g.writeInt64(optimizer.iterationsName(), optimizer.iterations());
            for (OptimizerLayout.Slot s : optimizer.slots()) {
                values.slot(s.name(), buffer -> g.writeFloat32(s.name(), s.shape(), buffer));
            }
        }
    }

    /** {@code model.save_weights(target)}: the weight groups at the file root, no config. */
    public void writeWeights(KerasModel model, Path target) {
        LegacyWeights.requireValues(model);
        H5File.writeAtomically(target, root -> writeWeightGroups(root, model, TensorValues.held(null)));
    }

    /**
     * {@code model.to_json()}: the model config followed by {@code keras_version} and {@code backend}
     * (Keras' {@code _updated_config}), as UTF-8 text without a trailing newline.
     */
    public void writeConfigJson(KerasModel model, Path target) {
        String json = toJson(model);
        try (AtomicFiles.Output out = AtomicFiles.file(target)) {
            Files.writeString(out.temp(), json, StandardCharsets.UTF_8);
            out.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** The {@code model.to_json()} text. */
    public String toJson(KerasModel model) {
        JsonNode config = requireConfig(model);
        ObjectNode updated = ((ObjectNode) config).deepCopy();
        if (!updated.has("keras_version")) {
            updated.put("keras_version", kerasVersion);
        }
        if (!updated.has("backend")) {
            updated.put("backend", backend);
        }
        return PythonJson.dumps(updated);
    }

    /** The {@code model_config} attribute text: the model's config as Keras' json.dumps prints it. */
    public static String modelConfigText(KerasModel model) {
        return PythonJson.dumps(requireConfig(model));
    }

    /** The model's own config, verbatim (list-form Sequential configs stay as old Keras wrote them); generated when absent. */
    private static JsonNode requireConfig(KerasModel model) {
        JsonNode config = model.modelConfig();
        if (config == null || !config.isObject() || !config.has("class_name")) {
            return Keras2Config.of(model);
        }
        return config;
    }

    /** Keras' {@code save_weights_to_hdf5_group}. */
    private void writeWeightGroups(H5Group f, KerasModel model, TensorValues values) {
        List<Layer> layers = KerasConventions.trackedLayers(model);
        List<String> names = new ArrayList<>(layers.size());
        for (Layer l : layers) {
            names.add(l.name());
        }
        KerasAttributes.writeNameList(f, "layer_names", names, flavor);
        f.setString("backend", backend, flavor.bytes());
        f.setString("keras_version", kerasVersion, flavor.bytes());
        // Keras creates the groups sorted by layer name (so no name is created after its prefix)
        List<Layer> sorted = new ArrayList<>(layers);
        sorted.sort(Comparator.comparing(Layer::name));
        for (Layer layer : sorted) {
            try (H5Group g = f.createGroup(layer.name())) {
                List<Weight> weights = KerasConventions.savedWeightOrder(layer);
                List<String> weightNames = new ArrayList<>(weights.size());
                for (Weight w : weights) {
                    weightNames.add(LegacyWeights.name(layer, w));
                }
                KerasAttributes.writeNameList(g, "weight_names", weightNames, flavor);
                for (int i = 0; i < weights.size(); i++) {
                    Weight w = weights.get(i);
                    String name = weightNames.get(i);
                    values.weight(layer, w, buffer -> g.writeFloat32(name, w.spec().shape(), buffer));
                }
            }
        }
    }

    private static String require(String v, String what) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return v;
    }
}
