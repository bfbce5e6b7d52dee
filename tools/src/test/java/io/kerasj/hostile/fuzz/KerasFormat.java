package io.kerasj.hostile.fuzz;

import io.kerasj.ir.KerasImportException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Keras 3 {@code .keras} archives read by {@code KerasModels.load}. A third of the mutants change
 * the zip bytes; the rest change one entry (config.json as text, model.weights.h5 or metadata.json
 * as bytes) and zip it again, so the parsers behind the zip layer are reached.
 */
final class KerasFormat implements FuzzFormat {
    private final byte[] seed;
    private final Map<String, byte[]> entries;

    KerasFormat() throws IOException {
        try (InputStream in = KerasFormat.class.getResourceAsStream("/io/kerasj/hostile/links/dense_source.keras")) {
            seed = in.readAllBytes();
        }
        entries = unzip(seed);
    }

    @Override
    public String name() {
        return "keras";
    }

    @Override
    public int ciIterations() {
        return 1200;
    }

    @Override
    public FuzzCase mutant(Mutator m, Path work) throws IOException {
        if (m.random().nextInt(3) == 0) {
            return replay(m.mutate(seed), work);
        }
        Map<String, byte[]> changed = new LinkedHashMap<>(entries);
        List<String> names = List.copyOf(entries.keySet());
        String name = names.get(m.random().nextInt(names.size()));
        byte[] b = entries.get(name);
        changed.put(name, name.endsWith(".json")
                ? m.mutateText(new String(b, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8) : m.mutate(b));
        return replay(zip(changed), work);
    }

    @Override
    public FuzzCase replay(byte[] saved, Path work) throws IOException {
        return FuzzCase.modelFile(saved, work, "model.keras");
    }

    @Override
    public boolean documented(Throwable t) {
        return t instanceof KerasImportException;
    }


    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.setLevel(java.util.zip.Deflater.BEST_SPEED);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
