package io.kerasj.layers;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keras 1's {@code Merge} layer (functional {@code merge([a, b], mode=...)}): modes sum, mul, ave,
 * max and concat ({@code concat_axis}) fold the inputs element-wise or join them; dot and cos take
 * two inputs and contract {@code dot_axes} as Keras 1's {@code batch_dot} does. Output shapes
 * follow Keras 1's {@code get_output_shape_for}: dot/cos drop the contracted axes and give
 * {@code (batch, 1)} when nothing else remains. A Python function as mode is refused.
 */
public record Keras1MergeSpec(Mode mode, int concatAxis, int[] dotAxes) implements LayerSpec {

    public enum Mode { SUM, MUL, AVE, MAX, CONCAT, DOT, COS }

    public static Keras1MergeSpec parse(LayerConfig c) {
        String type = c.stringValue("raw", "mode_type");
        JsonNode m = c.find("mode").orElse(null);
        if (!type.equals("raw") || (m != null && !m.isTextual())) {
            throw new ConfigException("a Python function as merge mode is not supported (mode_type " + type + ")");
        }
        String name = m == null ? "sum" : m.asText();
        Mode mode;
        try {
            mode = Mode.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("merge mode '" + name + "' is not one of sum, mul, concat, ave, max, dot, cos");
        }
        int[] dotAxes = {-1, -1};
        JsonNode d = c.find("dot_axes").orElse(null);
        if (d != null) {
            dotAxes = d.isArray() ? c.tuple(d, 2, "dot_axes") : new int[] {d.asInt(), d.asInt()};
        }
        return new Keras1MergeSpec(mode, c.intValue(-1, "concat_axis"), dotAxes);
    }

    /** The element-wise or concatenating counterpart among Keras 2's merge layers, if any. */
    public MergeSpec elementwise() {
        return switch (mode) {
            case SUM -> new MergeSpec(MergeSpec.Op.ADD, -1);
            case MUL -> new MergeSpec(MergeSpec.Op.MULTIPLY, -1);
            case AVE -> new MergeSpec(MergeSpec.Op.AVERAGE, -1);
            case MAX -> new MergeSpec(MergeSpec.Op.MAXIMUM, -1);
            case CONCAT -> new MergeSpec(MergeSpec.Op.CONCATENATE, concatAxis);
            default -> null;
        };
    }

    /** The contracted axis of input {@code i} as a non-negative index (Keras 1: negative axes wrap). */
    public int dotAxis(int i, int rank) {
        int a = dotAxes[i] < 0 ? Math.floorMod(dotAxes[i], rank) : dotAxes[i];
        if (a <= 0 || a >= rank) {
            throw new ShapeException("dot_axes " + java.util.Arrays.toString(dotAxes) + " do not fit a rank-" + rank + " input");
        }
        return a;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        MergeSpec e = elementwise();
        if (e != null) {
            return e.outputShapes(inputs);
        }
        if (inputs.size() != 2) {
            throw new ShapeException(mode + " merge takes exactly 2 inputs, got " + inputs.size());
        }
        Shape a = inputs.get(0);
        Shape b = inputs.get(1);
        if (mode == Mode.COS && (a.rank() != 2 || b.rank() != 2)) {
            // for higher ranks Keras 1's cos tensor and its declared shape disagree; only 2-D is well defined
            throw new ShapeException("cos merge is supported for 2-D inputs (batch, features), got " + inputs);
        }
        return List.of(dotShape(a, b, dotAxis(0, a.rank()), dotAxis(1, b.rank())));
    }

    /**
     * {@code batch_dot}'s result shape (Keras 1 Merge and Keras 2/3 Dot): the axes of {@code a}
     * but {@code a0}, then those of {@code b} but batch and {@code a1}; (batch, 1) if nothing remains.
     */
    static Shape dotShape(Shape a, Shape b, int a0, int a1) {
        if (a.dim(a0) != b.dim(a1)) {
            throw new ShapeException("dot axes sizes differ: " + a + " axis " + a0 + " vs " + b + " axis " + a1);
        }
        if (a.rank() > 3 || a.rank() != b.rank()) {
            // batch_dot is a batched matmul (with adjoints) only up to rank 3
            throw new ShapeException("dot is supported for two inputs of equal rank 2 or 3, got " + a + ", " + b);
        }
        List<Integer> dims = new ArrayList<>();
        for (int i = 0; i < a.rank(); i++) {
            if (i != a0) {
                dims.add(a.dim(i));
            }
        }
        for (int i = 1; i < b.rank(); i++) {
            if (i != a1) {
                dims.add(b.dim(i));
            }
        }
        if (dims.size() == 1) {
            dims.add(1);
        }
        return Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public String detail() {
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
