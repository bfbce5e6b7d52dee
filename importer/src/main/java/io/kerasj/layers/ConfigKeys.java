package io.kerasj.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** How Keras versions named layer arguments, for configs carried from one version to another. */
public final class ConfigKeys {
    /** Keras 1 argument names of the built-in layers, and their Keras 2/3 names. */
    public static final Map<String, String> KERAS1_KEYS = Map.ofEntries(
            Map.entry("nb_filter", "filters"), Map.entry("subsample", "strides"), Map.entry("border_mode", "padding"),
            Map.entry("output_dim", "units"), Map.entry("init", "kernel_initializer"), Map.entry("bias", "use_bias"),
            Map.entry("W_regularizer", "kernel_regularizer"), Map.entry("b_regularizer", "bias_regularizer"),
            Map.entry("W_constraint", "kernel_constraint"), Map.entry("b_constraint", "bias_constraint"),
            Map.entry("p", "rate"), Map.entry("atrous_rate", "dilation_rate"), Map.entry("depth_multiplier", "depth_multiplier"),
            Map.entry("sigma", "stddev"), Map.entry("filter_length", "kernel_size"), Map.entry("subsample_length", "strides"),
            Map.entry("pool_length", "pool_size"), Map.entry("stride", "strides"), Map.entry("length", "size"));

    private ConfigKeys() {
    }

    /** Renames a config key a later Keras version renamed, unless the new one is already there. */
    public static void rename(ObjectNode config, String from, String to) {
        if (config.has(from) && !config.has(to)) {
            JsonNode v = config.remove(from);
            config.set(to, v);
        }
    }

    /**
     * A wrapped layer (TimeDistributed's or Bidirectional's {@code layer}) as Keras 3 serialises it:
     * Keras 2 wrote {@code {class_name, config}}, Keras 3 adds the module and registered_name.
     */
    public static void wrapKeras3Layer(ObjectNode config, String key) {
        JsonNode inner = config.get(key);
        if (inner instanceof ObjectNode o && !o.has("module")) {
            ObjectNode wrapped = o.deepCopy();
            wrapped.put("module", "keras.layers");
            wrapped.putNull("registered_name");
            config.set(key, wrapped);
        }
    }
}
