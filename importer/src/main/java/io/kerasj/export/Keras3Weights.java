package io.kerasj.export;

import io.kerasj.config.NestedModelSpec;
import io.kerasj.hdf5.write.H5Group;
import io.kerasj.hdf5.write.StringEncoding;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Weight;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras 3's {@code model.weights.h5} layout (saving_lib {@code _save_state}, Keras >= 3.10): each
 * saveable gets a {@code vars} group holding its variables as datasets {@code 0..n-1} (trainable
 * ones first) and a {@code name} attribute; the model's own is the root {@code vars}; the layers of
 * a Sequential/Functional model live under {@code layers/<snake_case(class)>[_<k>]} in
 * {@code model.layers} order — Sequential without its InputLayer, Functional with it — recursing
 * into nested models ({@code layers/functional/layers/dense/vars/0}).
 */
final class Keras3Weights {
    private Keras3Weights() {
    }

    static void write(H5Group root, KerasModel model) {
        writeModel(root, "", model, Map.of());
    }

    /** Every layer group path Keras 3 would create for {@code model}, mapped to its layer name. */
    static List<String> layerPaths(KerasModel model) {
        List<String> out = new ArrayList<>();
        collect("", model, out);
        return out;
    }

    private static void collect(String prefix, KerasModel m, List<String> out) {
        Map<String, Integer> used = new HashMap<>();
        for (Layer l : containerLayers(m)) {
            String path = prefix + "layers/" + uniqueName(l, used);
            out.add(path);
            if (l.spec() instanceof NestedModelSpec nested) {
                collect(path + "/", nested.inner(), out);
            }
        }
    }

    private static void writeModel(H5Group root, String prefix, KerasModel m, Map<String, FloatTensor> outerValues) {
        vars(root, prefix, m.name(), List.of());
        Map<String, Integer> used = new HashMap<>();
        for (Layer l : containerLayers(m)) {
            String path = prefix + "layers/" + uniqueName(l, used);
            if (l.spec() instanceof NestedModelSpec nested) {
                // the outer layer holds the values, named <inner layer>/<weight>
                Map<String, FloatTensor> inner = new HashMap<>();
                for (Weight w : l.weights()) {
                    inner.put(w.name(), w.value());
                }
                writeModel(root, path + "/", nested.inner(), inner);
            } else {
                List<FloatTensor> values = new ArrayList<>();
                for (Weight w : ordered(l)) {
                    FloatTensor v = w.hasValue() ? w.value() : outerValues.get(l.name() + "/" + w.name());
                    if (v == null) {
                        throw new ExportException("layer " + l.name() + " has no value for weight " + w.name());
                    }
                    values.add(v);
                }
                vars(root, path + "/", l.name(), values);
            }
        }
    }

    private static void vars(H5Group root, String prefix, String name, List<FloatTensor> values) {
        try (H5Group g = root.createGroup(prefix + "vars")) {
            g.setString("name", name, StringEncoding.VLEN_UTF8);
            for (int i = 0; i < values.size(); i++) {
                g.writeFloat32(Integer.toString(i), values.get(i));
            }
        }
    }

    /** {@code _trainable_variables + _non_trainable_variables}, each in creation order. */
    private static List<Weight> ordered(Layer l) {
        List<Weight> out = new ArrayList<>();
        l.weights().stream().filter(w -> w.spec().trainable()).forEach(out::add);
        l.weights().stream().filter(w -> !w.spec().trainable()).forEach(out::add);
        return out;
    }

    /** {@code model.layers} as Keras 3 walks it. */
    static List<Layer> containerLayers(KerasModel m) {
        List<Layer> all = m.layers();
        if ("Sequential".equals(m.modelClass()) && !all.isEmpty() && "InputLayer".equals(all.get(0).className())) {
            return all.subList(1, all.size());
        }
        return all;
    }

    private static String uniqueName(Layer l, Map<String, Integer> used) {
        String cls = l.spec() instanceof NestedModelSpec nested
                ? Keras3Names.className(nested.inner().modelClass()) : Keras3Conversions.className(l);
        String base = Keras3Names.snakeCase(cls);
        Integer n = used.get(base);
        if (n == null) {
            used.put(base, 0);
            return base;
        }
        used.put(base, n + 1);
        return base + "_" + (n + 1);
    }
}
