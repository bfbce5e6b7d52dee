package io.kerasj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.FloatTensor;
import io.kerasj.runtime.parity.Npy;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** predict, verify and bench end to end on corpus models. */
class RuntimeCommandsTest {
    private static final String DL4J = "deeplearning4j__dl4j-test-resources/src/main/resources/";
    private static final String CNN = DL4J + "modelimport/keras/fullconfigs/cnn/";
    private static final String KONDUIT = "KonduitAI__dl4j-test-resources/src/main/resources/modelimport/keras/examples/activations/";

    @TempDir
    Path dir;

    /** The CLI with these commands added (the lead registers them in KerasjCli). */
    static CliRunner run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = KerasjCli.commandLine();
        for (Object c : new Object[] {new PredictCommand(), new VerifyCommand(), new BenchCommand()}) {
            String name = c.getClass().getAnnotation(CommandLine.Command.class).name();
            if (!cli.getSubcommands().containsKey(name)) {
                cli.addSubcommand(c);
            }
        }
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRunner(code, out.toString(), err.toString());
    }

    private static String corpus(String rel) {
        return Fixtures.corpus(rel).toString();
    }

    @Test
    void predictNpyWritesKerasPredictions() throws Exception {
        String model = corpus(CNN + "cnn_batch_norm.h5");
        String input = corpus(CNN + "input.npy");
        FloatTensor expected = Npy.read(Fixtures.corpus(CNN + "predictions.npy"));
        Path outFile = dir.resolve("y.npy");
        CliRunner r = run("predict", model, "--input", input, "--output", outFile.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        FloatTensor y = Npy.read(outFile);
        assertEquals(expected.shape(), y.shape());
        JsonNode j = new ObjectMapper().readTree(r.out());
        JsonNode values = j.get("outputs").get(0).get("values");
        for (int i = 0; i < y.size(); i++) {
            assertEquals(expected.get(i), y.get(i), 1e-6);
            assertEquals(y.get(i), values.get(i).floatValue(), 0f);
        }
    }

    @Test
    void predictImagesPrintsTopClasses() throws Exception {
        Path[] images = new Path[2];
        for (int i = 0; i < 2; i++) {
            BufferedImage img = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
            for (int x = 0; x < 32; x++) {
                for (int y = 0; y < 24; y++) {
                    img.setRGB(x, y, new Color((x * 8) % 256, (y * 10 + i * 90) % 256, 128).getRGB());
                }
            }
            images[i] = dir.resolve("img" + i + ".png");
            ImageIO.write(img, "png", images[i].toFile());
        }
        String model = corpus(DL4J + "keras/simple/cnn_tf_model.h5"); // 8x8x3 -> 3 classes
        CliRunner r = run("predict", model, "--image", images[0].toString(), images[1].toString(), "--top", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("output dense_2 (2, 3)"), r.out());
        assertTrue(r.out().contains("img0.png:") && r.out().contains("img1.png:"), r.out());
        CliRunner j = run("predict", model, "--image", images[0].toString(), "--top", "3", "--json");
        JsonNode top = new ObjectMapper().readTree(j.out()).get("outputs").get(0).get("top").get(0).get("classes");
        assertEquals(3, top.size());
        assertTrue(top.get(0).get("score").asDouble() >= top.get(1).get("score").asDouble());
    }

    @Test
    void verifyAcceptsDl4jReferencesAndNpyPairs() throws Exception {
        CliRunner h5 = run("verify", corpus(KONDUIT + "ReLU_0_model.h5"), "--reference",
                corpus(KONDUIT + "ReLU_0_inputs_and_outputs.h5"), "--json");
        assertEquals(0, h5.exitCode(), h5.out() + h5.err());
        JsonNode j = new ObjectMapper().readTree(h5.out());
        assertTrue(j.get("passed").asBoolean());
        assertEquals(3, j.get("checks").size());

        CliRunner npy = run("verify", corpus(CNN + "cnn_batch_norm.h5"), "--input", corpus(CNN + "input.npy"),
                "--expected", corpus(CNN + "predictions.npy"), "--atol", "1e-6", "--rtol", "0");
        assertEquals(0, npy.exitCode(), npy.out() + npy.err());
        assertTrue(npy.out().contains("PASS"), npy.out());
    }

    @Test
    void verifyExitsOneAndNamesTheDivergenceOnMismatch() {
        FloatTensor expected = Npy.read(Fixtures.corpus(CNN + "predictions.npy"));
        float[] v = expected.toArray();
        v[3] += 1e-3f;
        Path wrong = dir.resolve("wrong.npy");
        Npy.write(wrong, FloatTensor.wrap(expected.shape(), v));
        CliRunner r = run("verify", corpus(CNN + "cnn_batch_norm.h5"), "--input", corpus(CNN + "input.npy"),
                "--expected", wrong.toString());
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("MISMATCH: first diverging layer dense_1"), r.out());
        assertTrue(r.out().contains("worst[3]"), r.out());

        // two independently initialised models of the same architecture disagree
        CliRunner other = run("verify", corpus(KONDUIT + "ReLU_0_model.h5"), "--against", corpus(KONDUIT + "LeakyReLU_0_model.h5"));
        assertEquals(1, other.exitCode(), other.out() + other.err());
        CliRunner self = run("verify", corpus(KONDUIT + "ReLU_0_model.h5"), "--against", corpus(KONDUIT + "ReLU_0_model.h5"));
        assertEquals(0, self.exitCode(), self.out() + self.err());
    }

    @Test
    void verifyAgainstAnotherModelWritesTheSameReportStructure() throws Exception {
        Path html = dir.resolve("against.html");
        CliRunner r = run("verify", corpus(KONDUIT + "ReLU_0_model.h5"), "--against", corpus(KONDUIT + "LeakyReLU_0_model.h5"),
                "--report", html.toString());
        assertEquals(1, r.exitCode(), r.out() + r.err());
        String page = Files.readString(html);
        assertTrue(page.contains("id=\"verdict\" class=\"verdict fail\""), page);
        assertTrue(page.contains("id=\"first-divergence\""), page);
        assertTrue(page.contains("model LeakyReLU_0_model.h5"), "the reference is the other model");
        assertTrue(page.contains("<dt>reference sha256</dt>"), "the other model is hashed");
        assertTrue(page.contains("id=\"layer-graph\""));
    }

    @Test
    void verifyOracleJsonWithFillWeightsAndRegeneratedInputs() throws Exception {
        String seed = "seed003_mnist_lrn";
        CliRunner r = run("verify", Fixtures.oracle(seed, "keras2_config.json").toString(), "--fill-weights",
                "--reference", Fixtures.oracle(seed, "expected.json").toString(), "--json");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.get("passed").asBoolean());
        assertEquals(16, j.get("checks").size()); // 15 layers (two Lambda LRNs) and the final output
        assertTrue(j.get("first_divergence").isNull());
        // without the fill the config has no weights: an import error, not a mismatch
        CliRunner bare = run("verify", Fixtures.oracle(seed, "keras2_config.json").toString(),
                "--reference", Fixtures.oracle(seed, "expected.json").toString());
        assertEquals(KerasjCli.EXIT_IMPORT_ERROR, bare.exitCode());
        assertTrue(bare.err().contains("has no value"), bare.err());
    }

    @Test
    void verifyRejectsAmbiguousReferenceChoices() {
        CliRunner r = run("verify", corpus(KONDUIT + "ReLU_0_model.h5"));
        assertEquals(KerasjCli.EXIT_IMPORT_ERROR, r.exitCode());
        assertTrue(r.err().contains("exactly one of"), r.err());
    }

    @Test
    void benchReportsLoadTimeAndMedians() throws Exception {
        CliRunner r = run("bench", corpus(CNN + "cnn_batch_norm.h5"), "--batch", "1,4", "--warmup", "1", "--iters", "3", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.get("load_ms").asDouble() > 0);
        assertEquals(2, j.get("batches").size());
        JsonNode b4 = j.get("batches").get(1);
        assertEquals(4, b4.get("batch").asInt());
        assertEquals(4000.0 / b4.get("ms_per_batch").asDouble(), b4.get("images_per_second").asDouble(), 1e-6);
        CliRunner text = run("bench", corpus(CNN + "cnn_batch_norm.h5"), "--batch", "2", "--iters", "1", "--warmup", "0");
        assertTrue(text.out().contains("batch    2:") && text.out().contains("images/s"), text.out());
    }
}
