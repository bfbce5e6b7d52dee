package io.kerasj.layers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads activation values of layer configs; the names themselves live in {@link ActivationFunction}. */
public final class Activations {
    /** Every built-in activation name of Keras 2 and 3 (aliases included). */
    public static final Set<String> KNOWN = Arrays.stream(ActivationFunction.values())
            .flatMap(f -> f.names().stream()).collect(Collectors.toUnmodifiableSet());

    private Activations() {
    }

    /** The canonical name of an activation value, rejecting custom functions with a clear message. */
    public static String canonicalName(JsonNode v) {
        String name;
        if (v.isTextual()) {
            name = v.asText();
        } else if (v.isObject() && v.has("config") && v.get("config").isTextual()) {
            name = v.get("config").asText();
        } else if (v.isObject() && v.has("class_name")) {
            name = v.get("class_name").asText();
        } else {
            throw new ConfigException("activation should be a name, found " + v);
        }
        return ActivationFunction.of(name).canonicalName();
    }
}
