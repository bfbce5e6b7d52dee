package io.kerasj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.KerasModels;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.lambda.LambdaOp;
import io.kerasj.layers.CustomLayerSpec;
import io.kerasj.layers.CustomLayers;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.parity.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Custom layer classes without Java code: a custom {@code LRN} class recognised from its config,
 * and a class kerasj cannot know, mapped with {@code --custom-layer}. Both files were written as
 * tf.keras saves them (custom-layers/make_fixtures.py); the expected outputs are computed here
 * from the same closed-form weights and TF's LRN formula, not read back through kerasj.
 */
class CustomLayerTest {
    private static final int H = 3;
    private static final int W = 3;
    private static final int C = 6;
    private static final int F = 8;
    private static final String MAPPING = "MyNormalization=lrn(depth_radius=1,bias=2,alpha=0.1,beta=0.5)";

    @TempDir
    Path dir;

    private static Path fixture(String name) {
        try {
            return Path.of(CustomLayerTest.class.getResource("/custom-layers/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FloatTensor input() {
        float[] v = new float[2 * H * W * C];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (Math.sin(0.37 * i + 0.1) * 2);
        }
        return FloatTensor.wrap(Shape.of(2, H, W, C), v);
    }

    /** The 1×1 convolution of make_fixtures.py, per pixel: 8 channels from 6. */
    private static double[][] conv(float[] x) {
        int pixels = x.length / C;
        double[][] out = new double[pixels][F];
        for (int p = 0; p < pixels; p++) {
            for (int f = 0; f < F; f++) {
                double s = 0.1 * f - 0.3;
                for (int c = 0; c < C; c++) {
                    s += x[p * C + c] * (float) (((c * F + f) % 7 - 3) * 0.25);
                }
                out[p][f] = s;
            }
        }
        return out;
    }

    /** TF's LRN: x / (bias + alpha · Σ_{j=c-r..c+r} x_j²)^beta, alpha not divided by the window. */
    private static double[][] lrn(double[][] y, int r, double bias, double alpha, double beta) {
        double[][] out = new double[y.length][F];
        for (int p = 0; p < y.length; p++) {
            for (int c = 0; c < F; c++) {
                double sum = 0;
                for (int j = Math.max(0, c - r); j <= Math.min(F - 1, c + r); j++) {
                    sum += y[p][j] * y[p][j];
                }
                out[p][c] = y[p][c] / Math.pow(bias + alpha * sum, beta);
            }
        }
        return out;
    }

    /** Flatten (NHWC order) → Dense(3) → softmax, per sample. */
    private static double[] head(double[][] z) {
        int perSample = H * W;
        int samples = z.length / perSample;
        double[] out = new double[samples * 3];
        for (int n = 0; n < samples; n++) {
            double[] logits = new double[3];
            for (int j = 0; j < 3; j++) {
                logits[j] = 0.05 * j - 0.05;
                for (int i = 0; i < perSample * F; i++) {
                    logits[j] += z[n * perSample + i / F][i % F] * (float) (((i * 3 + j) % 5 - 2) * 0.03);
                }
            }
            double max = Math.max(logits[0], Math.max(logits[1], logits[2]));
            double sum = 0;
            for (double l : logits) {
                sum += Math.exp(l - max);
            }
            for (int j = 0; j < 3; j++) {
                out[n * 3 + j] = Math.exp(logits[j] - max) / sum;
            }
        }
        return out;
    }

    private static void assertRuns(KerasModel m, String customLayer, UnaryOperator<double[][]> custom) {
        FloatTensor x = input();
        double[][] normalised = custom.apply(conv(x.toArray()));
        double[] probs = head(normalised);
        try (Predictor p = KerasRuntime.builder(m).build()) {
            Map<String, FloatTensor> acts = p.predictLayers(List.of(x), List.of(customLayer, "head"));
            float[] got = acts.get(customLayer).toArray();
            for (int i = 0; i < got.length; i++) {
                assertEquals(normalised[i / F][i % F], got[i], 1e-5, customLayer + " value " + i);
            }
            float[] out = acts.get("head").toArray();
            for (int i = 0; i < out.length; i++) {
                assertEquals(probs[i], out[i], 1e-6, "output " + i);
            }
        }
    }

    @Test
    void customLrnClassIsRecognisedFromItsConfigAndRunsAsTfLrn() {
        KerasModel m = KerasModels.load(fixture("custom_lrn.h5"));
        CustomLayerSpec spec = assertInstanceOf(CustomLayerSpec.class, m.layer("lrn").spec());
        assertEquals(new LambdaOp.Lrn(2, 1.0, 0.05, 0.75), spec.op());
        assertRuns(m, "lrn", y -> lrn(y, 2, 1.0, 0.05, 0.75));

        CliRunner r = CliRunner.run("inspect", fixture("custom_lrn.h5").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("lrn (LRN→LRN r=2 b=1.0 a=0.05 β=0.75)"), r.out());
        CliRunner json = CliRunner.run("inspect", fixture("custom_lrn.h5").toString(), "--json");
        assertEquals(0, json.exitCode(), json.err());
        assertTrue(json.out().contains("\"custom_layer\"") && json.out().contains("\"depth_radius\""), json.out());
    }

    @Test
    void unknownCustomClassIsRefusedWithHowToMapIt() {
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasModels.load(fixture("unknown_custom.h5")));
        assertTrue(e.getMessage().contains("unsupported layer class 'MyNormalization'")
                && e.getMessage().contains("--custom-layer MyNormalization=identity | lrn("), e.getMessage());
        CliRunner r = CliRunner.run("inspect", fixture("unknown_custom.h5").toString());
        assertEquals(2, r.exitCode(), r.out());
        assertTrue(r.err().contains("--custom-layer MyNormalization="), r.err());
    }

    @Test
    void unknownCustomClassMappedOnTheCommandLineVerifiesAgainstHandComputedOutputs() throws Exception {
        String model = fixture("unknown_custom.h5").toString();
        CliRunner inspect = CliRunner.run("inspect", model, "--custom-layer", MAPPING);
        assertEquals(0, inspect.exitCode(), inspect.err());
        assertTrue(inspect.out().contains("my_norm (MyNormalization→LRN r=1 b=2.0 a=0.1 β=0.5)"), inspect.out());

        FloatTensor x = input();
        double[] probs = head(lrn(conv(x.toArray()), 1, 2.0, 0.1, 0.5));
        float[] expected = new float[probs.length];
        for (int i = 0; i < probs.length; i++) {
            expected[i] = (float) probs[i];
        }
        Path xs = dir.resolve("x.npy");
        Path ys = dir.resolve("y.npy");
        Npy.write(xs, x);
        Npy.write(ys, FloatTensor.wrap(Shape.of(2, 3), expected));
        CliRunner verify = CliRunner.run("verify", model, "--input", xs.toString(), "--expected", ys.toString(),
                "--atol", "1e-6", "--custom-layer", MAPPING);
        assertEquals(0, verify.exitCode(), verify.out() + verify.err());

        // the same mapping from a file, and from Java
        Path file = dir.resolve("custom-layers.txt");
        Files.writeString(file, "# what our own layers compute\n" + MAPPING + "\n");
        assertEquals(0, CliRunner.run("verify", model, "--input", xs.toString(), "--expected", ys.toString(),
                "--atol", "1e-6", "--custom-layers", file.toString()).exitCode());
        KerasModel m = CustomLayers.parse(MAPPING).apply(() -> KerasModels.load(fixture("unknown_custom.h5")));
        assertRuns(m, "my_norm", y -> lrn(y, 1, 2.0, 0.1, 0.5));
    }

    @Test
    void customClassMappedToABuiltInLayer() {
        KerasModel m = CustomLayers.parse("MyNormalization=Activation(tanh)")
                .apply(() -> KerasModels.load(fixture("unknown_custom.h5")));
        assertRuns(m, "my_norm", y -> {
            double[][] out = new double[y.length][F];
            for (int p = 0; p < y.length; p++) {
                for (int c = 0; c < F; c++) {
                    out[p][c] = Math.tanh(y[p][c]);
                }
            }
            return out;
        });
    }
}
