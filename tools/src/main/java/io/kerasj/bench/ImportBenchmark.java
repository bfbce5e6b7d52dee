package io.kerasj.bench;

import io.kerasj.KerasModels;
import io.kerasj.ir.KerasModel;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Import to a ready predictor (issue 15), against the cost of reading the model file once.
 * In one process, alternating: (a) {@code KerasModels.load} → built TensorFlow {@link Predictor}
 * (file in the page cache, TensorFlow initialised by an untimed first load) and (b) one plain
 * {@link FileChannel} read of the whole file into a direct buffer allocated once; prints both
 * medians and a/b. With {@code --fresh N} it then starts N fresh JVMs on the same class path that
 * each load the model once and reports the median first load: from spawning the JVM to the
 * predictor, and from the JVM's own start (its uptime); the children get this JVM's options (add
 * {@code -XX:SharedArchiveFile=tools/target/kerasj.jsa}, the launcher's class-data archive, to time
 * what {@code ./kerasj} starts with).
 * Run: {@code java -Xmx6g -cp tools/target/kerasj.jar io.kerasj.bench.ImportBenchmark MODEL.h5 [iters] [--fresh N]}.
 */
public final class ImportBenchmark {
    private static final String FIRST_LOAD = "--first-load";

    private ImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals(FIRST_LOAD)) {
            firstLoad(Path.of(args[1]));
            return;
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        int fresh = 0;
        int at = rest.indexOf("--fresh");
        if (at >= 0) {
            fresh = Integer.parseInt(rest.get(at + 1));
            rest.subList(at, at + 2).clear();
        }
        if (rest.isEmpty()) {
            System.err.println("usage: ImportBenchmark MODEL.h5 [iters] [--fresh N]");
            System.exit(2);
        }
        Path model = Path.of(rest.get(0));
        int iters = rest.size() > 1 ? Integer.parseInt(rest.get(1)) : 15;
        inProcess(model, iters);
        if (fresh > 0) {
            freshJvms(model, fresh);
        }
    }

    private static void inProcess(Path model, int iters) throws IOException {
        long bytes;
        try (FileChannel ch = FileChannel.open(model, StandardOpenOption.READ)) {
            bytes = ch.size();
        }
        ByteBuffer target = ByteBuffer.allocateDirect(Math.toIntExact(bytes));
        // TensorFlow initialised, the file cached, the code paths compiled once
        loadAndBuild(model);
        readOnce(model, target);
        double[] importMs = new double[iters];
        double[] buildMs = new double[iters];
        int[] run = {0};
        double[] m = AlternatingTimer.medians(List.of(() -> {
            double[] split = loadAndBuild(model);
            importMs[run[0]] = split[0];
            buildMs[run[0]++] = split[1];
        }, () -> readOnce(model, target)), iters);
        System.out.printf(Locale.ROOT, "%s (%.1f MB), %d alternating runs each, load %s:%n", model.getFileName(),
                bytes / 1e6, iters, AlternatingTimer.loadAverage());
        System.out.printf(Locale.ROOT, "  (a) load -> built predictor: %.1f ms (import %.1f ms, compile + weights %.1f ms)%n",
                m[0], AlternatingTimer.median(importMs), AlternatingTimer.median(buildMs));
        System.out.printf(Locale.ROOT, "  (b) read the file once:       %.1f ms (%.1f GB/s)%n", m[1], bytes / m[1] / 1e6);
        System.out.printf(Locale.ROOT, "  a/b = %.2f%n", m[0] / m[1]);
    }

    /** Milliseconds of import and of compile + weights. */
    private static double[] loadAndBuild(Path model) {
        long s = System.nanoTime();
        KerasModel m = KerasModels.load(model);
        long imported = System.nanoTime();
        try (Predictor p = KerasRuntime.builder(m).build()) {
            long built = System.nanoTime();
            return new double[] {(imported - s) / 1e6, (built - imported) / 1e6};
        }
    }

    private static void readOnce(Path model, ByteBuffer target) {
        target.clear();
        try (FileChannel ch = FileChannel.open(model, StandardOpenOption.READ)) {
            while (target.hasRemaining() && ch.read(target) >= 0) {
                // FileChannel may return fewer bytes than asked
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** In a fresh JVM: one load with nothing warmed, as a user's first call would see it. */
    private static void firstLoad(Path model) {
        long s = System.nanoTime();
        KerasRuntime.warmUp();
        KerasModel m = KerasModels.load(model);
        long imported = System.nanoTime();
        try (Predictor p = KerasRuntime.builder(m).build()) {
            long built = System.nanoTime();
            System.out.printf(Locale.ROOT, "ready %d %.1f %.1f%n", ManagementFactory.getRuntimeMXBean().getUptime(),
                    (imported - s) / 1e6, (built - imported) / 1e6);
            System.out.flush();
        }
    }

    private static void freshJvms(Path model, int n) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        double[] spawnToReady = new double[n];
        double[] uptime = new double[n];
        double[] importMs = new double[n];
        double[] buildMs = new double[n];
        for (int i = 0; i < n; i++) {
            List<String> command = new ArrayList<>(List.of(java));
            // the parent's JVM options (heap, a class-data-sharing archive) apply to the children
            ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> !a.startsWith("-XX:ArchiveClassesAtExit")).forEach(command::add);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), ImportBenchmark.class.getName(), FIRST_LOAD,
                    model.toString()));
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "2");
            long s = System.nanoTime();
            Process p = pb.start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null && !line.startsWith("ready ")) {
                    // the child prints nothing else on stdout
                }
                spawnToReady[i] = (System.nanoTime() - s) / 1e6;
                if (line == null) {
                    throw new IllegalStateException("the fresh JVM exited with " + p.waitFor() + " before its predictor was built");
                }
                String[] f = line.split(" ");
                uptime[i] = Double.parseDouble(f[1]);
                importMs[i] = Double.parseDouble(f[2]);
                buildMs[i] = Double.parseDouble(f[3]);
            }
            p.waitFor();
        }
        System.out.printf(Locale.ROOT, "fresh JVM first load, median of %d, load %s: %.0f ms from spawning the JVM "
                + "(%.0f ms of JVM uptime; import %.0f ms, compile + weights %.0f ms)%n",
                n, AlternatingTimer.loadAverage(), AlternatingTimer.median(spawnToReady), AlternatingTimer.median(uptime),
                AlternatingTimer.median(importMs), AlternatingTimer.median(buildMs));
    }
}
