package io.kerasj.export;

import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Weight;
import java.util.ArrayList;
import java.util.List;

/** The weight names a tf.keras 2.x HDF5 file lists (its layer and weight order: {@code KerasConventions}). */
final class LegacyWeights {
    private LegacyWeights() {
    }

    /**
     * The TF variable name: {@code <layer>/<weight>:0}; weights of a nested model already carry
     * their inner layer's name ({@code dense/kernel}), as TF names them.
     */
    static String name(Layer layer, Weight w) {
        return (w.name().contains("/") ? w.name() : layer.name() + "/" + w.name()) + ":0";
    }

    /** Throws when any declared weight has no value, naming every such layer. */
    static void requireValues(KerasModel model) {
        List<String> missing = new ArrayList<>();
        for (Layer l : model.layers()) {
            for (Weight w : l.weights()) {
                if (!w.hasValue()) {
                    missing.add(l.name() + "/" + w.name());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new ExportException("model " + model.name() + " has no values for " + missing.size() + " weight(s): "
                    + String.join(", ", missing.subList(0, Math.min(10, missing.size()))) + (missing.size() > 10 ? ", ..." : ""));
        }
    }
}
