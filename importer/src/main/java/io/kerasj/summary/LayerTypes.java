package io.kerasj.summary;

import io.kerasj.config.KerasConventions;
import io.kerasj.layers.LayerRegistry;
import io.kerasj.layers.LayerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Layer class names as summaries print them. One layer kind has had several names (Keras 1
 * {@code Convolution2D}, aliases like {@code MaxPool2D}, {@code Model}/{@code Functional} for a
 * nested model), and Keras 2 cut names at the column edge ({@code MaxPooling2}, {@code Batc}).
 */
final class LayerTypes {
    // names only printed summaries use: a lower-case typo seen in hand-edited tables, a nested
    // model's two class names, and Keras 1's Merge (usually a concatenation); layer kinds'
    // aliases come from the registry
    private static final Map<String, String> PRINTED_ONLY = Map.of(
            "Conv2d", "Conv2D",
            "Model", "Functional",
            "Merge", "Concatenate");

    /** How well a printed type fits a model layer's class. */
    enum Fit {
        /** Same class (after aliases). */
        SAME,
        /** The printed name is a cut-off prefix of the class. */
        PREFIX,
        /** Nothing printed to compare. */
        UNKNOWN,
        DIFFERENT
    }

    private LayerTypes() {
    }

    static String canonical(String className) {
        String printed = PRINTED_ONLY.get(className);
        return printed != null ? printed : KerasConventions.canonicalClassName(className);
    }

    /**
     * Compares the printed type with a model layer's class name. A closed name that is a prefix
     * still fits: OCR'd and hand-edited tables close names Keras had cut ({@code (MaxPooling)}).
     */
    static Fit fit(String printed, boolean truncated, String className) {
        if (printed == null || printed.isEmpty()) {
            return Fit.UNKNOWN;
        }
        String model = canonical(className);
        String shown = canonical(printed);
        if (!truncated && shown.equals(model)) {
            return Fit.SAME;
        }
        if (shown.equals(model)) {
            return Fit.SAME;
        }
        String lowerShown = printed.toLowerCase(Locale.ROOT);
        if (startsWithIgnoreCase(model, lowerShown) || startsWithIgnoreCase(className, lowerShown)) {
            return Fit.PREFIX;
        }
        for (String alias : aliases(model)) {
            if (startsWithIgnoreCase(alias, lowerShown)) {
                return Fit.PREFIX;
            }
        }
        return Fit.DIFFERENT;
    }

    private static List<String> aliases(String canonical) {
        List<String> out = new ArrayList<>(LayerRegistry.defaults().find(canonical).map(LayerType::classNames).orElse(List.of()));
        PRINTED_ONLY.forEach((alias, c) -> {
            if (c.equals(canonical)) {
                out.add(alias);
            }
        });
        return out;
    }

    private static boolean startsWithIgnoreCase(String s, String lowerPrefix) {
        return s.toLowerCase(Locale.ROOT).startsWith(lowerPrefix);
    }

    /** A generated name without its counter: {@code conv2d_36} and {@code conv2d} both give {@code conv2d}. */
    static String baseName(String name) {
        int end = name.length();
        int i = end;
        while (i > 0 && Character.isDigit(name.charAt(i - 1))) {
            i--;
        }
        if (i < end && i > 0 && name.charAt(i - 1) == '_') {
            return name.substring(0, i - 1);
        }
        return name;
    }
}
