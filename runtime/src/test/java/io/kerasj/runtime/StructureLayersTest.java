package io.kerasj.runtime;

import static io.kerasj.runtime.Naive.assertClose;
import static io.kerasj.runtime.TestModels.layer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dense, BatchNormalization, reshaping, merge, nested and shared layers against their Keras definitions. */
class StructureLayersTest {

    private static float[] dense(FloatTensor x, float[] k, float[] b, int in, int out) {
        int rows = x.size() / in;
        float[] y = new float[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b[o];
                for (int i = 0; i < in; i++) {
                    s += x.get(r * in + i) * (double) k[i * out + o];
                }
                y[r * out + o] = (float) s;
            }
        }
        return y;
    }

    @Test
    void denseActsOnTheLastAxisOfRank3Inputs() {
        KerasModel m = TestModels.sequential(new int[] {3, 5}, layer("Dense", "d", "\"units\": 4"));
        FloatTensor x = TestModels.input(2, 3, 5);
        float[] want = dense(x, Naive.values(m, "d", "kernel"), Naive.values(m, "d", "bias"), 5, 4);
        assertClose(FloatTensor.wrap(Shape.of(2, 3, 4), want), TestModels.run(m, x), 1e-6);
    }

    /** (x - mean) / sqrt(var + eps) * gamma + beta along {@code axis} of an NHWC/NCHW/2-D tensor. */
    private static FloatTensor batchNorm(KerasModel m, String name, FloatTensor x, int axis, double eps, boolean center,
                                         boolean scale) {
        float[] mean = Naive.values(m, name, "moving_mean");
        float[] var = Naive.values(m, name, "moving_variance");
        float[] gamma = scale ? Naive.values(m, name, "gamma") : null;
        float[] beta = center ? Naive.values(m, name, "beta") : null;
        int[] dims = x.shape().dims();
        int inner = 1;
        for (int d = axis + 1; d < dims.length; d++) {
            inner *= dims[d];
        }
        float[] y = new float[x.size()];
        for (int i = 0; i < y.length; i++) {
            int c = (i / inner) % dims[axis];
            double v = (x.get(i) - mean[c]) / Math.sqrt(var[c] + eps);
            y[i] = (float) (v * (scale ? gamma[c] : 1) + (center ? beta[c] : 0));
        }
        return FloatTensor.wrap(x.shape(), y);
    }

    @Test
    void batchNormalizationUsesMovingStatsEpsilonAndFlags() {
        FloatTensor x = TestModels.input(2, 4, 3, 5);
        // fused NHWC path, without beta
        KerasModel a = TestModels.sequential(new int[] {4, 3, 5}, layer("BatchNormalization", "bn",
                "\"axis\": [3], \"epsilon\": 0.01, \"center\": false"));
        assertEquals(3, a.layer("bn").weights().size());
        assertClose(batchNorm(a, "bn", x, 3, 0.01, false, true), TestModels.run(a, x), 2e-6);
        // channels_first axis 1, without gamma
        KerasModel b = TestModels.sequential(new int[] {4, 3, 5}, layer("BatchNormalization", "bn",
                "\"axis\": 1, \"epsilon\": 0.001, \"scale\": false"));
        assertClose(batchNorm(b, "bn", x, 1, 0.001, true, false), TestModels.run(b, x), 2e-6);
        // an epsilon below the fused kernel's minimum takes the formula path
        KerasModel c = TestModels.sequential(new int[] {4, 3, 5}, layer("BatchNormalization", "bn", "\"epsilon\": 1e-6"));
        assertClose(batchNorm(c, "bn", x, 3, 1e-6, true, true), TestModels.run(c, x), 2e-6);
        // a 2-D input
        FloatTensor x2 = TestModels.input(3, 7);
        KerasModel d = TestModels.sequential(new int[] {7}, layer("BatchNormalization", "bn", "\"axis\": -1"));
        assertClose(batchNorm(d, "bn", x2, 1, 1e-3, true, true), TestModels.run(d, x2), 2e-6);
    }

    @Test
    void flattenHonoursChannelsFirstDataFormat() {
        FloatTensor x = TestModels.input(2, 3, 2, 4); // NCHW
        KerasModel cf = TestModels.sequential(new int[] {3, 2, 4}, layer("Flatten", "f", "\"data_format\": \"channels_first\""));
        // Keras moves channels last before flattening
        FloatTensor nhwc = Naive.permute(x, 0, 2, 3, 1);
        assertClose(nhwc.reshape(Shape.of(2, 24)), TestModels.run(cf, x), 0);
        KerasModel cl = TestModels.sequential(new int[] {3, 2, 4}, layer("Flatten", "f", ""));
        assertClose(x.reshape(Shape.of(2, 24)), TestModels.run(cl, x), 0);
    }

    @Test
    void reshapePermutePaddingCroppingRescaling() {
        FloatTensor x = TestModels.input(2, 4, 5, 2);
        KerasModel m = TestModels.sequential(new int[] {4, 5, 2},
                layer("ZeroPadding2D", "zp", "\"padding\": [[1, 2], [0, 3]]"),
                layer("Cropping2D", "cr", "\"cropping\": [[2, 0], [1, 2]]"),
                layer("Permute", "pm", "\"dims\": [2, 1, 3]"),
                layer("Reshape", "rs", "\"target_shape\": [-1, 5]"),
                layer("Rescaling", "sc", "\"scale\": 0.5, \"offset\": -1.0"));
        // zero padding: rows 1 before / 2 after, cols 0 / 3 -> (7, 8, 2)
        float[] zp = new float[2 * 7 * 8 * 2];
        for (int b = 0; b < 2; b++) {
            for (int h = 0; h < 4; h++) {
                for (int w = 0; w < 5; w++) {
                    for (int c = 0; c < 2; c++) {
                        zp[((b * 7 + h + 1) * 8 + w) * 2 + c] = x.get(((b * 4 + h) * 5 + w) * 2 + c);
                    }
                }
            }
        }
        // cropping: rows 2 from the top, cols 1 left 2 right -> (5, 5, 2)
        float[] cr = new float[2 * 5 * 5 * 2];
        for (int b = 0; b < 2; b++) {
            for (int h = 0; h < 5; h++) {
                for (int w = 0; w < 5; w++) {
                    for (int c = 0; c < 2; c++) {
                        cr[((b * 5 + h) * 5 + w) * 2 + c] = zp[((b * 7 + h + 2) * 8 + w + 1) * 2 + c];
                    }
                }
            }
        }
        FloatTensor crT = FloatTensor.wrap(Shape.of(2, 5, 5, 2), cr);
        FloatTensor pm = Naive.permute(crT, 0, 2, 1, 3);
        FloatTensor rs = pm.reshape(Shape.of(2, 10, 5));
        float[] sc = rs.toArray();
        for (int i = 0; i < sc.length; i++) {
            sc[i] = sc[i] * 0.5f - 1f;
        }
        try (Predictor p = KerasRuntime.builder(m).build()) {
            Map<String, FloatTensor> out = p.predictLayers(List.of(x), List.of("zp", "cr", "pm", "rs", "sc"));
            assertClose(FloatTensor.wrap(Shape.of(2, 7, 8, 2), zp), out.get("zp"), 0);
            assertClose(crT, out.get("cr"), 0);
            assertClose(pm, out.get("pm"), 0);
            assertClose(rs, out.get("rs"), 0);
            assertClose(FloatTensor.wrap(rs.shape(), sc), out.get("sc"), 1e-7);
        }
    }

    private static String node(String cls, String name, String config, String... inbound) {
        StringBuilder in = new StringBuilder();
        for (String i : inbound) {
            String[] parts = i.split(":");
            in.append(in.length() == 0 ? "" : ", ").append("[\"").append(parts[0]).append("\", ")
                    .append(parts.length > 1 ? parts[1] : "0").append(", 0, {}]");
        }
        return "{\"class_name\": \"" + cls + "\", \"name\": \"" + name + "\", \"config\": {\"name\": \"" + name + "\""
                + (config.isEmpty() ? "" : ", " + config) + "}, \"inbound_nodes\": "
                + (inbound.length == 0 ? "[]" : "[[" + in + "]]") + "}";
    }

    private static String functional(String output, String... layers) {
        return "{\"class_name\": \"Functional\", \"config\": {\"name\": \"f\", \"layers\": [" + String.join(", ", layers)
                + "], \"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"" + output + "\", 0, 0]]}}";
    }

    @Test
    void mergeLayersFoldLeftToRight() {
        String in = node("InputLayer", "in", "\"batch_input_shape\": [null, 4]");
        String[] ops = {"Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"};
        FloatTensor x = TestModels.input(3, 4);
        for (String op : ops) {
            KerasModel m = FillRule.fill(TestModels.parse(functional("m", in,
                    node("Dense", "a", "\"units\": 3", "in"), node("Dense", "b", "\"units\": 3", "in"),
                    node(op, "m", "", "a", "b")), 2));
            float[] a = dense(x, Naive.values(m, "a", "kernel"), Naive.values(m, "a", "bias"), 4, 3);
            float[] b = dense(x, Naive.values(m, "b", "kernel"), Naive.values(m, "b", "bias"), 4, 3);
            float[] want = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                want[i] = switch (op) {
                    case "Add" -> a[i] + b[i];
                    case "Subtract" -> a[i] - b[i];
                    case "Multiply" -> a[i] * b[i];
                    case "Average" -> (a[i] + b[i]) / 2;
                    case "Maximum" -> Math.max(a[i], b[i]);
                    default -> Math.min(a[i], b[i]);
                };
            }
            assertClose(FloatTensor.wrap(Shape.of(3, 3), want), TestModels.run(m, x), 1e-6);
        }
        KerasModel cat = FillRule.fill(TestModels.parse(functional("c", in,
                node("Dense", "a", "\"units\": 3", "in"), node("Dense", "b", "\"units\": 2", "in"),
                node("Concatenate", "c", "\"axis\": -1", "b", "a")), 2));
        float[] a = dense(x, Naive.values(cat, "a", "kernel"), Naive.values(cat, "a", "bias"), 4, 3);
        float[] b = dense(x, Naive.values(cat, "b", "kernel"), Naive.values(cat, "b", "bias"), 4, 2);
        float[] want = new float[15];
        for (int r = 0; r < 3; r++) {
            System.arraycopy(b, r * 2, want, r * 5, 2);
            System.arraycopy(a, r * 3, want, r * 5 + 2, 3);
        }
        assertClose(FloatTensor.wrap(Shape.of(3, 5), want), TestModels.run(cat, x), 1e-6);
    }

    @Test
    void sharedLayerCallsReuseOneSetOfVariables() {
        String json = functional("out",
                node("InputLayer", "in", "\"batch_input_shape\": [null, 4]"),
                "{\"class_name\": \"Dense\", \"name\": \"shared\", \"config\": {\"name\": \"shared\", \"units\": 4},"
                        + " \"inbound_nodes\": [[[\"in\", 0, 0, {}]], [[\"shared\", 0, 0, {}]]]}",
                node("Activation", "out", "\"activation\": \"tanh\"", "shared:1"));
        KerasModel m = FillRule.fill(TestModels.parse(json, 2));
        FloatTensor x = TestModels.input(2, 4);
        float[] k = Naive.values(m, "shared", "kernel");
        float[] b = Naive.values(m, "shared", "bias");
        float[] once = dense(x, k, b, 4, 4);
        float[] twice = dense(FloatTensor.wrap(Shape.of(2, 4), once), k, b, 4, 4);
        for (int i = 0; i < twice.length; i++) {
            twice[i] = (float) Math.tanh(twice[i]);
        }
        try (Predictor p = KerasRuntime.builder(m).build()) {
            assertClose(FloatTensor.wrap(Shape.of(2, 4), twice), p.predict(x), 1e-6);
            // the layer's own output is its first call's
            assertClose(FloatTensor.wrap(Shape.of(2, 4), once), p.predictLayers(List.of(x), List.of("shared")).get("shared"), 1e-6);
        }
    }

    @Test
    void nestedModelIsInlinedWithTheOuterLayersWeights() {
        String inner = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"inner\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"inner_in\", \"batch_input_shape\": [null, 4]}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d1\", \"units\": 3, \"activation\": \"relu\"}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d2\", \"units\": 2}}]}, \"name\": \"inner\","
                + " \"inbound_nodes\": [[[\"in\", 0, 0, {}]]]}";
        KerasModel m = FillRule.fill(TestModels.parse(functional("out",
                node("InputLayer", "in", "\"batch_input_shape\": [null, 4]"), inner,
                node("Activation", "out", "\"activation\": \"sigmoid\"", "inner")), 2));
        FloatTensor x = TestModels.input(2, 4);
        float[] h = dense(x, Naive.values(m, "inner", "d1/kernel"), Naive.values(m, "inner", "d1/bias"), 4, 3);
        for (int i = 0; i < h.length; i++) {
            h[i] = Math.max(0, h[i]);
        }
        float[] o = dense(FloatTensor.wrap(Shape.of(2, 3), h), Naive.values(m, "inner", "d2/kernel"),
                Naive.values(m, "inner", "d2/bias"), 3, 2);
        float[] s = new float[o.length];
        for (int i = 0; i < o.length; i++) {
            s[i] = (float) (1 / (1 + Math.exp(-o[i])));
        }
        try (Predictor p = KerasRuntime.builder(m).build()) {
            assertTrue(p.layerNames().containsAll(List.of("inner", "inner/d1", "inner/d2", "out")), p.layerNames().toString());
            Map<String, FloatTensor> out = p.predictLayers(List.of(x), List.of("inner/d1", "inner", "out"));
            assertClose(FloatTensor.wrap(Shape.of(2, 3), h), out.get("inner/d1"), 1e-6);
            assertClose(FloatTensor.wrap(Shape.of(2, 2), o), out.get("inner"), 1e-6);
            assertClose(FloatTensor.wrap(Shape.of(2, 2), s), out.get("out"), 1e-6);
        }
    }

    @Test
    void missingWeightsAreReportedPerLayer() {
        KerasModel m = TestModels.parse("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 2, \"batch_input_shape\": [null, 3]}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"e\", \"units\": 2}}]}}", 2);
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasRuntime.builder(m).build());
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals("d", e.problems().get(0).layer());
        assertTrue(e.getMessage().contains("weight 'kernel' has no value"), e.getMessage());
    }
}
