package io.kerasj.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import io.kerasj.ir.WeightSpec;
import java.util.List;
import java.util.Map;

/**
 * Keras {@code Embedding}: looks rows of {@code embeddings} (input_dim, output_dim) up by integer
 * index (Keras 1 stored the matrix as {@code W}). {@code input_length} fills timestep dimensions
 * the input leaves unknown, as Keras' compute_output_shape does. With {@code mask_zero} index 0
 * is padding: the output carries a mask that is false there.
 */
public record EmbeddingSpec(int inputDim, int outputDim, boolean maskZero, int[] inputLength) implements LayerSpec {
    /** Keras 1 named the matrix options after W; output_dim keeps its name (unlike Dense's). */
    public static final Map<String, String> KERAS1_KEYS = Map.of("init", "embeddings_initializer",
            "W_regularizer", "embeddings_regularizer", "W_constraint", "embeddings_constraint");

    public static EmbeddingSpec parse(LayerConfig c) {
        int inputDim = c.requireInt("input_dim");
        int outputDim = c.requireInt("output_dim");
        if (inputDim <= 0 || outputDim <= 0 || (long) inputDim * outputDim > Integer.MAX_VALUE) {
            throw new ConfigException("Embedding input_dim and output_dim must be positive with a product below 2^31,"
                    + " found " + inputDim + ", " + outputDim);
        }
        return new EmbeddingSpec(inputDim, outputDim, c.boolValue(false, "mask_zero"), inputLength(c));
    }

    private static int[] inputLength(LayerConfig c) {
        JsonNode v = c.find("input_length").orElse(null);
        if (v == null) {
            return null;
        }
        if (v.isArray()) {
            int[] out = new int[v.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = v.get(i).isNull() ? Shape.UNKNOWN : c.tuple(v.get(i), 1, "input_length")[0];
            }
            return out;
        }
        return c.tuple(v, 1, "input_length");
    }

    /** Keras 1's Embedding dropout has no Keras 3 counterpart: only its default 0 converts. */
    static void toKeras3Config(ObjectNode out) {
        JsonNode dropout = out.remove("dropout");
        if (dropout != null && dropout.asDouble() != 0) {
            throw new ConfigException("Keras 1 Embedding dropout=" + dropout + " has no Keras 3 equivalent");
        }
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = ShapeException.single(inputs, "Embedding");
        int[] dims = new int[in.rank() + 1];
        dims[0] = in.dim(0);
        for (int i = 1; i < in.rank(); i++) {
            int given = inputLength != null && i - 1 < inputLength.length ? inputLength[i - 1] : Shape.UNKNOWN;
            if (given != Shape.UNKNOWN && in.isKnown(i) && given != in.dim(i)) {
                throw new ShapeException("Embedding input_length " + given + " differs from the input's dimension "
                        + in.dim(i) + " in " + in);
            }
            dims[i] = in.isKnown(i) ? in.dim(i) : given;
        }
        dims[in.rank()] = outputDim;
        return List.of(Shape.of(dims));
    }

    @Override
    public List<WeightSpec> weights(List<Shape> inputs) {
        return List.of(WeightSpec.trainable("embeddings", inputDim, outputDim));
    }

    @Override
    public String detail() {
        return inputDim + "x" + outputDim + (maskZero ? " mask_zero" : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmbeddingSpec e && e.inputDim == inputDim && e.outputDim == outputDim
                && e.maskZero == maskZero && java.util.Arrays.equals(e.inputLength, inputLength);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(inputDim, outputDim, maskZero, java.util.Arrays.hashCode(inputLength));
    }

    @Override
    public String toString() {
        return "EmbeddingSpec[" + detail() + ", input_length=" + java.util.Arrays.toString(inputLength) + "]";
    }
}
