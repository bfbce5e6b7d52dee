package io.kerasj.export;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.ir.Layer;
import io.kerasj.layers.Keras1MergeSpec;
import io.kerasj.layers.ThresholdedReLUSpec;

/**
 * Layers Keras 3 no longer has, written as the Keras 3 layer that computes the same: Keras 1
 * {@code Merge} as {@code Add}/{@code Multiply}/{@code Average}/{@code Maximum}/{@code Concatenate}/
 * {@code Dot} ({@code cos} as {@code Dot(normalize=True)}, the same cosine up to float rounding and
 * the near-zero-norm guard), {@code ThresholdedReLU(theta)} as {@code ReLU(threshold=theta)} (both
 * {@code x·[x > θ]}).
 */
final class Keras3Conversions {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Keras3Conversions() {
    }

    /** The Keras 3 class a layer is saved as. */
    static String className(Layer l) {
        if (l.spec() instanceof Keras1MergeSpec m) {
            return switch (m.mode()) {
                case SUM -> "Add";
                case MUL -> "Multiply";
                case AVE -> "Average";
                case MAX -> "Maximum";
                case CONCAT -> "Concatenate";
                case DOT, COS -> "Dot";
            };
        }
        if (l.spec() instanceof ThresholdedReLUSpec) {
            return "ReLU";
        }
        return io.kerasj.config.KerasConventions.canonicalClassName(l.className());
    }

    /** Rewrites the converted layers' config in place (keeps name, trainable, dtype). */
    static void config(Layer l, ObjectNode out) {
        if (l.spec() instanceof Keras1MergeSpec m) {
            for (String k : new String[] {"mode", "mode_type", "concat_axis", "dot_axes", "output_shape", "output_shape_type",
                "output_mask", "output_mask_type", "arguments"}) {
                out.remove(k);
            }
            switch (m.mode()) {
                case CONCAT -> out.put("axis", m.concatAxis());
                case DOT, COS -> {
                    int rank = l.node().inputShapes().get(0).rank();
                    out.set("axes", F.arrayNode().add(m.dotAxis(0, rank)).add(m.dotAxis(1, rank)));
                    out.put("normalize", m.mode() == Keras1MergeSpec.Mode.COS);
                }
                default -> {
                }
            }
        } else if (l.spec() instanceof ThresholdedReLUSpec t) {
            out.remove("theta");
            out.putNull("max_value");
            out.put("negative_slope", 0.0);
            out.put("threshold", t.theta());
        }
    }
}
