package io.kerasj.runtime;

import io.kerasj.config.ModelConfigParser;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.ir.SourceInfo;
import java.util.List;

/** Small Keras models written as configs, filled with the oracle's deterministic weights. */
final class TestModels {
    private TestModels() {
    }

    /** A Sequential model: an InputLayer of {@code featureShape}, then the given layers (JSON objects). */
    static KerasModel sequential(int[] featureShape, String... layers) {
        return sequential(2, featureShape, layers);
    }

    static KerasModel sequential(int kerasMajor, int[] featureShape, String... layers) {
        StringBuilder dims = new StringBuilder("null");
        for (int d : featureShape) {
            dims.append(", ").append(d);
        }
        StringBuilder sb = new StringBuilder("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": [");
        sb.append("{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_input_shape\": [")
                .append(dims).append("]}}");
        for (String l : layers) {
            sb.append(", ").append(l);
        }
        sb.append("]}}");
        return FillRule.fill(parse(sb.toString(), kerasMajor));
    }

    static KerasModel parse(String json, int kerasMajor) {
        return ModelConfigParser.parse(json, null, new SourceInfo("json", kerasMajor + ".0.0", "tensorflow", null));
    }

    /** {@code {"class_name": cls, "config": {"name": name, ...}}} */
    static String layer(String cls, String name, String config) {
        return "{\"class_name\": \"" + cls + "\", \"config\": {\"name\": \"" + name + "\""
                + (config.isEmpty() ? "" : ", " + config) + "}}";
    }

    /** Deterministic inputs in [-1, 1) for {@code batch} samples. */
    static FloatTensor input(int batch, int... featureShape) {
        FloatTensor u = FillRule.input(batch, featureShape);
        float[] v = u.toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = 2 * v[i] - 1;
        }
        int[] dims = new int[featureShape.length + 1];
        dims[0] = batch;
        System.arraycopy(featureShape, 0, dims, 1, featureShape.length);
        return FloatTensor.wrap(Shape.of(dims), v);
    }

    static FloatTensor run(KerasModel model, FloatTensor input) {
        try (Predictor p = KerasRuntime.builder(model).build()) {
            return p.predict(List.of(input)).get(0);
        }
    }
}
