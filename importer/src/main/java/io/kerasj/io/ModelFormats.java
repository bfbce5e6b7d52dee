package io.kerasj.io;

import io.kerasj.export.ExportException;
import io.kerasj.hdf5.LegacyH5Format;
import io.kerasj.keras3.KerasArchiveFormat;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The known {@link ModelFormat}s and the one place that picks a format: for reading by the bytes
 * ({@link ModelReader#canRead}), for writing by explicit name, output file extension, or directory.
 * Order: the built-in legacy HDF5 and Keras 3 archive, then registered formats (directory formats
 * first, then by name), then plain registered {@link ModelReader}s, and the bare JSON config last
 * (it recognises any JSON object).
 */
public final class ModelFormats {
    /** Formats that live in other modules, and what to put on the class path for them. */
    private static final Map<String, String> PROVIDED_ELSEWHERE = Map.of(
            ModelFormat.SAVEDMODEL, "the kerasj-runtime module (TensorFlow Java), which writes and converts SavedModels");

    private ModelFormats() {
    }

    /** Every format, in the order described above. */
    public static List<ModelFormat> all() {
        List<ModelFormat> all = new ArrayList<>(List.of(new LegacyH5Format(), new KerasArchiveFormat()));
        List<ModelFormat> registered = new ArrayList<>();
        ServiceLoader.load(ModelFormat.class).forEach(registered::add);
        registered.sort(Comparator.comparing((ModelFormat f) -> !f.writesDirectory()).thenComparing(ModelFormat::format));
        all.addAll(registered);
        all.add(new JsonConfigFormat());
        return all;
    }

    /** The readers tried in order when a model is loaded: every format, with plain readers before the JSON config. */
    public static List<ModelReader> readers() {
        List<ModelFormat> formats = all();
        List<ModelReader> readers = new ArrayList<>(formats.subList(0, formats.size() - 1));
        ServiceLoader.load(ModelReader.class).forEach(readers::add);
        readers.add(formats.get(formats.size() - 1));
        return readers;
    }

    /** The format called {@code name} (e.g. {@link ModelFormat#SAVEDMODEL}). */
    public static ModelFormat named(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        List<ModelFormat> all = all();
        for (ModelFormat f : all) {
            if (f.format().equals(key)) {
                return f;
            }
        }
        String elsewhere = PROVIDED_ELSEWHERE.get(key);
        if (elsewhere != null) {
            throw new ExportException("the " + key + " format is not available: it needs " + elsewhere + " on the class path");
        }
        throw new ExportException("unknown model format '" + name + "'; known: " + names(all));
    }

    /** The file format whose extension {@code file}'s name ends with, if any. */
    public static Optional<ModelFormat> byExtension(Path file) {
        String name = fileName(file);
        return all().stream().filter(f -> f.extensions().stream().anyMatch(name::endsWith)).findFirst();
    }

    /**
     * The format an output path asks for: by extension ({@code .h5}/{@code .hdf5}, {@code .keras},
     * and those of registered formats); an existing directory or a name without extension means a
     * directory format (SavedModel).
     */
    public static ModelFormat forOutput(Path out) {
        Optional<ModelFormat> byName = byExtension(out);
        if (byName.isPresent()) {
            return byName.get();
        }
        String name = fileName(out);
        List<ModelFormat> all = all();
        if (Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS) || !name.contains(".")) {
            return all.stream().filter(ModelFormat::writesDirectory).findFirst()
                    .orElseGet(() -> named(ModelFormat.SAVEDMODEL)); // throws, naming the missing module
        }
        String extensions = all.stream().flatMap(f -> f.extensions().stream()).map(e -> "*" + e)
                .collect(Collectors.joining(", "));
        throw new ExportException("cannot tell the output format from '" + out.getFileName() + "': name it "
                + extensions + ", give a directory for a SavedModel, or pass --format " + names(all));
    }

    private static String names(List<ModelFormat> formats) {
        return formats.stream().map(ModelFormat::format).collect(Collectors.joining("|"));
    }

    private static String fileName(Path p) {
        return p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
    }
}
