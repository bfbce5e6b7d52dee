package io.kerasj.export;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.hdf5.write.H5File;
import io.kerasj.io.AtomicFiles;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.OptimizerState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a Keras 3 {@code .keras} archive as {@code model.save('m.keras')} does: a zip with
 * {@code metadata.json}, {@code config.json} (Keras 3 serialization, see {@link Keras3Config}) and
 * {@code model.weights.h5} ({@link Keras3Weights}), all stored uncompressed like Python's zipfile
 * default. The archive is built in a temporary file beside the target and moved into place whole.
 */
public final class KerasArchiveWriter {
    /** The Keras release whose layout this writer reproduces (vars groups carry a {@code name}). */
    public static final String DEFAULT_KERAS_VERSION = "3.10.0";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss");

    private final String kerasVersion;
    private final Clock clock;

    public KerasArchiveWriter() {
        this(DEFAULT_KERAS_VERSION, Clock.systemDefaultZone());
    }

    public KerasArchiveWriter(String kerasVersion, Clock clock) {
        if (kerasVersion == null || !kerasVersion.startsWith("3.")) {
            throw new IllegalArgumentException("a .keras archive declares a Keras 3 version, got " + kerasVersion);
        }
        this.kerasVersion = kerasVersion;
        this.clock = clock;
    }

    /** The {@code config.json} text for a model (Keras 3 serialization, json.dumps formatting). */
    public static String configJson(KerasModel model) {
        return PythonJson.dumps(Keras3Config.of(model));
    }

    public String metadataJson() {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("keras_version", kerasVersion);
        m.put("date_saved", LocalDateTime.now(clock).format(DATE));
        return PythonJson.dumps(m);
    }

    public void write(KerasModel model, Path target) {
        write(model, null, target);
    }

    /**
     * {@code model.save} of a trained model: with {@code optimizer}, the archive also holds its
     * {@code compile_config} and {@code optimizer/vars} (see {@link Keras3Optimizer}; an optimizer
     * whose Keras 3 variable order is uncertain is left out, and the archive holds the model only).
     */
    public void write(KerasModel model, OptimizerState optimizer, Path target) {
        Path name = target.getFileName();
        if (name == null || !name.toString().endsWith(".keras")) {
            throw new ExportException("a Keras 3 archive must be named *.keras (Keras refuses other names): " + target);
        }
        LegacyWeights.requireValues(model);
        Keras3Optimizer opt = Keras3Optimizer.of(optimizer);
        ObjectNode configNode = Keras3Config.of(model);
        if (opt != null) {
            configNode.set("compile_config", opt.compileConfig());
        }
        byte[] config = PythonJson.dumps(configNode).getBytes(StandardCharsets.UTF_8);
        byte[] metadata = metadataJson().getBytes(StandardCharsets.UTF_8);
        try (AtomicFiles.Output out = AtomicFiles.file(target);
             AtomicFiles.Output weights = AtomicFiles.file(out.target().resolveSibling(name + ".weights.h5"))) {
            try (H5File h5 = H5File.create(weights.temp())) {
                Keras3Weights.write(h5.root(), model);
                if (opt != null) {
                    opt.writeVariables(h5.root());
                }
            }
            try (OutputStream os = Files.newOutputStream(out.temp());
                 ZipOutputStream zip = new ZipOutputStream(os)) {
                long epoch = LocalDateTime.of(1980, 1, 1, 0, 0).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
                stored(zip, "metadata.json", metadata, epoch);
                stored(zip, "config.json", config, epoch);
                storedFile(zip, "model.weights.h5", weights.temp(), clock.millis());
            }
            out.commit();
            // weights' temporary file is deleted when its Output closes uncommitted (it is scratch space, never the output)
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data, long time) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(data);
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        e.setCrc(crc.getValue());
        e.setTime(time);
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    private static void storedFile(ZipOutputStream zip, String name, Path file, long time) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                crc.update(buf, 0, n);
            }
        }
        long size = Files.size(file);
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(size);
        e.setCompressedSize(size);
        e.setCrc(crc.getValue());
        e.setTime(time);
        zip.putNextEntry(e);
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(zip);
        }
        zip.closeEntry();
    }
}
