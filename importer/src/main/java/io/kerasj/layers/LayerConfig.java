package io.kerasj.layers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Typed access to one layer's Keras config, tolerant of the ways Keras versions wrote it: Keras 1
 * key names are given as aliases by callers, tuples may be ints or lists, activations may be a
 * string or a serialised object (Keras 3), and unknown keys are ignored.
 */
public final class LayerConfig {
    private final String layerName;
    private final String className;
    private final JsonNode config;
    private final int kerasMajor;
    private final String kerasVersion;

    public LayerConfig(String layerName, String className, JsonNode config, int kerasMajor) {
        this(layerName, className, config, kerasMajor, null);
    }

    /** With the full Keras version the file declares (e.g. {@code 2.3.0-tf}), for version-dependent defaults. */
    public LayerConfig(String layerName, String className, JsonNode config, int kerasMajor, String kerasVersion) {
        this.layerName = layerName;
        this.className = className;
        this.config = config;
        this.kerasMajor = kerasMajor;
        this.kerasVersion = kerasVersion == null ? "" : kerasVersion;
    }

    public String layerName() {
        return layerName;
    }

    public String className() {
        return className;
    }

    public JsonNode json() {
        return config;
    }

    /** Keras major version the file declares (0 when unknown). */
    public int kerasMajor() {
        return kerasMajor;
    }

    /** The full Keras version the file declares, or "" when unknown. */
    public String kerasVersion() {
        return kerasVersion;
    }

    /** The first present, non-null value among the given keys (new name first, then Keras 1 aliases). */
    public Optional<JsonNode> find(String... keys) {
        for (String k : keys) {
            JsonNode v = config.get(k);
            if (v != null && !v.isNull()) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    public boolean has(String... keys) {
        return find(keys).isPresent();
    }

    public JsonNode require(String... keys) {
        return find(keys).orElseThrow(() -> new ConfigException("config has no '" + keys[0] + "'"));
    }

    public int requireInt(String... keys) {
        return toInt(require(keys), keys[0]);
    }

    public int intValue(int defaultValue, String... keys) {
        return find(keys).map(v -> toInt(v, keys[0])).orElse(defaultValue);
    }

    public double doubleValue(double defaultValue, String... keys) {
        return find(keys).map(v -> {
            if (!v.isNumber()) {
                throw new ConfigException("'" + keys[0] + "' should be a number, found " + v);
            }
            return v.asDouble();
        }).orElse(defaultValue);
    }

    public boolean boolValue(boolean defaultValue, String... keys) {
        return find(keys).map(v -> {
            if (!v.isBoolean()) {
                throw new ConfigException("'" + keys[0] + "' should be true or false, found " + v);
            }
            return v.asBoolean();
        }).orElse(defaultValue);
    }

    public String stringValue(String defaultValue, String... keys) {
        return find(keys).map(v -> {
            if (!v.isTextual()) {
                throw new ConfigException("'" + keys[0] + "' should be a string, found " + v);
            }
            return v.asText();
        }).orElse(defaultValue);
    }

    /** A tuple of {@code n} ints; Keras accepts a single int meaning "the same in every dimension". */
    public int[] intTuple(int n, int[] defaultValue, String... keys) {
        Optional<JsonNode> v = find(keys);
        if (v.isEmpty()) {
            return defaultValue;
        }
        return tuple(v.get(), n, keys[0]);
    }

    public int[] tuple(JsonNode v, int n, String key) {
        if (v.isIntegralNumber()) {
            int[] out = new int[n];
            java.util.Arrays.fill(out, toInt(v, key));
            return out;
        }
        if (!v.isArray() || v.size() != n) {
            throw new ConfigException("'" + key + "' should be " + n + " integers, found " + v);
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = toInt(v.get(i), key);
        }
        return out;
    }

    /** A list of ints where {@code null} entries (Python None) become -1. */
    public List<Integer> intList(String... keys) {
        JsonNode v = require(keys);
        if (!v.isArray()) {
            throw new ConfigException("'" + keys[0] + "' should be a list, found " + v);
        }
        List<Integer> out = new ArrayList<>();
        for (JsonNode e : v) {
            out.add(e.isNull() ? -1 : toInt(e, keys[0]));
        }
        return out;
    }

    /**
     * The activation name: a string in Keras 1/2, or a serialised function object in Keras 3
     * ({@code {"module": "keras.activations", "class_name": "function", "config": "relu"}}).
     */
    public String activation(String key) {
        Optional<JsonNode> v = find(key);
        if (v.isEmpty()) {
            return "linear";
        }
        return Activations.canonicalName(v.get());
    }

    /**
     * channels_last or channels_first, from Keras 2's {@code data_format} or Keras 1's
     * {@code dim_ordering} (tf / th); Keras' default is channels_last.
     */
    public String dataFormat() {
        Optional<JsonNode> df = find("data_format");
        if (df.isPresent()) {
            String s = df.get().asText();
            if (!s.equals("channels_last") && !s.equals("channels_first")) {
                throw new ConfigException("data_format should be channels_last or channels_first, found " + s);
            }
            return s;
        }
        Optional<JsonNode> ord = find("dim_ordering");
        if (ord.isPresent()) {
            switch (ord.get().asText()) {
                case "tf":
                    return "channels_last";
                case "th":
                    return "channels_first";
                case "default":
                    return "channels_last";
                default:
                    throw new ConfigException("dim_ordering should be tf or th, found " + ord.get());
            }
        }
        return "channels_last";
    }

    /** Padding mode {@code valid} or {@code same} (Keras 1 {@code border_mode}). */
    public String padding() {
        String p = stringValue("valid", "padding", "border_mode").toLowerCase(java.util.Locale.ROOT);
        if (!p.equals("valid") && !p.equals("same")) {
            throw new ConfigException("padding '" + p + "' is not supported (valid or same)");
        }
        return p;
    }

    private static int toInt(JsonNode v, String key) {
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.asInt();
        }
        if (v.isFloatingPointNumber() && v.asDouble() == Math.rint(v.asDouble()) && Math.abs(v.asDouble()) < Integer.MAX_VALUE) {
            return (int) v.asDouble();
        }
        throw new ConfigException("'" + key + "' should be an integer, found " + v);
    }
}
