package io.kerasj.keras3;

import io.kerasj.KerasModels;
import io.kerasj.export.KerasArchiveWriter;
import io.kerasj.io.ModelFormat;
import io.kerasj.ir.KerasModel;
import java.nio.file.Path;
import java.util.List;

/** The Keras 3 {@code .keras} archive (and its standalone {@code .weights.h5} with a config). */
public final class KerasArchiveFormat implements ModelFormat, KerasModels.WeightsReader {
    private final KerasArchiveReader reader = new KerasArchiveReader();

    @Override
    public String format() {
        return KERAS;
    }

    @Override
    public List<String> extensions() {
        return List.of(".keras");
    }

    @Override
    public boolean canRead(Path path) {
        return reader.canRead(path);
    }

    @Override
    public KerasModel read(Path path) {
        return reader.read(path);
    }

    @Override
    public KerasModel read(Path configJson, Path weights) {
        return reader.read(configJson, weights);
    }

    @Override
    public String write(KerasModel model, Path path) {
        new KerasArchiveWriter().write(model, path);
        return "";
    }
}
