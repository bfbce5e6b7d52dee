package io.kerasj.hostile;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerasj.KerasModels;
import io.kerasj.cli.CliRunner;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.io.ModelReader;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.Shape;
import io.kerasj.lambda.LambdaDecodeException;
import io.kerasj.lambda.LambdaDecoder;
import io.kerasj.runtime.parity.Dl4jReference;
import io.kerasj.runtime.parity.Npy;
import io.kerasj.runtime.savedmodel.SavedModelGate;
import io.kerasj.runtime.savedmodel.SavedModelPredictor;
import io.kerasj.summary.SummaryParseException;
import io.kerasj.summary.SummaryParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: every public entry point — {@code KerasModels.load} (both forms, with the hostile file
 * in either place), every registered {@link ModelReader} called directly, the SavedModel gate and
 * predictor, {@code SummaryParser}, {@code LambdaDecoder}, the DL4J reference reader and the CLI
 * commands — gets the same hostile set and must answer with its documented error naming the file
 * (exit code 2 and no stack trace for the CLI), never anything else, within a timeout.
 */
class HostileSetTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String DENSE = "deeplearning4j__dl4j-test-resources/src/main/resources/modelimport/keras/"
            + "weights/dense_tensorflow_2.h5";

    @TempDir
    static Path tmp;

    /** name -> hostile file or directory. */
    private static final Map<String, Path> HOSTILE = new LinkedHashMap<>();

    @BeforeAll
    static void hostileSet() throws Exception {
        Random r = new Random(12);
        byte[] noise = new byte[4096];
        r.nextBytes(noise);
        byte[] hdf5 = noise.clone();
        System.arraycopy(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'}, 0, hdf5, 0, 8);
        byte[] zip = noise.clone();
        System.arraycopy(new byte[] {'P', 'K', 3, 4}, 0, zip, 0, 4);
        byte[] dense = Files.readAllBytes(Fixtures.corpus(DENSE));
        byte[] keras = HostileFiles.class.getResourceAsStream("/io/kerasj/hostile/links/dense_source.keras").readAllBytes();
        file("empty", new byte[0]);
        file("one-byte", new byte[] {0});
        file("noise", noise);
        file("hdf5-signature-then-noise", hdf5);
        file("zip-signature-then-noise", zip);
        file("h5-cut-at-600-bytes", java.util.Arrays.copyOf(dense, 600));
        file("keras-cut-in-half", java.util.Arrays.copyOf(keras, keras.length / 2));
        file("json-empty-object", "{}".getBytes(StandardCharsets.UTF_8));
        file("json-nested-100000", ("[".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
        file("json-bad-layers", """
                {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "",
                 "units": -1, "batch_input_shape": [null, -5]}}, 7, null, {"class_name": {"x": 1}}]}}
                """.getBytes(StandardCharsets.UTF_8));
        file("utf16-text", "\uFEFFModel: \"x\"\n".getBytes(StandardCharsets.UTF_16));
        HOSTILE.put("external-link-h5", HostileFiles.copy("links/external_link_kernel.h5", tmp.resolve("ext")));
        HOSTILE.put("byte107-h5", HostileFiles.copy("regression/h5/issue12_cnn_tf_model_byte107_7f.h5", tmp));
        HOSTILE.put("empty-name-keras", HostileFiles.copy("regression/keras/issue12_empty_layer_name.keras", tmp));
        HOSTILE.put("empty-dir", Files.createDirectories(tmp.resolve("empty-dir")));
        Path garbageSm = Files.createDirectories(tmp.resolve("garbage-savedmodel"));
        Files.write(garbageSm.resolve("saved_model.pb"), noise);
        HOSTILE.put("garbage-savedmodel", garbageSm);
        HOSTILE.put("file-copying-savedmodel", HostileSavedModels.copierInGraph(tmp.resolve("copier"),
                Fixtures.corpus(DENSE), tmp.resolve("stolen")));
        HOSTILE.put("missing", tmp.resolve("does-not-exist.h5"));
        Path loopA = tmp.resolve("loop-a");
        Files.createSymbolicLink(loopA, tmp.resolve("loop-b"));
        Files.createSymbolicLink(tmp.resolve("loop-b"), loopA);
        HOSTILE.put("symlink-loop", loopA);
    }

    private static void file(String name, byte[] bytes) throws Exception {
        HOSTILE.put(name, Files.write(tmp.resolve(name), bytes));
    }

    private final List<String> failures = new ArrayList<>();
    private int checks;

    /** Runs {@code call}: it must return or throw {@code documented} with {@code file}'s name in the message. */
    private void expect(String what, Path file, Class<? extends Throwable> documented, Callable<?> call) {
        checks++;
        try {
            assertTimeoutPreemptively(TIMEOUT, () -> {
                try {
                    call.call();
                } catch (Throwable t) {
                    if (!documented.isInstance(t)) {
                        failures.add(what + ": " + t + (t.getStackTrace().length > 0 ? " at " + t.getStackTrace()[0] : ""));
                    } else if (file != null && !String.valueOf(t.getMessage()).contains(file.getFileName().toString())) {
                        failures.add(what + ": the message does not name the file: " + t.getMessage());
                    }
                }
                return null;
            });
        } catch (org.opentest4j.AssertionFailedError e) {
            failures.add(what + ": " + e.getMessage());
        }
    }

    private void assertNoFailures() {
        assertTrue(checks >= HOSTILE.size() * 9, "only " + checks + " checks ran");
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n  " + String.join("\n  ", failures));
    }

    @Test
    void javaApiAnswersEveryHostileInputWithItsDocumentedError() throws Exception {
        Path dense = Fixtures.corpus(DENSE);
        Path config = Files.writeString(tmp.resolve("dense_config.json"),
                io.kerasj.hdf5.Hdf5Files.open(dense).getAttribute("model_config").getData().toString());
        for (Map.Entry<String, Path> h : HOSTILE.entrySet()) {
            Path p = h.getValue();
            String n = h.getKey();
            expect("KerasModels.load(" + n + ")", p, KerasImportException.class, () -> KerasModels.load(p));
            expect("KerasModels.load(config, " + n + ")", p, KerasImportException.class, () -> KerasModels.load(config, p));
            expect("KerasModels.load(" + n + ", weights)", p, KerasImportException.class, () -> KerasModels.load(p, dense));
            for (ModelReader r : KerasModels.readers()) {
                expect(r.format() + " reader on " + n, p, KerasImportException.class, () -> r.read(p));
            }
            expect("SavedModelGate.check(" + n + ")", p, KerasImportException.class, () -> {
                SavedModelGate.check(p);
                return null;
            });
            expect("SavedModelPredictor.load(" + n + ")", p, KerasImportException.class, () -> {
                SavedModelPredictor.load(p).close();
                return null;
            });
            expect("SummaryParser.parse(" + n + ")", p, SummaryParseException.class, () -> SummaryParser.parse(p));
            expect("Dl4jReference.read(" + n + ")", p, KerasImportException.class,
                    () -> Dl4jReference.read(p, List.of("in"), List.of("out")));
            JsonNode json = jsonOrNull(p);
            if (json != null) {
                expect("LambdaDecoder.decode(" + n + ")", null, LambdaDecodeException.class, () -> LambdaDecoder.decode(json));
            }
        }
        assertNoFailures();
    }

    @Test
    void cliAnswersEveryHostileModelWithExitCodeTwoAndAMessage() throws Exception {
        Path x = tmp.resolve("x.npy");
        Npy.write(x, FloatTensor.wrap(Shape.of(1, 4), new float[] {1, 2, 3, 4}));
        Path summary = Fixtures.resource("summaries/keras2_functional_branches.txt");
        for (Map.Entry<String, Path> h : HOSTILE.entrySet()) {
            String m = h.getValue().toString();
            String name = h.getValue().getFileName().toString();
            List<String[]> commands = List.of(
                    new String[] {"inspect", m}, new String[] {"inspect", m, "--json"}, new String[] {"summary", m},
                    new String[] {"validate", m, "--summary", summary.toString()},
                    new String[] {"validate", Fixtures.corpus(DENSE).toString(), "--summary", m},
                    new String[] {"predict", m, "--input", x.toString()},
                    new String[] {"verify", m, "--input", x.toString(), "--expected", x.toString()},
                    new String[] {"bench", m, "--batch", "1", "--warmup", "0", "--iters", "1"},
                    new String[] {"export", m, "--out", tmp.resolve("out-" + h.getKey() + ".h5").toString()});
            for (String[] args : commands) {
                String what = "kerasj " + String.join(" ", args);
                checks++;
                try {
                    CliRunner r = assertTimeoutPreemptively(TIMEOUT, () -> CliRunner.run(args));
                    if (r.exitCode() != 2 || r.err().contains("\tat ") || !r.err().contains(name)) {
                        failures.add(what + " -> exit " + r.exitCode() + ": " + abbreviate(r.err()));
                    }
                } catch (Throwable t) {
                    failures.add(what + " -> threw " + t);
                }
            }
        }
        assertNoFailures();
    }

    /** The file as JSON when it is JSON (the decoder takes a parsed Lambda config). */
    private static JsonNode jsonOrNull(Path p) {
        try {
            return Files.isRegularFile(p) ? new ObjectMapper().readTree(Files.readAllBytes(p)) : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }
}
