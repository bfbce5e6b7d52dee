package io.kerasj.keras3;

import io.kerasj.ir.LayerSpec;
import io.kerasj.layers.GRUSpec;
import io.kerasj.layers.LSTMSpec;
import io.kerasj.layers.SimpleRNNSpec;

/**
 * Which object owns a layer's variables in a Keras 3 weights file. Recurrent layers keep theirs on
 * their cell (attribute {@code cell}, named e.g. {@code lstm_cell}), so Keras 3 saves them at
 * {@code layers/lstm/cell/vars/0..n-1} and leaves {@code layers/lstm/vars} empty.
 */
public final class Keras3VariableOwner {
    private Keras3VariableOwner() {
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
