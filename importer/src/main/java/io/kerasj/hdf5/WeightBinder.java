package io.kerasj.hdf5;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.kerasj.config.NestedModelSpec;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.ImportProblem;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Weight;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attaches stored weights to a weightless model, the way Keras' legacy loader finds them: the
 * {@code layer_names} attribute lists layer groups, each group's {@code weight_names} lists its
 * datasets in the layer's weight order. Layers are matched by name; when names differ entirely
 * (a renamed model), layers with weights are paired in order, as Keras does. Every missing or
 * mis-shaped weight is reported at once.
 */
final class WeightBinder {
    private final Path file;
    private final Hdf5Access access;

    WeightBinder(Path file, Hdf5Access access) {
        this.file = file;
        this.access = access;
    }

    KerasModel bind(KerasModel model, Group root) {
        List<String> layerNames = Hdf5Access.stringListAttribute(root, "layer_names");
        Map<String, Group> stored = new LinkedHashMap<>();
        List<ImportProblem> problems = new ArrayList<>();
        for (String name : layerNames) {
            Node n = Hdf5Paths.child(root, name);
            if (n instanceof Group g) {
                stored.put(name, g);
            } else {
                problems.add(new ImportProblem(name, "listed in layer_names but the file has no group '" + name + "'"));
            }
        }
        List<Layer> weighted = model.layers().stream().filter(l -> !l.weights().isEmpty()).toList();
        List<Group> storedWeighted = stored.values().stream()
                .filter(g -> !Hdf5Access.stringListAttribute(g, "weight_names").isEmpty()).toList();
        boolean byName = weighted.stream().allMatch(l -> stored.containsKey(l.name()));
        if (!byName && weighted.size() != storedWeighted.size()) {
            List<String> missing = weighted.stream().map(Layer::name).filter(n -> !stored.containsKey(n)).toList();
            problems.add(new ImportProblem(null, "the file has weights for " + storedWeighted.size() + " layers, the model needs "
                    + weighted.size() + "; no stored group for " + missing));
            throw new KerasImportException(file, problems);
        }
        List<Layer> bound = new ArrayList<>();
        for (int i = 0; i < weighted.size(); i++) {
            Layer layer = weighted.get(i);
            Group g = byName ? stored.get(layer.name()) : storedWeighted.get(i);
            bound.add(bindLayer(model, layer, g, problems));
        }
        if (!problems.isEmpty()) {
            throw new KerasImportException(file, problems);
        }
        return model.withLayers(bound);
    }

    private Layer bindLayer(KerasModel model, Layer layer, Group g, List<ImportProblem> problems) {
        List<String> names = Hdf5Access.stringListAttribute(g, "weight_names");
        List<Weight> declared = layer.weights();
        boolean perGate = LegacyRecurrentWeights.isPerGate(layer.spec(), names.size());
        if (names.size() != declared.size() && !perGate) {
            problems.add(new ImportProblem(layer.name(), "expected " + declared.size() + " weights "
                    + declared.stream().map(Weight::name).toList() + ", the file stores " + names.size() + " " + names));
            return layer;
        }
        List<FloatTensor> stored = new ArrayList<>();
        for (String name : names) {
            Node n = Hdf5Paths.resolve(g, name);
            if (n instanceof Dataset ds) {
                stored.add(access.readFloats(ds));
            } else {
                problems.add(new ImportProblem(layer.name(), "weight '" + name + "' is listed but not stored in " + g.getPath()));
            }
        }
        if (stored.size() != names.size()) {
            return layer;
        }
        if (perGate) {
            try {
                stored = LegacyRecurrentWeights.combine(layer.spec(), stored);
            } catch (IllegalArgumentException e) {
                problems.add(new ImportProblem(layer.name(), "Keras 1 per-gate weights " + names + " cannot be combined: "
                        + e.getMessage()));
                return layer;
            }
            names = declared.stream().map(Weight::name).toList();
        }
        List<Weight> values = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Weight w = declared.get(i);
            FloatTensor t = stored.get(i);
            t = LegacyKernelLayout.toTensorFlowLayout(layer.spec(), w.name(), t, w.spec().shape(), model.source());
            if (!t.shape().equals(w.spec().shape())) {
                problems.add(new ImportProblem(layer.name(), "weight '" + names.get(i) + "' (" + w.name() + ") has shape "
                        + t.shape() + ", the layer config implies " + w.spec().shape()));
                continue;
            }
            values.add(new Weight(w.spec(), t));
        }
        if (values.size() != declared.size()) {
            return layer;
        }
        if (layer.spec() instanceof NestedModelSpec nested) {
            NestedModelSpec spec = nested.withWeights(values.stream().map(Weight::value).toList());
            return new Layer(layer.name(), layer.className(), layer.trainable(), spec, layer.nodes(), values, layer.rawConfig());
        }
        return layer.withWeights(values);
    }
}
