package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import java.util.List;

/** Keras {@code InputLayer}: declares the model input shape (batch first). */
public record InputLayerSpec(Shape shape, String dtype) implements LayerSpec {
    public static InputLayerSpec parse(LayerConfig c) {
        Shape shape;
        if (c.has("batch_input_shape", "batch_shape")) {
            shape = Shape.of(c.intList("batch_input_shape", "batch_shape").stream()
                    .map(d -> d < 0 ? null : d).toList());
        } else if (c.has("input_shape", "shape")) {
            List<Integer> dims = new java.util.ArrayList<>();
            dims.add(null);
            c.intList("input_shape", "shape").forEach(d -> dims.add(d < 0 ? null : d));
            shape = Shape.of(dims);
        } else {
            throw new ConfigException("InputLayer has neither batch_input_shape nor batch_shape");
        }
        return new InputLayerSpec(shape, dtype(c));
    }

    /** Keras 1/2 write the dtype as a string; Keras 3 may write a serialised DTypePolicy object. */
    private static String dtype(LayerConfig c) {
        com.fasterxml.jackson.databind.JsonNode d = c.find("dtype").orElse(null);
        if (d != null && d.isObject()) {
            com.fasterxml.jackson.databind.JsonNode name = d.path("config").path("name");
            if (!name.isTextual()) {
                throw new ConfigException("dtype should be a string or a DTypePolicy object, found " + d);
            }
            return name.asText();
        }
        return c.stringValue("float32", "dtype");
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        return List.of(shape);
    }
}
