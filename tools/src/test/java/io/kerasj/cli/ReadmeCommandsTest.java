package io.kerasj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ./kerasj} command shown in README.md, run exactly as written through the real
 * launcher script (on this build's class path, so nothing is rebuilt), from a scratch directory
 * that links the repository's top-level entries (so outputs land there, not in the checkout).
 * Each must end with exit status 0, or with the status a {@code <!-- readme-test: exit N -->}
 * comment before its code block documents, and its standard error may hold only kerasj's own
 * lines: no TensorFlow, absl, JavaCPP or Maven output.
 */
class ReadmeCommandsTest {
    /** The start of every line kerasj itself writes to standard error. */
    private static final Pattern OWN_STDERR = Pattern.compile("^(error|warning|report|kerasj): .*|^\\s*$");
    private static final Pattern EXIT_MARK = Pattern.compile("<!-- readme-test: exit (\\d+) -->");

    @TempDir
    static Path scratch;

    record Example(String command, int exit, int line) {
    }

    static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("kerasj"))) {
            p = p.getParent();
        }
        assertTrue(p != null, "the repository root (with the kerasj launcher) is above " + Path.of("").toAbsolutePath());
        return p;
    }

    /** Commands in README code blocks: lines starting with ./kerasj (or $ ./kerasj), backslash continuations joined. */
    static List<Example> examples(List<String> readme) {
        List<Example> out = new ArrayList<>();
        int expectedExit = 0;
        boolean fenced = false;
        for (int i = 0; i < readme.size(); i++) {
            String line = readme.get(i);
            Matcher mark = EXIT_MARK.matcher(line);
            if (mark.find()) {
                expectedExit = Integer.parseInt(mark.group(1));
                continue;
            }
            if (line.trim().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            boolean code = fenced || line.startsWith("    ");
            String t = line.trim();
            if (t.startsWith("$ ")) {
                t = t.substring(2);
            }
            if (code && t.startsWith("./kerasj ")) {
                int start = i;
                StringBuilder cmd = new StringBuilder();
                while (t.endsWith("\\") && i + 1 < readme.size()) {
                    cmd.append(t, 0, t.length() - 1).append(' ');
                    t = readme.get(++i).trim();
                }
                cmd.append(t);
                out.add(new Example(cmd.toString(), expectedExit, start + 1));
                expectedExit = 0;
            } else if (!code && !t.isEmpty()) {
                expectedExit = expectedExit != 0 && t.startsWith("<!--") ? expectedExit : 0;
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyReadmeCommandRunsAsWritten() throws IOException {
        Path repo = repo();
        List<Example> examples = examples(Files.readAllLines(repo.resolve("README.md")));
        assertFalse(examples.isEmpty(), "README.md shows kerasj commands");
        try (Stream<Path> top = Files.list(repo)) {
            for (Path p : (Iterable<Path>) top::iterator) {
                if (!p.getFileName().toString().equals(".git")) {
                    Files.createSymbolicLink(scratch.resolve(p.getFileName()), p);
                }
            }
        }
        return examples.stream().map(e -> DynamicTest.dynamicTest("README line " + e.line() + ": " + e.command(), () -> run(e)));
    }

    private static void run(Example e) throws IOException, InterruptedException {
        Path out = Files.createTempFile(scratch, "out", ".txt");
        Path err = Files.createTempFile(scratch, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", e.command()).directory(scratch.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("KERASJ_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("KERASJ_JAVA_OPTS", "-Xmx4g");
        Process p = pb.start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "finished: " + e.command());
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(e.exit(), p.exitValue(), "exit status of " + e.command() + "\n" + stdout + stderr);
        for (String l : stderr.split("\n")) {
            assertTrue(OWN_STDERR.matcher(l).matches(), "only kerasj's own lines on stderr, got: " + l);
        }
    }
}
