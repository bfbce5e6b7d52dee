package io.kerasj.layers;

import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every Keras recurrent layer ({@code SimpleRNN}, {@code LSTM}, {@code GRU}) shares: units,
 * the two activations, bias, what it returns, direction and input/recurrent dropout. Keras 1 names
 * ({@code output_dim}, {@code inner_activation}, {@code dropout_W}, {@code dropout_U}) are read as
 * aliases. Stateful layers are refused: their state outlives a call, which a stateless graph cannot
 * reproduce.
 */
public record RecurrentOptions(int units, String activation, String recurrentActivation, boolean useBias,
                               boolean returnSequences, boolean returnState, boolean goBackwards,
                               double dropout, double recurrentDropout) {
    /** Four gates of this many units still index a Java array: larger claims are refused, not allocated. */
    static final int MAX_UNITS = 1 << 24;

    /** Keras 1 argument names of recurrent layers and their Keras 2/3 names (the common ones included). */
    public static final Map<String, String> KERAS1_KEYS = keras1Keys();

    public RecurrentOptions {
        if (units <= 0 || units > MAX_UNITS) {
            throw new ConfigException("units must be in 1.." + MAX_UNITS + ", found " + units);
        }
        checkRate(dropout, "dropout");
        checkRate(recurrentDropout, "recurrent_dropout");
    }

    /**
     * Reads the shared options. When a config omits {@code recurrent_activation} (Keras 2 and 3 always
     * write it; Keras 1's {@code inner_activation} too), the default is Keras 1's hard_sigmoid for a
     * Keras 1 file and sigmoid otherwise (Keras 2.3+, tf.keras and Keras 3; Keras 2.0–2.2 wrote the key).
     */
    static RecurrentOptions parse(LayerConfig c) {
        if (c.boolValue(false, "stateful")) {
            throw new ConfigException(c.className() + " with stateful=True is not supported: its state carries over"
                    + " between batches, which kerasj's stateless graphs do not model; re-create the layer with"
                    + " stateful=False (same weights) to import it");
        }
        String recurrentDefault = c.kerasMajor() == 1 ? "hard_sigmoid" : "sigmoid";
        String recurrentActivation = c.has("recurrent_activation", "inner_activation")
                ? Activations.canonicalName(c.require("recurrent_activation", "inner_activation")) : recurrentDefault;
        return new RecurrentOptions(c.requireInt("units", "output_dim"),
                c.has("activation") ? c.activation("activation") : "tanh", recurrentActivation,
                c.boolValue(true, "use_bias"), c.boolValue(false, "return_sequences"),
                c.boolValue(false, "return_state"), c.boolValue(false, "go_backwards"),
                c.doubleValue(0.0, "dropout", "dropout_W"), c.doubleValue(0.0, "recurrent_dropout", "dropout_U"));
    }

    public RecurrentOptions withGoBackwards(boolean backwards) {
        return new RecurrentOptions(units, activation, recurrentActivation, useBias, returnSequences, returnState, backwards,
                dropout, recurrentDropout);
    }

    /**
     * Output shapes for a (batch, timesteps, features) input followed by {@code states} optional
     * initial-state inputs (Keras 2 functional configs pass {@code initial_state} as extra inbound tensors).
     */
    List<Shape> outputShapes(List<Shape> inputs, String kind, int states) {
        if (inputs.isEmpty()) {
            throw new ShapeException(kind + " needs an input");
        }
        Shape in = inputs.get(0);
        if (in.rank() != 3 || !in.isKnown(2)) {
            throw new ShapeException(kind + " expects (batch, timesteps, features) with known features, got " + in);
        }
        if (inputs.size() != 1 && inputs.size() != 1 + states) {
            throw new ShapeException(kind + " takes its input and optionally " + states + " initial state(s), got "
                    + inputs.size() + " inputs");
        }
        for (int i = 1; i < inputs.size(); i++) {
            Shape s = inputs.get(i);
            if (s.rank() != 2 || s.dim(1) != units) {
                throw new ShapeException(kind + " initial state " + i + " should be (batch, " + units + "), got " + s);
            }
        }
        List<Shape> out = new ArrayList<>();
        out.add(returnSequences ? Shape.of(in.dim(0), in.dim(1), units) : Shape.of(in.dim(0), units));
        if (returnState) {
            for (int i = 0; i < states; i++) {
                out.add(Shape.of(in.dim(0), units));
            }
        }
        return out;
    }

    private static Map<String, String> keras1Keys() {
        Map<String, String> m = new HashMap<>(ConfigKeys.KERAS1_KEYS);
        m.put("inner_activation", "recurrent_activation");
        m.put("inner_init", "recurrent_initializer");
        m.put("U_regularizer", "recurrent_regularizer");
        m.put("U_constraint", "recurrent_constraint");
        m.put("dropout_W", "dropout");
        m.put("dropout_U", "recurrent_dropout");
        return Map.copyOf(m);
    }

    /** Keras 1's consume_less (an implementation choice) and forget_bias_init (an initializer) have no Keras 3 argument. */
    static void toKeras3Config(ObjectNode config) {
        config.remove("consume_less");
        config.remove("forget_bias_init");
    }

    String detail() {
        return "units=" + units + (returnSequences ? " sequences" : "") + (returnState ? " state" : "")
                + (goBackwards ? " backwards" : "");
    }

    private static void checkRate(double rate, String key) {
        if (rate < 0 || rate >= 1) {
            throw new ConfigException(key + " must be in [0, 1), found " + rate);
        }
    }
}
