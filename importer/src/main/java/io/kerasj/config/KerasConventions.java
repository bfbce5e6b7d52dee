package io.kerasj.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Weight;
import io.kerasj.layers.InputLayerSpec;
import io.kerasj.layers.LayerRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How Keras names, orders and tracks a model's layers and weights — one home for the rules the
 * config parser, the readers and writers of every format, the summary printer and model surgery
 * share.
 */
public final class KerasConventions {
    private static final Pattern NON_WORD = Pattern.compile("\\W+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WORD_START = Pattern.compile("(.)([A-Z][a-z]+)");
    private static final Pattern LOWER_UPPER = Pattern.compile("([a-z])([A-Z])");

    private KerasConventions() {
    }

    /**
     * {@code model.layers}: every layer in model order, except that Sequential omits its InputLayer
     * (Keras' {@code Sequential.layers} drops it even when the config lists it). Weight files and
     * checkpoints number layers in this order.
     */
    public static List<Layer> trackedLayers(KerasModel model) {
        List<Layer> all = model.layers();
        if ("Sequential".equals(model.modelClass()) && !all.isEmpty() && all.get(0).spec() instanceof InputLayerSpec) {
            return all.subList(1, all.size());
        }
        return all;
    }

    /** A layer's weights as Keras saves them: trainable first, then the rest, each in declaration order. */
    public static List<Weight> savedWeightOrder(Layer layer) {
        List<Weight> out = new ArrayList<>();
        layer.weights().stream().filter(w -> w.spec().trainable()).forEach(out::add);
        layer.weights().stream().filter(w -> !w.spec().trainable()).forEach(out::add);
        return out;
    }

    /**
     * The class name Keras saves: a kind's canonical name for any alias ({@code Convolution2D} →
     * {@code Conv2D}); Keras 3 calls every Functional model {@code Functional}.
     */
    public static String canonicalClassName(String className) {
        return "Model".equals(className) ? "Functional" : LayerRegistry.defaults().canonicalName(className);
    }

    /**
     * Keras 3's {@code naming.to_snake_case}: {@code Conv2D} → {@code conv2d}, {@code MaxPooling2D}
     * → {@code max_pooling2d}, {@code PReLU} → {@code p_re_lu}.
     */
    public static String snakeCase(String className) {
        String s = NON_WORD.matcher(className).replaceAll("");
        s = WORD_START.matcher(s).replaceAll("$1_$2");
        return LOWER_UPPER.matcher(s).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    }

    /**
     * A layer's name in a model config: the entry's {@code name}, else its config's, else (a config
     * that names none) its class in lower case and its position.
     */
    public static String layerName(JsonNode layerJson, String className, int index) {
        if (layerJson.hasNonNull("name")) {
            return layerJson.get("name").asText();
        }
        JsonNode cfg = layerJson.get("config");
        if (cfg != null && cfg.hasNonNull("name")) {
            return cfg.get("name").asText();
        }
        return (className == null ? "layer" : className.toLowerCase(Locale.ROOT)) + "_" + index;
    }

    /**
     * Keras 3's per-container path names ({@code _save_container_state}): a layer is addressed by
     * its class in snake case, the second of a class gets {@code _1}, and so on. One instance per
     * container (model).
     */
    public static final class Keras3PathNames {
        private final Map<String, Integer> used = new HashMap<>();

        /** The path name of the next layer of class {@code className} (taken as saved, no alias resolution). */
        public String next(String className) {
            String base = snakeCase(className);
            Integer n = used.get(base);
            if (n == null) {
                used.put(base, 0);
                return base;
            }
            used.put(base, n + 1);
            return base + "_" + (n + 1);
        }
    }
}
