package io.kerasj.keras3;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.kerasj.config.KerasConventions;
import io.kerasj.config.NestedModelSpec;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.ImportProblem;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Weight;
import io.kerasj.ir.WeightSpec;
import io.kerasj.layers.VariableOwner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Attaches the values of a Keras 3 weights file ({@code model.weights.h5} or a
 * {@code *.weights.h5} from {@code save_weights}) to a weightless model.
 *
 * <p>Keras 3 saves a Sequential or Functional model's layers under {@code layers/}, each addressed
 * by its class in snake case with a per-class counter in model order ({@code conv2d},
 * {@code conv2d_1}, ...) — not by its name — and a layer's variables under {@code vars/0..n-1}
 * in {@code layer.weights} order (trainable first). A nested model repeats the scheme below its
 * own group. Files written by Keras 2.13-2.15 and early 3.0 use {@code _layer_checkpoint_dependencies}
 * for {@code layers}. Values bind by position and must match the declared shapes exactly.
 */
final class Keras3WeightBinder {
    static final String LAYERS = "layers";
    static final String LEGACY_LAYERS = "_layer_checkpoint_dependencies";
    private static final String VARS = "vars";

    private final H5WeightFile h5;
    private final Path source;
    private final String container;
    private final List<ImportProblem> problems = new ArrayList<>();

    private Keras3WeightBinder(H5WeightFile h5, Path source, String container) {
        this.h5 = h5;
        this.source = source;
        this.container = container;
    }

    /** {@code model} with every declared weight filled from {@code h5}; all problems are reported together. */
    static KerasModel attach(KerasModel model, H5WeightFile h5, Path source) {
        String container = h5.group(LAYERS) != null || h5.group(LEGACY_LAYERS) == null ? LAYERS : LEGACY_LAYERS;
        Keras3WeightBinder b = new Keras3WeightBinder(h5, source, container);
        List<Layer> bound = b.bindModel(model, "");
        if (!b.problems.isEmpty()) {
            throw new KerasImportException(source, b.problems);
        }
        return model.withLayers(bound);
    }

    /** Binds every layer of {@code model} whose layers sit under {@code prefix}; returns the filled layers. */
    private List<Layer> bindModel(KerasModel model, String prefix) {
        String base = prefix.isEmpty() ? container : prefix + "/" + container;
        KerasConventions.Keras3PathNames names = new KerasConventions.Keras3PathNames();
        Set<String> consumed = new LinkedHashSet<>();
        List<Layer> out = new ArrayList<>();
        for (Layer layer : model.layers()) {
            String key = names.next(layer.className());
            consumed.add(key);
            String layerPath = base + "/" + key;
            List<FloatTensor> values = layer.spec() instanceof NestedModelSpec nested
                    ? nestedValues(nested.inner(), layerPath, layer.name())
                    : layerValues(layer, layerPath);
            if (values == null) {
                continue;
            }
            List<Weight> weights = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                weights.add(new Weight(layer.weights().get(i).spec(), values.get(i)));
            }
            out.add(layer.withWeights(weights));
        }
        reportUnused(base, consumed);
        return out;
    }

    private List<FloatTensor> nestedValues(KerasModel inner, String layerPath, String outerName) {
        int before = problems.size();
        List<Layer> bound = bindModel(inner, layerPath);
        if (problems.size() > before) {
            return null;
        }
        List<FloatTensor> values = new ArrayList<>();
        for (Layer l : bound) {
            l.weights().forEach(w -> values.add(w.value()));
        }
        return values;
    }

    private List<FloatTensor> layerValues(Layer layer, String layerPath) {
        List<WeightSpec> all = layer.weights().stream().map(Weight::spec).toList();
        List<String> owners = VariableOwner.subPaths(layer.spec());
        int each = all.size() / owners.size();
        List<FloatTensor> values = new ArrayList<>();
        for (int o = 0; o < owners.size(); o++) {
            String owner = owners.get(o);
            List<FloatTensor> part = ownerValues(layer, all.subList(o * each, (o + 1) * each),
                    owner.isEmpty() ? layerPath : layerPath + "/" + owner);
            if (part == null) {
                return null;
            }
            values.addAll(part);
        }
        return values;
    }

    /** The variables of one owning object (the layer, or its cell) at {@code ownerPath}. */
    private List<FloatTensor> ownerValues(Layer layer, List<WeightSpec> declared, String ownerPath) {
        Group vars = h5.group(ownerPath + "/" + VARS);
        List<String> keys = vars == null ? List.of() : h5.childNames(vars);
        if (keys.size() != declared.size()) {
            problems.add(new ImportProblem(layer.name(), layer.className() + " declares " + describe(declared)
                    + " but the weights file has " + (vars == null ? "no group '" + ownerPath + "/vars'"
                    : keys.size() + " variable(s) at '" + ownerPath + "/vars'") + ownerHint(vars, layer)));
            return null;
        }
        List<FloatTensor> values = new ArrayList<>();
        for (int i = 0; i < declared.size(); i++) {
            WeightSpec spec = declared.get(i);
            String key = Integer.toString(i);
            Node n = keys.contains(key) ? h5.child(vars, key) : null;
            if (!(n instanceof Dataset d)) {
                problems.add(new ImportProblem(layer.name(), "expected variable '" + ownerPath + "/vars/" + key
                        + "' (" + spec.name() + " " + spec.shape() + ") but found " + (n == null ? "nothing"
                        : "a group") + "; variables are numbered 0.." + (declared.size() - 1)));
                return null;
            }
            long[] dims = h5.dims(d);
            if (!Arrays.equals(dims, Arrays.stream(spec.shape().dims()).asLongStream().toArray())) {
                problems.add(new ImportProblem(layer.name(), "weight '" + spec.name() + "' should have shape "
                        + spec.shape() + " but '" + ownerPath + "/vars/" + key + "' has " + Arrays.toString(dims)
                        + ownerHint(vars, layer)));
                return null;
            }
            values.add(h5.readFloats(d, spec.shape(), "weight '" + spec.name() + "' of layer '" + layer.name() + "'"));
        }
        return values;
    }

    /** Keras 3.3+ records the owning layer's name on each vars group: worth saying when it disagrees. */
    private String ownerHint(Group vars, Layer layer) {
        if (vars == null) {
            return "";
        }
        String owner = h5.stringAttribute(vars, "name");
        boolean cell = owner != null && (owner.equals(VariableOwner.ownerName(layer.spec(), 0))
                || owner.equals(VariableOwner.ownerName(layer.spec(), 1)));
        return owner == null || owner.equals(layer.name()) || cell ? ""
                : " (that group was saved for layer '" + owner + "': the config and the weights file do not match)";
    }

    /** Groups under a layers container that no config layer claimed but that hold variables. */
    private void reportUnused(String base, Set<String> consumed) {
        Group g = h5.group(base);
        if (g == null) {
            return;
        }
        for (String child : h5.childNames(g)) {
            if (consumed.contains(child)) {
                continue;
            }
            Group vars = h5.group(base + "/" + child + "/" + VARS);
            if (vars != null && !h5.childNames(vars).isEmpty()) {
                String owner = h5.stringAttribute(vars, "name");
                problems.add(new ImportProblem(null, "the weights file has variables at '" + base + "/" + child
                        + "/vars'" + (owner == null ? "" : " (layer '" + owner + "')")
                        + " that no layer of the config uses; the config and the weights file do not match"));
            }
        }
    }

    private static String describe(List<WeightSpec> specs) {
        if (specs.isEmpty()) {
            return "no weights";
        }
        return specs.size() + " weight(s) " + specs.stream().map(s -> s.name() + " " + s.shape())
                .collect(Collectors.joining(", "));
    }
}
