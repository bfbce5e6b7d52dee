package io.kerasj.runtime;

import static io.kerasj.runtime.Naive.assertClose;
import static io.kerasj.runtime.TestModels.layer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.config.ModelConfigParser;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.ir.SourceInfo;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The issue-18 convolution, pooling, resizing, padding, normalisation and merge layers against loop references. */
class BreadthLayersTest {
    private static final double TOL = 2e-6;

    private static FloatTensor cl(FloatTensor channelsFirst) {
        int r = channelsFirst.shape().rank();
        int[] perm = new int[r];
        for (int i = 1; i < r - 1; i++) {
            perm[i] = i + 1;
        }
        perm[r - 1] = 1;
        return Naive.permute(channelsFirst, perm);
    }

    private static FloatTensor cf(FloatTensor channelsLast) {
        int r = channelsLast.shape().rank();
        int[] perm = new int[r];
        perm[1] = r - 1;
        for (int i = 2; i < r; i++) {
            perm[i] = i - 1;
        }
        return Naive.permute(channelsLast, perm);
    }

    private static FloatTensor relu(FloatTensor t) {
        return NaiveNd.map(t, v -> Math.max(0, v));
    }

    @Test
    void causalDilatedGroupedConv1D() {
        KerasModel m = TestModels.sequential(new int[] {11, 4}, layer("Conv1D", "c",
                "\"filters\": 6, \"kernel_size\": [3], \"dilation_rate\": [2], \"padding\": \"causal\", \"groups\": 2, \"activation\": \"relu\""));
        assertEquals(Shape.of(-1, 11, 6), m.layer("c").outputShape());
        assertEquals(3 * 2 * 6 + 6, m.totalParams());
        FloatTensor x = TestModels.input(2, 11, 4);
        FloatTensor y = NaiveNd.conv(x, Naive.weight(m, "c", "kernel"), Naive.values(m, "c", "bias"), new int[] {1},
                new int[] {2}, "causal", 2);
        assertClose(relu(y), TestModels.run(m, x), TOL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"same", "valid", "causal"})
    void stridedChannelsFirstConv1D(String padding) {
        KerasModel m = TestModels.sequential(new int[] {3, 10}, layer("Conv1D", "c",
                "\"filters\": 4, \"kernel_size\": 4, \"strides\": 3, \"padding\": \"" + padding + "\", \"data_format\": \"channels_first\""));
        FloatTensor x = TestModels.input(2, 3, 10);
        FloatTensor y = NaiveNd.conv(cl(x), Naive.weight(m, "c", "kernel"), Naive.values(m, "c", "bias"), new int[] {3},
                new int[] {1}, padding, 1);
        assertEquals(m.layer("c").outputShape().withBatch(2), cf(y).shape());
        assertClose(cf(y), TestModels.run(m, x), TOL);
    }

    @Test
    void keras1Convolution1D() {
        KerasModel m = TestModels.sequential(1, new int[] {9, 3}, layer("Convolution1D", "c",
                "\"nb_filter\": 5, \"filter_length\": 3, \"subsample_length\": 2, \"border_mode\": \"same\", \"activation\": \"tanh\""));
        FloatTensor x = TestModels.input(2, 9, 3);
        FloatTensor y = NaiveNd.conv(x, Naive.weight(m, "c", "kernel"), Naive.values(m, "c", "bias"), new int[] {2},
                new int[] {1}, "same", 1);
        assertClose(NaiveNd.map(y, Math::tanh), TestModels.run(m, x), TOL);
    }

    @ParameterizedTest
    @CsvSource({"channels_last,1,same", "channels_first,1,valid", "channels_last,3,valid"})
    void conv3D(String dataFormat, int groups, String padding) {
        boolean first = dataFormat.equals("channels_first");
        int[] feature = first ? new int[] {6, 5, 6, 4} : new int[] {5, 6, 4, 6};
        KerasModel m = TestModels.sequential(feature, layer("Conv3D", "c",
                "\"filters\": 6, \"kernel_size\": [2, 3, 2], \"strides\": [2, 1, 2], \"padding\": \"" + padding
                        + "\", \"data_format\": \"" + dataFormat + "\", \"groups\": " + groups));
        assertEquals(2 * 3 * 2 * (6 / groups) * 6 + 6, m.totalParams());
        FloatTensor x = TestModels.input(2, feature);
        FloatTensor xl = first ? cl(x) : x;
        FloatTensor y = NaiveNd.conv(xl, Naive.weight(m, "c", "kernel"), Naive.values(m, "c", "bias"), new int[] {2, 1, 2},
                new int[] {1, 1, 1}, padding, groups);
        assertClose(first ? cf(y) : y, TestModels.run(m, x), TOL);
    }

    @ParameterizedTest
    @CsvSource({"MaxPooling1D,3,2,same", "AveragePooling1D,3,2,same", "AvgPool1D,2,2,valid", "MaxPooling3D,2,1,same",
        "AveragePooling3D,2,2,same", "MaxPool3D,3,2,valid"})
    void pooling(String cls, int pool, int stride, String padding) {
        boolean threeD = cls.contains("3D");
        int[] feature = threeD ? new int[] {5, 4, 6, 3} : new int[] {9, 3};
        int n = feature.length - 1;
        String tuple = threeD ? "[" + pool + ", " + pool + ", " + pool + "]" : "[" + pool + "]";
        String strides = threeD ? "[" + stride + ", " + stride + ", " + stride + "]" : "[" + stride + "]";
        KerasModel m = TestModels.sequential(feature, layer(cls, "p",
                "\"pool_size\": " + tuple + ", \"strides\": " + strides + ", \"padding\": \"" + padding + "\""));
        FloatTensor x = TestModels.input(2, feature);
        int[] size = new int[n];
        int[] st = new int[n];
        java.util.Arrays.fill(size, pool);
        java.util.Arrays.fill(st, stride);
        FloatTensor y = NaiveNd.pool(x, size, st, padding.equals("same"), cls.startsWith("Max"));
        assertEquals(m.layer("p").outputShape().withBatch(2), y.shape());
        assertClose(y, TestModels.run(m, x), TOL);
    }

    @Test
    void keras1Pooling1DWithChannelsFirstPooling() {
        KerasModel k1 = TestModels.sequential(1, new int[] {8, 2}, layer("MaxPooling1D", "p", "\"pool_length\": 3, \"stride\": 1"));
        FloatTensor x = TestModels.input(2, 8, 2);
        assertClose(NaiveNd.pool(x, new int[] {3}, new int[] {1}, false, true), TestModels.run(k1, x), TOL);
        KerasModel m = TestModels.sequential(new int[] {2, 8}, layer("AveragePooling1D", "p",
                "\"pool_size\": 2, \"data_format\": \"channels_first\""));
        FloatTensor xf = TestModels.input(2, 2, 8);
        assertClose(cf(NaiveNd.pool(cl(xf), new int[] {2}, new int[] {2}, false, false)), TestModels.run(m, xf), TOL);
    }

    @ParameterizedTest
    @CsvSource({"GlobalAveragePooling1D,false", "GlobalMaxPooling1D,true", "GlobalAveragePooling3D,true", "GlobalMaxPool3D,false"})
    void globalPooling(String cls, boolean keepDims) {
        boolean threeD = cls.contains("3D");
        int[] feature = threeD ? new int[] {3, 4, 2, 5} : new int[] {7, 5};
        KerasModel m = TestModels.sequential(feature, layer(cls, "g", "\"keepdims\": " + keepDims));
        FloatTensor x = TestModels.input(2, feature);
        int spatial = feature.length - 1;
        int per = 1;
        for (int i = 0; i < spatial; i++) {
            per *= feature[i];
        }
        float[] v = new float[2 * 5];
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < 5; c++) {
                double acc = cls.contains("Max") ? Double.NEGATIVE_INFINITY : 0;
                for (int p = 0; p < per; p++) {
                    double e = x.get((b * per + p) * 5 + c);
                    acc = cls.contains("Max") ? Math.max(acc, e) : acc + e;
                }
                v[b * 5 + c] = (float) (cls.contains("Max") ? acc : acc / per);
            }
        }
        int[] dims = keepDims ? (threeD ? new int[] {2, 1, 1, 1, 5} : new int[] {2, 1, 5}) : new int[] {2, 5};
        assertEquals(m.layer("g").outputShape().withBatch(2), Shape.of(dims));
        assertClose(FloatTensor.wrap(Shape.of(dims), v), TestModels.run(m, x), TOL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "[1, 2]", "[2]"})
    void layerNormalization(String axis) {
        KerasModel m = TestModels.sequential(new int[] {4, 6}, layer("LayerNormalization", "ln",
                "\"axis\": " + axis + ", \"epsilon\": 0.001"));
        boolean both = axis.equals("[1, 2]");
        assertEquals(both ? 2 * 24 : 2 * 6, m.totalParams());
        FloatTensor x = TestModels.input(3, 4, 6);
        float[] gamma = Naive.values(m, "ln", "gamma");
        float[] beta = Naive.values(m, "ln", "beta");
        float[] y = new float[x.size()];
        for (int b = 0; b < 3; b++) {
            for (int r = 0; r < (both ? 1 : 4); r++) {
                int from = both ? b * 24 : (b * 4 + r) * 6;
                int len = both ? 24 : 6;
                double mean = 0;
                for (int i = 0; i < len; i++) {
                    mean += x.get(from + i);
                }
                mean /= len;
                double var = 0;
                for (int i = 0; i < len; i++) {
                    var += Math.pow(x.get(from + i) - mean, 2);
                }
                var /= len;
                for (int i = 0; i < len; i++) {
                    int p = both ? i : i % 6;
                    y[from + i] = (float) ((x.get(from + i) - mean) / Math.sqrt(var + 1e-3) * gamma[p] + beta[p]);
                }
            }
        }
        assertClose(FloatTensor.wrap(x.shape(), y), TestModels.run(m, x), 5e-6);
    }

    @Test
    void nearestUpSampling() {
        KerasModel m1 = TestModels.sequential(new int[] {5, 3}, layer("UpSampling1D", "u", "\"size\": 3"));
        FloatTensor x1 = TestModels.input(2, 5, 3);
        assertClose(NaiveNd.repeat(x1, new int[] {3}), TestModels.run(m1, x1), 0);
        KerasModel m2 = TestModels.sequential(new int[] {3, 4, 5}, layer("UpSampling2D", "u",
                "\"size\": [2, 3], \"data_format\": \"channels_first\", \"interpolation\": \"nearest\""));
        assertEquals(Shape.of(-1, 3, 8, 15), m2.layer("u").outputShape());
        FloatTensor x2 = TestModels.input(2, 3, 4, 5);
        assertClose(cf(NaiveNd.repeat(cl(x2), new int[] {2, 3})), TestModels.run(m2, x2), 0);
        KerasModel m3 = TestModels.sequential(new int[] {2, 3, 2, 4}, layer("UpSampling3D", "u", "\"size\": [2, 1, 3]"));
        FloatTensor x3 = TestModels.input(2, 2, 3, 2, 4);
        assertClose(NaiveNd.repeat(x3, new int[] {2, 1, 3}), TestModels.run(m3, x3), 0);
        KerasModel k1 = TestModels.sequential(1, new int[] {4, 2}, layer("UpSampling1D", "u", "\"length\": 2"));
        FloatTensor xk = TestModels.input(2, 4, 2);
        assertClose(NaiveNd.repeat(xk, new int[] {2}), TestModels.run(k1, xk), 0);
    }

    /** tf.keras (TF 2) and Keras 3 resize with half-pixel centres; standalone Keras 2.3 and older with TF 1's rule. */
    @ParameterizedTest
    @CsvSource({"2.3.0-tf,true", "2.9.0,true", "3.4.1,true", "2.2.4,false", "2.3.1,false"})
    void bilinearUpSamplingFollowsTheSavingKeras(String version, boolean halfPixel) {
        String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_input_shape\": [null, 3, 5, 2]}}, "
                + layer("UpSampling2D", "u", "\"size\": [2, 3], \"interpolation\": \"bilinear\"") + "]}}";
        KerasModel m = ModelConfigParser.parse(json, null, new SourceInfo("json", version, "tensorflow", null));
        FloatTensor x = TestModels.input(2, 3, 5, 2);
        assertClose(NaiveNd.bilinear(x, new int[] {2, 3}, halfPixel), TestModels.run(m, x), TOL);
    }

    @Test
    void paddingAndCropping1DAnd3D() {
        FloatTensor x1 = TestModels.input(2, 6, 3);
        KerasModel pad1 = TestModels.sequential(new int[] {6, 3}, layer("ZeroPadding1D", "z", "\"padding\": [2, 1]"),
                layer("Cropping1D", "c", "\"cropping\": [3, 0]"));
        assertEquals(Shape.of(-1, 9, 3), pad1.layer("z").outputShape());
        assertEquals(Shape.of(-1, 6, 3), pad1.layer("c").outputShape());
        float[] expected = new float[2 * 6 * 3];
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 6; t++) {
                for (int c = 0; c < 3; c++) {
                    // padded index t+3 (cropping 3) is original t+1 (padding 2 before); the last step is padding
                    int src = t + 1;
                    expected[(b * 6 + t) * 3 + c] = src < 6 ? x1.get((b * 6 + src) * 3 + c) : 0f;
                }
            }
        }
        assertClose(FloatTensor.wrap(Shape.of(2, 6, 3), expected), TestModels.run(pad1, x1), 0);

        FloatTensor x3 = TestModels.input(1, 2, 3, 4, 5);
        KerasModel m3 = TestModels.sequential(new int[] {2, 3, 4, 5}, layer("ZeroPadding3D", "z",
                "\"padding\": [[1, 0], [0, 2], [1, 1]], \"data_format\": \"channels_first\""),
                layer("Cropping3D", "c", "\"cropping\": [[1, 0], [0, 2], [1, 1]], \"data_format\": \"channels_first\""));
        assertEquals(Shape.of(-1, 2, 4, 6, 7), m3.layer("z").outputShape());
        assertClose(x3, TestModels.run(m3, x3), 0);
    }

    @Test
    void inferenceIdentityLayers() {
        KerasModel m = TestModels.sequential(new int[] {5, 4},
                layer("GaussianNoise", "n", "\"stddev\": 0.3"), layer("GaussianDropout", "gd", "\"rate\": 0.4"),
                layer("AlphaDropout", "ad", "\"rate\": 0.2"), layer("SpatialDropout1D", "sd", "\"rate\": 0.5"),
                layer("ActivityRegularization", "ar", "\"l1\": 0.01, \"l2\": 0.02"));
        assertEquals(0, m.totalParams());
        FloatTensor x = TestModels.input(2, 5, 4);
        assertClose(x, TestModels.run(m, x), 0);
    }

    /** Keras 1's functional merge([a, b], mode=...) after two Dense branches. */
    @ParameterizedTest
    @CsvSource({"sum,4", "mul,4", "ave,4", "max,4", "concat,8", "dot,1", "cos,1"})
    void keras1Merge(String mode, int width) {
        String json = "{\"class_name\": \"Model\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"name\": \"a\", \"config\": {\"name\": \"a\", \"batch_input_shape\": [null, 3]}, \"inbound_nodes\": []},"
                + "{\"class_name\": \"InputLayer\", \"name\": \"b\", \"config\": {\"name\": \"b\", \"batch_input_shape\": [null, 3]}, \"inbound_nodes\": []},"
                + "{\"class_name\": \"Dense\", \"name\": \"da\", \"config\": {\"name\": \"da\", \"output_dim\": 4}, \"inbound_nodes\": [[[\"a\", 0, 0]]]},"
                + "{\"class_name\": \"Dense\", \"name\": \"db\", \"config\": {\"name\": \"db\", \"output_dim\": 4}, \"inbound_nodes\": [[[\"b\", 0, 0]]]},"
                + "{\"class_name\": \"Merge\", \"name\": \"m\", \"config\": {\"name\": \"m\", \"mode\": \"" + mode + "\", \"mode_type\": \"raw\","
                + " \"concat_axis\": -1, \"dot_axes\": [1, 1], \"output_shape\": null, \"output_shape_type\": \"raw\","
                + " \"output_mask\": null, \"output_mask_type\": \"raw\", \"arguments\": {}}, \"inbound_nodes\": [[[\"da\", 0, 0], [\"db\", 0, 0]]]}"
                + "], \"input_layers\": [[\"a\", 0, 0], [\"b\", 0, 0]], \"output_layers\": [[\"m\", 0, 0]]}, \"keras_version\": \"1.2.2\"}";
        KerasModel m = FillRule.fill(TestModels.parse(json, 1));
        assertEquals(Shape.of(-1, width), m.layer("m").outputShape());
        FloatTensor a = TestModels.input(2, 3);
        FloatTensor b = NaiveNd.map(TestModels.input(2, 3), v -> 0.5 - v);
        float[] ya = dense(a, Naive.values(m, "da", "kernel"), Naive.values(m, "da", "bias"));
        float[] yb = dense(b, Naive.values(m, "db", "kernel"), Naive.values(m, "db", "bias"));
        float[] expected = new float[2 * width];
        for (int s = 0; s < 2; s++) {
            double dot = 0, na = 0, nb = 0;
            for (int j = 0; j < 4; j++) {
                double p = ya[s * 4 + j], q = yb[s * 4 + j];
                dot += p * q;
                na += p * p;
                nb += q * q;
                double v = switch (mode) {
                    case "sum" -> p + q;
                    case "mul" -> p * q;
                    case "ave" -> (p + q) / 2;
                    case "max" -> Math.max(p, q);
                    default -> 0;
                };
                if (mode.equals("concat")) {
                    expected[s * 8 + j] = (float) p;
                    expected[s * 8 + 4 + j] = (float) q;
                } else if (width == 4) {
                    expected[s * 4 + j] = (float) v;
                }
            }
            if (mode.equals("dot")) {
                expected[s] = (float) dot;
            } else if (mode.equals("cos")) {
                expected[s] = (float) (dot / Math.max(Math.sqrt(na * nb), 1e-7));
            }
        }
        FloatTensor actual;
        try (Predictor p = KerasRuntime.builder(m).build()) {
            actual = p.predict(List.of(a, b)).get(0);
            assertClose(FloatTensor.wrap(Shape.of(2, width), expected), actual, TOL);
        }
        // .keras has no Merge: it is written as the Keras 3 layer computing the same
        java.nio.file.Path f = io.kerasj.fixtures.Fixtures.workDir("keras1-merge").resolve(mode + ".keras");
        new io.kerasj.export.KerasArchiveWriter().write(m, f);
        KerasModel back = io.kerasj.KerasModels.load(f);
        String keras3 = switch (mode) {
            case "sum" -> "Add";
            case "mul" -> "Multiply";
            case "ave" -> "Average";
            case "max" -> "Maximum";
            case "concat" -> "Concatenate";
            default -> "Dot";
        };
        assertEquals(keras3, back.layer("m").className());
        assertEquals(m.layer("m").outputShape(), back.layer("m").outputShape());
        try (Predictor p = KerasRuntime.builder(back).build()) {
            // cos becomes Dot(normalize=True): the same cosine, rounded differently
            assertClose(actual, p.predict(List.of(a, b)).get(0), mode.equals("cos") ? 1e-6 : 0);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void keras2Dot(boolean normalize) {
        String json = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"name\": \"a\", \"config\": {\"name\": \"a\", \"batch_input_shape\": [null, 3, 4]}, \"inbound_nodes\": []},"
                + "{\"class_name\": \"InputLayer\", \"name\": \"b\", \"config\": {\"name\": \"b\", \"batch_input_shape\": [null, 3, 5]}, \"inbound_nodes\": []},"
                + "{\"class_name\": \"Dot\", \"name\": \"d\", \"config\": {\"name\": \"d\", \"axes\": 1, \"normalize\": " + normalize + "},"
                + " \"inbound_nodes\": [[[\"a\", 0, 0, {}], [\"b\", 0, 0, {}]]]}"
                + "], \"input_layers\": [[\"a\", 0, 0], [\"b\", 0, 0]], \"output_layers\": [[\"d\", 0, 0]]}}";
        KerasModel m = TestModels.parse(json, 2);
        assertEquals(Shape.of(-1, 4, 5), m.layer("d").outputShape());
        FloatTensor a = TestModels.input(2, 3, 4);
        FloatTensor b = NaiveNd.map(TestModels.input(2, 3, 5), v -> v * v - 0.3);
        float[] expected = new float[2 * 4 * 5];
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 5; j++) {
                    double acc = 0, na = 0, nb = 0;
                    for (int k = 0; k < 3; k++) {
                        double p = a.get((s * 3 + k) * 4 + i), q = b.get((s * 3 + k) * 5 + j);
                        acc += p * q;
                        na += p * p;
                        nb += q * q;
                    }
                    expected[(s * 4 + i) * 5 + j] = (float) (normalize ? acc / Math.sqrt(na) / Math.sqrt(nb) : acc);
                }
            }
        }
        try (Predictor p = KerasRuntime.builder(m).build()) {
            assertClose(FloatTensor.wrap(Shape.of(2, 4, 5), expected), p.predict(List.of(a, b)).get(0), TOL);
        }
    }

    @Test
    void keras1DotMergeOfSequences() {
        String json = "{\"class_name\": \"Model\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"name\": \"a\", \"config\": {\"name\": \"a\", \"batch_input_shape\": [null, 4, 3]}, \"inbound_nodes\": []},"
                + "{\"class_name\": \"InputLayer\", \"name\": \"b\", \"config\": {\"name\": \"b\", \"batch_input_shape\": [null, 5, 3]}, \"inbound_nodes\": []},"
                + "{\"class_name\": \"Merge\", \"name\": \"m\", \"config\": {\"name\": \"m\", \"mode\": \"dot\", \"mode_type\": \"raw\","
                + " \"dot_axes\": [2, 2]}, \"inbound_nodes\": [[[\"a\", 0, 0], [\"b\", 0, 0]]]}"
                + "], \"input_layers\": [[\"a\", 0, 0], [\"b\", 0, 0]], \"output_layers\": [[\"m\", 0, 0]]}}";
        KerasModel m = TestModels.parse(json, 1);
        assertEquals(Shape.of(-1, 4, 5), m.layer("m").outputShape());
        FloatTensor a = TestModels.input(2, 4, 3);
        FloatTensor b = NaiveNd.map(TestModels.input(2, 5, 3), v -> v * v - 0.3);
        float[] expected = new float[2 * 4 * 5];
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 5; j++) {
                    double acc = 0;
                    for (int k = 0; k < 3; k++) {
                        acc += (double) a.get((s * 4 + i) * 3 + k) * b.get((s * 5 + j) * 3 + k);
                    }
                    expected[(s * 4 + i) * 5 + j] = (float) acc;
                }
            }
        }
        try (Predictor p = KerasRuntime.builder(m).build()) {
            assertClose(FloatTensor.wrap(Shape.of(2, 4, 5), expected), p.predict(List.of(a, b)).get(0), TOL);
        }
    }

    private static float[] dense(FloatTensor x, float[] kernel, float[] bias) {
        int n = x.shape().dim(0), in = x.shape().dim(1), out = bias.length;
        float[] y = new float[n * out];
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < out; o++) {
                double acc = bias[o];
                for (int i = 0; i < in; i++) {
                    acc += (double) x.get(s * in + i) * kernel[i * out + o];
                }
                y[s * out + o] = (float) acc;
            }
        }
        return y;
    }
}
