package io.kerasj.runtime.train;

import io.kerasj.config.ModelConfigParser;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.ir.SourceInfo;
import io.kerasj.runtime.data.FloatDataset;

/** Small Sequential models as Keras configs with the fill-rule weights, and toy data sets. */
final class TrainModels {
    private TrainModels() {
    }

    static KerasModel sequential(int[] featureShape, String... layers) {
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
        return FillRule.fill(ModelConfigParser.parse(sb.toString(), null,
                new SourceInfo("json", "2.4.0", "tensorflow", null)));
    }

    static String layer(String cls, String name, String config) {
        return "{\"class_name\": \"" + cls + "\", \"config\": {\"name\": \"" + name + "\""
                + (config.isEmpty() ? "" : ", " + config) + "}}";
    }

    /**
     * A separable toy problem: {@code n} samples of {@code dims} values in [0, 1); the class is
     * the index of the largest of the first {@code classes} values.
     */
    static FloatDataset argmaxData(int n, int classes, long seed, int... dims) {
        Shape s = Shape.of(dims);
        int size = Math.toIntExact(s.size());
        java.util.Random r = new java.util.Random(seed);
        float[] x = new float[n * size];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 0; j < size; j++) {
                x[i * size + j] = r.nextFloat();
                if (j < classes && x[i * size + j] > x[i * size + best]) {
                    best = j;
                }
            }
            y[i] = best;
        }
        return new FloatDataset(x, s, y, classes, "argmax toy data");
    }
}
