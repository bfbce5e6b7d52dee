package io.kerasj.runtime.report;

import io.kerasj.ir.KerasModel;
import io.kerasj.ir.SourceInfo;
import io.kerasj.runtime.graph.KernelSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * What a reviewer needs to reproduce a report: the inputs by content hash, and the software and
 * kernel path that produced the numbers.
 *
 * @param entries label → value, in display order
 */
public record Provenance(Map<String, String> entries) {
    public Provenance {
        entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /**
     * Provenance of one run.
     *
     * @param model     the checked model (its source path is hashed)
     * @param reference what it was compared with, in words (e.g. "oracle expected.json")
     * @param referencePath the reference file or directory, or null when there is none
     * @param engine    the engine that ran the model (e.g. "TensorFlow Java")
     * @param device    the device it ran on
     */
    public static Provenance of(KerasModel model, String reference, Path referencePath, String engine, String device) {
        Map<String, String> m = modelEntries(model);
        m.put("reference", reference);
        if (referencePath != null) {
            m.put("reference file", referencePath.toString());
            m.put("reference sha256", sha256(referencePath));
        }
        m.put("kerasj version", kerasjVersion());
        m.put("TensorFlow version", org.tensorflow.TensorFlow.version());
        m.put("engine", engine);
        m.put("device", device);
        m.put("CPU kernel path", KernelSupport.probe().cpuPath() + onednnSetting());
        m.put("CPU", cpuModel());
        m.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return new Provenance(m);
    }

    /** Provenance without a run: for a summary validation (no engine involved). */
    public static Provenance ofValidation(KerasModel model, Path summaryFile) {
        Map<String, String> m = modelEntries(model);
        m.put("summary file", summaryFile.toString());
        m.put("summary sha256", sha256(summaryFile));
        m.put("kerasj version", kerasjVersion());
        m.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return new Provenance(m);
    }

    /** The checked model: its file by content hash, its format and the Keras that wrote it. */
    private static Map<String, String> modelEntries(KerasModel model) {
        Map<String, String> m = new LinkedHashMap<>();
        SourceInfo src = model.source();
        m.put("model file", src.path() == null ? "(in memory)" : src.path().toString());
        if (src.path() != null) {
            m.put("model sha256", sha256(src.path()));
        }
        m.put("model format", src.format());
        m.put("Keras version", src.kerasVersion() == null ? "not recorded in the file" : src.kerasVersion());
        if (src.backend() != null) {
            m.put("Keras backend", src.backend());
        }
        return m;
    }

    private static String onednnSetting() {
        String v = System.getenv("TF_ENABLE_ONEDNN_OPTS");
        return v == null ? " (TF_ENABLE_ONEDNN_OPTS unset: TensorFlow's default for this CPU)" : " (TF_ENABLE_ONEDNN_OPTS=" + v + ")";
    }

    /**
     * SHA-256 of a file, or of a directory (a SavedModel) as the hash over its files' relative
     * paths and contents in sorted order.
     */
    static String sha256(Path p) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            if (Files.isDirectory(p)) {
                List<Path> files = new ArrayList<>();
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).sorted().forEach(files::add);
                }
                for (Path f : files) {
                    md.update(p.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    md.update((byte) 0);
                    digest(md, f);
                }
            } else {
                digest(md, p);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            return "unreadable (" + e.getMessage() + ")";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void digest(MessageDigest md, Path f) throws IOException {
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
        }
    }

    private static String kerasjVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("/META-INF/maven/io.kerasj/kerasj-runtime/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "development build (classes, not a jar)";
    }

    private static String cpuModel() {
        Path info = Path.of("/proc/cpuinfo");
        if (Files.isReadable(info)) {
            try (Stream<String> lines = Files.lines(info)) {
                String name = lines.filter(l -> l.startsWith("model name")).findFirst()
                        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(null);
                if (name != null) {
                    return name + ", " + Runtime.getRuntime().availableProcessors() + " cores";
                }
            } catch (IOException | UncheckedIOException e) {
                // fall through to what Java knows
            }
        }
        return System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores";
    }
}
