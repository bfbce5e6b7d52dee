package io.kerasj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.parity.Npy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * SavedModels and format twins through the CLI: verify --self-check (agree, mismatch, impossible),
 * predict falling back to TensorFlow as-is, export to .h5 / .keras / SavedModel and verify
 * --against between the twins, and the other commands reading SavedModel directories and .keras files.
 */
class SavedModelCommandsTest {
    private static final String SCISHARP = "SciSharp__TensorFlow.NET/test/TensorFlowNET.Keras.UnitTest/Assets/";
    private static final String SEED = "seed003_mnist_lrn";

    @TempDir
    Path dir;

    /** The CLI with the commands this test needs (the lead registers new ones in KerasjCli). */
    static CliRunner run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = KerasjCli.commandLine();
        for (Object c : new Object[] {new PredictCommand(), new VerifyCommand(), new ExportCommand(), new InspectCommand(),
            new SummaryCommand(), new ValidateCommand()}) {
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

    /** A bundled Keras SavedModel, extracted file by file. */
    private static Path savedModel(String name, String... extra) {
        Path first = null;
        for (String f : Stream.concat(Stream.of("saved_model.pb", "keras_metadata.pb", "fingerprint.pb",
                "variables/variables.index", "variables/variables.data-00000-of-00001"), Stream.of(extra)).toList()) {
            Path p = Fixtures.corpus(SCISHARP + name + "/" + f);
            first = first == null ? p : first;
        }
        return first.getParent();
    }

    @Test
    void selfCheckPassesOnTheSimpleKerasSavedModel() {
        CliRunner r = run("verify", savedModel("simple_model_from_auto_compile").toString(), "--self-check");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("ok   [output] softmax (2, 10) compared=20"), r.out());
        assertTrue(r.out().contains("self-check PASS") && r.out().contains("max abs error")
                && r.out().contains("atol=1.0E-5 rtol=1.0E-4"), r.out());
    }

    @Test
    void selfCheckOfAnLstmSavedModelPasses() {
        CliRunner r = run("verify", savedModel("lstm_from_sequential").toString(), "--self-check");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("ok   [output] dense (2, 1)") && r.out().contains("self-check PASS"), r.out());
    }

    @Test
    void selfCheckOfACustomLayerSavedModelIsImpossibleAndSaysWhy() throws IOException {
        CliRunner r = run("verify", customLayerModel().toString(), "--self-check");
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("self-check impossible") && r.err().contains("layer 'lstm'")
                && r.err().contains("unsupported layer class 'LSTX'"), r.err());
    }

    @Test
    void selfCheckReportsAMismatchWithExitOne() throws IOException {
        // a config that says tanh where the saved graph computes relu: the conversion no longer matches
        Path copy = copyTree(savedModel("simple_model_from_auto_compile"), dir.resolve("tampered"));
        Path meta = copy.resolve("keras_metadata.pb");
        byte[] bytes = Files.readAllBytes(meta);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("\"activation\": \"relu\""));
        Files.write(meta, text.replace("\"activation\": \"relu\"", "\"activation\": \"tanh\"")
                .getBytes(StandardCharsets.ISO_8859_1));
        CliRunner r = run("verify", copy.toString(), "--self-check");
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("FAIL [output] softmax") && r.out().contains("self-check MISMATCH"), r.out());
    }

    @Test
    void selfCheckNeedsASavedModelDirectory() {
        CliRunner r = run("verify", Fixtures.oracle(SEED, "keras2_config.json").toString(), "--self-check");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("not a SavedModel directory"), r.err());
    }

    @Test
    void predictRunsAnUnconvertibleSavedModelAsIs() throws IOException {
        float[] v = new float[2 * 5 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = i / 30f;
        }
        Path x = dir.resolve("x.npy");
        Npy.write(x, FloatTensor.wrap(Shape.of(2, 5, 3), v));
        Path y = dir.resolve("y.npy");
        CliRunner r = run("predict", customLayerModel().toString(), "--input", x.toString(),
                "--output", y.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("TensorFlow runs it as-is") && r.err().contains("LSTX"), r.err());
        assertTrue(r.out().contains("output dense (2, 1)"), r.out());
        FloatTensor out = Npy.read(y);
        assertEquals(Shape.of(2, 1), out.shape());
        for (int i = 0; i < 2; i++) {
            assertTrue(out.get(i) > 0 && out.get(i) < 1, "sigmoid output " + out.get(i));
        }
    }

    @Test
    void exportedTwinsVerifyAgainstEachOtherAndTheOracle() throws IOException {
        String config = Fixtures.oracle(SEED, "keras2_config.json").toString();
        Path h5 = dir.resolve("m.h5");
        Path keras = dir.resolve("m.keras");
        Path sm = dir.resolve("m_savedmodel");
        CliRunner w = run("export", config, "--fill-weights", "--out", h5.toString());
        assertEquals(0, w.exitCode(), w.err());
        assertTrue(w.out().contains("(h5, 585,546 parameters"), w.out());
        assertEquals(0, run("export", h5.toString(), "--out", keras.toString()).exitCode());
        CliRunner s = run("export", keras.toString(), "--out", sm.toString());
        assertEquals(0, s.exitCode(), s.err());
        assertTrue(s.out().contains("inputs [conv2d_input], outputs [dense_2]; 16 variables")
                && s.out().contains("(savedmodel, 585,546 parameters"), s.out());

        CliRunner a = run("verify", sm.toString(), "--against", h5.toString());
        assertEquals(0, a.exitCode(), a.out() + a.err());
        assertTrue(a.out().contains("PASS: all 16 checks agree"), a.out());
        CliRunner b = run("verify", keras.toString(), "--against", sm.toString(), "--atol", "0", "--rtol", "0",
                "--layer-atol", "0", "--layer-rtol", "0");
        assertEquals(0, b.exitCode(), "the twins agree exactly: " + b.out());
        CliRunner o = run("verify", sm.toString(), "--reference", Fixtures.oracle(SEED, "expected.json").toString());
        assertEquals(0, o.exitCode(), o.out());
        CliRunner c = run("verify", sm.toString(), "--self-check");
        assertEquals(0, c.exitCode(), c.out() + c.err());

        // inspect, summary and validate read the SavedModel and .keras twins
        CliRunner i = run("inspect", sm.toString());
        assertEquals(0, i.exitCode(), i.err());
        assertTrue(i.out().contains("savedmodel") && i.out().contains("585,546"), i.out());
        CliRunner sum = run("summary", sm.toString());
        assertEquals(0, sum.exitCode(), sum.err());
        Path summaryFile = dir.resolve("summary.txt");
        Files.writeString(summaryFile, sum.out());
        CliRunner v = run("validate", keras.toString(), "--summary", summaryFile.toString());
        assertEquals(0, v.exitCode(), v.out() + v.err());
        assertTrue(v.out().contains("MATCH"), v.out());

        // a second export replaces the first; a foreign directory is refused
        assertEquals(0, run("export", h5.toString(), "--out", sm.toString()).exitCode());
        Path foreign = Files.createDirectory(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("keep.txt"), "keep");
        CliRunner refused = run("export", h5.toString(), "--out", foreign.toString());
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("not a previous kerasj SavedModel export"), refused.err());
        assertEquals("keep", Files.readString(foreign.resolve("keep.txt")));
        CliRunner unknown = run("export", h5.toString(), "--out", dir.resolve("m.json").toString());
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("--format h5|keras|savedmodel"), unknown.err());
        assertEquals(0, run("export", h5.toString(), "--out", dir.resolve("m.v2").toString(), "--format", "savedmodel")
                .exitCode());
        assertTrue(Files.isRegularFile(dir.resolve("m.v2/saved_model.pb")));
    }

    /** The LSTM SavedModel with its layer class renamed LSTX in the Keras metadata (same length): a custom layer. */
    private Path customLayerModel() throws IOException {
        Path copy = copyTree(savedModel("lstm_from_sequential"), dir.resolve("custom"));
        Path meta = copy.resolve("keras_metadata.pb");
        String text = new String(Files.readAllBytes(meta), StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("\"class_name\": \"LSTM\""));
        Files.write(meta, text.replace("\"class_name\": \"LSTM\"", "\"class_name\": \"LSTX\"")
                .getBytes(StandardCharsets.ISO_8859_1));
        return copy;
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }
}
