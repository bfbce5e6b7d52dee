package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import java.util.List;

/**
 * Which Keras object owns a layer's variables. Recurrent layers keep theirs on their cell
 * (attribute {@code cell}, named e.g. {@code lstm_cell}), in tf.keras 2 and Keras 3 alike: Keras 3
 * saves them at {@code layers/lstm/cell/vars/0..n-1} (leaving {@code layers/lstm/vars} empty) and
 * a tf.keras SavedModel checkpoint tracks them below the layer's {@code cell} child; Bidirectional
 * keeps its two layers as {@code forward_layer} and {@code backward_layer}.
 */
public final class VariableOwner {
    private VariableOwner() {
    }

    /**
     * Paths of the variable-owning objects below the layer's group, in weight order; the layer's
     * declared weights are split evenly among them. "" for a layer that owns its variables, "cell"
     * for a recurrent layer, "forward_layer/cell" and "backward_layer/cell" for Bidirectional.
     */
    public static List<String> subPaths(LayerSpec spec) {
        if (spec instanceof BidirectionalSpec) {
            return List.of("forward_layer/cell", "backward_layer/cell");
        }
        if (spec instanceof TimeDistributedSpec t) {
            return subPaths(t.inner()).stream().map(p -> p.isEmpty() ? "layer" : "layer/" + p).toList();
        }
        return List.of(cellName(spec) == null ? "" : "cell");
    }

    /** The name attribute Keras 3 writes on owner {@code i}'s vars group, or null when the layer owns them. */
    public static String ownerName(LayerSpec spec, int i) {
        if (spec instanceof BidirectionalSpec b) {
            return cellName(i == 0 ? b.forward() : b.backward());
        }
        if (spec instanceof TimeDistributedSpec t) {
            String inner = ownerName(t.inner(), i);
            return inner == null ? t.innerName() : inner;
        }
        return cellName(spec);
    }

    /** The cell's name attribute as Keras 3 writes it, or null for a layer that owns its variables. */
    public static String cellName(LayerSpec spec) {
        if (spec instanceof LSTMSpec) {
            return "lstm_cell";
        }
        if (spec instanceof GRUSpec) {
            return "gru_cell";
        }
        if (spec instanceof SimpleRNNSpec) {
            return "simple_rnn_cell";
        }
        return null;
    }
}
