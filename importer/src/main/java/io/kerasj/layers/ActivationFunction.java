package io.kerasj.layers;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every Keras built-in activation function kerasj knows, with its Keras names: the one place
 * activation names live. Specs carry the canonical name; engines switch on the constant.
 */
public enum ActivationFunction {
    LINEAR("linear"),
    RELU("relu"),
    RELU6("relu6"),
    SIGMOID("sigmoid"),
    HARD_SIGMOID("hard_sigmoid"),
    SOFTMAX("softmax"),
    LOG_SOFTMAX("log_softmax"),
    TANH("tanh"),
    ELU("elu"),
    SELU("selu"),
    SOFTPLUS("softplus"),
    SOFTSIGN("softsign"),
    EXPONENTIAL("exponential"),
    /** Keras 2.x {@code swish}, renamed {@code silu} in Keras 3. */
    SILU("silu", "swish"),
    /** Exact form (approximate=False), the default of tf.keras and Keras 3. */
    GELU("gelu"),
    /** Keras 3 {@code activations.leaky_relu}, negative_slope 0.2. */
    LEAKY_RELU("leaky_relu"),
    MISH("mish"),
    /** Keras 3 {@code hard_silu}, also called {@code hard_swish}. */
    HARD_SILU("hard_silu", "hard_swish");

    private static final Map<String, ActivationFunction> BY_NAME = new HashMap<>();

    static {
        for (ActivationFunction f : values()) {
            f.names.forEach(n -> BY_NAME.put(n, f));
        }
    }

    private final List<String> names;

    ActivationFunction(String canonicalName, String... aliases) {
        this.names = new java.util.ArrayList<>(List.of(canonicalName));
        this.names.addAll(List.of(aliases));
    }

    /** The name kerasj's specs carry (the first of its Keras names). */
    public String canonicalName() {
        return names.get(0);
    }

    /** Every Keras name of this function, canonical first. */
    public List<String> names() {
        return List.copyOf(names);
    }

    /** The function any Keras name (any case) stands for. */
    public static Optional<ActivationFunction> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The function a canonical or alias name stands for; refuses anything else. */
    public static ActivationFunction of(String name) {
        return find(name).orElseThrow(() -> new ConfigException("activation '" + name.toLowerCase(Locale.ROOT)
                + "' is not a Keras built-in activation"));
    }
}
