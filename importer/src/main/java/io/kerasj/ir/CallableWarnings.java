package io.kerasj.ir;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the places where a model config names a Python callable kerasj does not recognise as
 * Keras' own — an initializer, regularizer or constraint given as a dotted name ({@code
 * os.system}), a class from a module outside Keras, a registered custom object, or an unknown
 * class. kerasj never runs any of them (initializers, regularizers and constraints do not affect
 * inference and are ignored on import), but a config that names one deserves a warning, not
 * silence: a loader that resolves names would run it.
 */
final class CallableWarnings {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Keras 1 spells the kernel initializer {@code init} (and {@code inner_init} in recurrent layers). */
    private static final Set<String> KERAS1_KEYS = Set.of("init", "inner_init");
    private static final int MAX_WARNINGS = 100;
    private static final int MAX_DEPTH = 64;

    private static final Set<String> KNOWN = lower(Set.of(
            // initializers (classes and string aliases, Keras 1-3)
            "Zeros", "Zero", "Ones", "One", "Constant", "RandomNormal", "RandomUniform", "TruncatedNormal",
            "VarianceScaling", "Orthogonal", "Identity", "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform",
            "LecunNormal", "LecunUniform", "normal", "uniform", "glorot_normal", "glorot_uniform", "he_normal",
            "he_uniform", "lecun_normal", "lecun_uniform", "random_normal", "random_uniform", "truncated_normal",
            "variance_scaling", "STFTInitializer", "stft",
            // regularizers
            "L1", "L2", "L1L2", "l1_l2", "OrthogonalRegularizer", "orthogonal_regularizer", "WeightRegularizer",
            "ActivityRegularizer",
            // constraints
            "MaxNorm", "max_norm", "maxnorm", "MinMaxNorm", "min_max_norm", "NonNeg", "non_neg", "nonneg",
            "UnitNorm", "unit_norm", "unitnorm", "RadialConstraint", "radial_constraint"));

    private CallableWarnings() {
    }

    private static Set<String> lower(Set<String> names) {
        Set<String> out = new java.util.HashSet<>();
        names.forEach(n -> out.add(n.toLowerCase(Locale.ROOT).replace("_", "")));
        return Set.copyOf(out);
    }

    static List<ImportProblem> of(JsonNode modelConfig) {
        List<ImportProblem> out = new ArrayList<>();
        if (modelConfig != null) {
            walk(modelConfig, null, out, 0);
        }
        return List.copyOf(out);
    }

    private static void walk(JsonNode n, String layer, List<ImportProblem> out, int depth) {
        if (depth > MAX_DEPTH || out.size() >= MAX_WARNINGS) {
            return;
        }
        if (n.isArray()) {
            n.forEach(e -> walk(e, layer, out, depth + 1));
            return;
        }
        if (!n.isObject()) {
            return;
        }
        String here = layer;
        JsonNode cfg = n.get("config");
        if (n.has("class_name") && cfg != null && cfg.isObject() && cfg.path("name").isTextual()) {
            here = cfg.get("name").asText();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.endsWith("_initializer") || key.endsWith("_regularizer") || key.endsWith("_constraint")
                    || KERAS1_KEYS.contains(key)) {
                String why = suspicious(e.getValue());
                if (why != null && out.size() < MAX_WARNINGS) {
                    out.add(new ImportProblem(here, key + " " + why + "; kerasj ignores it and runs nothing from the "
                            + "file, but a loader that resolves names would call it"));
                }
            }
            walk(e.getValue(), here, out, depth + 1);
        }
    }

    /** Why the value names something other than Keras' own class, or null. */
    private static String suspicious(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return unknownName(v.asText());
        }
        if (!v.isObject()) {
            return null;
        }
        JsonNode module = v.get("module");
        if (module != null && module.isTextual() && !isKerasModule(module.asText())) {
            return "names a class from module '" + module.asText() + "', outside Keras";
        }
        JsonNode registered = v.get("registered_name");
        JsonNode cls = v.has("class_name") ? v.get("class_name") : v.get("name");
        if (registered != null && registered.isTextual() && (cls == null || !registered.asText().equals(cls.asText()))) {
            return "names the registered custom object '" + registered.asText() + "'";
        }
        return cls != null && cls.isTextual() ? unknownName(cls.asText()) : null;
    }

    private static String unknownName(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            return "names '" + abbreviate(name) + "', which is not a Keras class or alias but looks like a Python "
                    + "callable";
        }
        if (!KNOWN.contains(name.toLowerCase(Locale.ROOT).replace("_", ""))) {
            return "names '" + name + "', which is not a Keras built-in";
        }
        return null;
    }

    private static boolean isKerasModule(String module) {
        return module.equals("keras") || module.startsWith("keras.") || module.startsWith("tensorflow.keras")
                || module.startsWith("tensorflow.python.keras") || module.startsWith("tf_keras");
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
