package io.kerasj.export;

import io.kerasj.layers.LayerRegistry;
import java.util.Locale;

/** Keras 3 class names for Keras 1/2 spellings, and Keras 3's snake-case naming of saved layers. */
final class Keras3Names {
    private Keras3Names() {
    }

    /** The saved class_name: the class's own name for an alias; Keras 3 calls every Functional model Functional. */
    static String className(String kerasClassName) {
        return "Model".equals(kerasClassName) ? "Functional" : LayerRegistry.defaults().canonicalName(kerasClassName);
    }

    /** Keras 3 {@code naming.to_snake_case}: how {@code _save_container_state} names a layer's group. */
    static String snakeCase(String className) {
        String s = className.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
