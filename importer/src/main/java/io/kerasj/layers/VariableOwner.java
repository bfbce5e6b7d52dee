package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;

/**
 * Which Keras object owns a layer's variables. Recurrent layers keep theirs on their cell
 * (attribute {@code cell}, named e.g. {@code lstm_cell}), in tf.keras 2 and Keras 3 alike: Keras 3
 * saves them at {@code layers/lstm/cell/vars/0..n-1} (leaving {@code layers/lstm/vars} empty) and
 * a tf.keras SavedModel checkpoint tracks them below the layer's {@code cell} child.
 */
public final class VariableOwner {
    private VariableOwner() {
    }

    /** Path of the variable-owning object below the layer's group: "" or "cell". */
    public static String subPath(LayerSpec spec) {
        return cellName(spec) == null ? "" : "cell";
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
