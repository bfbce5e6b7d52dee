package io.kerasj.export;

import io.kerasj.config.KerasConventions;
import io.kerasj.config.NestedModelSpec;
import io.kerasj.hdf5.write.H5Group;
import io.kerasj.hdf5.write.StringEncoding;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Weight;
import io.kerasj.layers.VariableOwner;
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
        KerasConventions.Keras3PathNames names = new KerasConventions.Keras3PathNames();
        for (Layer l : KerasConventions.trackedLayers(m)) {
            String path = prefix + "layers/" + names.next(savedClass(l));
            out.add(path);
            if (l.spec() instanceof NestedModelSpec nested) {
                collect(path + "/", nested.inner(), out);
            }
        }
    }

    private static void writeModel(H5Group root, String prefix, KerasModel m, Map<String, FloatTensor> outerValues) {
        vars(root, prefix, m.name(), List.of());
        KerasConventions.Keras3PathNames names = new KerasConventions.Keras3PathNames();
        for (Layer l : KerasConventions.trackedLayers(m)) {
            String path = prefix + "layers/" + names.next(savedClass(l));
            if (l.spec() instanceof NestedModelSpec nested) {
                // the outer layer holds the values, named <inner layer>/<weight>
                Map<String, FloatTensor> inner = new HashMap<>();
                for (Weight w : l.weights()) {
                    inner.put(w.name(), w.value());
                }
                writeModel(root, path + "/", nested.inner(), inner);
            } else {
                List<FloatTensor> values = new ArrayList<>();
                for (Weight w : KerasConventions.savedWeightOrder(l)) {
                    FloatTensor v = w.hasValue() ? w.value() : outerValues.get(l.name() + "/" + w.name());
                    if (v == null) {
                        throw new ExportException("layer " + l.name() + " has no value for weight " + w.name());
                    }
                    values.add(v);
                }
                List<String> owners = VariableOwner.subPaths(l.spec());
                if (owners.equals(List.of(""))) {
                    vars(root, path + "/", l.name(), values);
                } else {
                    // the layer's own vars group is empty; its cell(s) hold the values
                    vars(root, path + "/", l.name(), List.of());
                    int each = values.size() / owners.size();
                    for (int o = 0; o < owners.size(); o++) {
                        vars(root, path + "/" + owners.get(o) + "/", VariableOwner.ownerName(l.spec(), o),
                                values.subList(o * each, (o + 1) * each));
                    }
                }
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

    /** The class Keras 3 saves for the layer (a nested model's own class). */
    private static String savedClass(Layer l) {
        return l.spec() instanceof NestedModelSpec nested ? KerasConventions.canonicalClassName(nested.inner().modelClass())
                : Keras3Conversions.className(l);
    }
}
