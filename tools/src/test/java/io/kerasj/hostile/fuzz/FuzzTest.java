package io.kerasj.hostile.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-repository fuzzing suite (issue 12): seeded mutants of every format kerasj reads, and a
 * replay of the regression corpus ({@code src/test/resources/io/kerasj/hostile/regression/FORMAT/},
 * every input that ever failed). Each input must give the entry point's result or its documented
 * exception, within {@link FuzzRunner#TIMEOUT_SECONDS} and the format's allocation bound.
 *
 * <p>CI runs a few thousand inputs per format (about a minute on two cores). A release runs
 * more: {@code -Dkerasj.fuzz.iterations=100000 -Dkerasj.fuzz.seed=N} (see src/docs/fuzzing.md).
 * Failing inputs are written to {@code tools/target/fuzz-failures/FORMAT/} to be added to the corpus.
 */
class FuzzTest {
    private static final long SEED = Long.getLong("kerasj.fuzz.seed", 20261203L);
    private static final Path FAILURES = Path.of("target", "fuzz-failures");
    private static final Path REPORT = Path.of("target", "fuzz-report.txt");

    @TempDir
    Path work;

    private void fuzz(FuzzFormat format) throws IOException {
        int iterations = Integer.getInteger("kerasj.fuzz.iterations", format.ciIterations());
        FuzzStats stats = new FuzzRunner(format, work, FAILURES).mutants(SEED, iterations);
        report("mutants (seed " + SEED + ") " + stats);
        assertEquals(iterations, stats.inputs);
        assertTrue(stats.failures.isEmpty(), format.name() + ": " + stats.failures.size() + " inputs failed:\n  "
                + String.join("\n  ", stats.failures));
    }

    private void replay(FuzzFormat format) throws IOException, URISyntaxException {
        List<byte[]> saved = corpus(format.name());
        FuzzStats stats = new FuzzRunner(format, work, FAILURES).replay(saved);
        report("regression corpus " + stats);
        assertTrue(stats.failures.isEmpty(), String.join("\n", stats.failures));
    }

    static List<byte[]> corpus(String format) throws IOException, URISyntaxException {
        URL url = FuzzTest.class.getResource("/io/kerasj/hostile/regression/" + format);
        List<byte[]> out = new ArrayList<>();
        if (url == null) {
            return out;
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            for (Path p : files.sorted().toList()) {
                if (!p.getFileName().toString().endsWith(".md")) {
                    out.add(Files.readAllBytes(p));
                }
            }
        }
        return out;
    }

    private static synchronized void report(String line) throws IOException {
        System.out.println("fuzz " + line);
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void legacyH5() throws Exception {
        replay(new H5Format());
        fuzz(new H5Format());
    }

    @Test
    void kerasArchive() throws Exception {
        replay(new KerasFormat());
        fuzz(new KerasFormat());
    }

    @Test
    void savedModel() throws Exception {
        replay(new SavedModelFormat());
        fuzz(new SavedModelFormat());
    }

    @Test
    void lambdaMarshal() throws Exception {
        replay(new LambdaFormat());
        fuzz(new LambdaFormat());
    }

    @Test
    void summaryText() throws Exception {
        replay(new SummaryFormat());
        fuzz(new SummaryFormat());
    }
}
