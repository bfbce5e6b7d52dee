package io.kerasj.io;

import io.kerasj.export.LegacyH5Writer;
import io.kerasj.ir.KerasModel;
import java.nio.file.Path;
import java.util.List;

/**
 * A bare model config ({@code model.to_json()}): architecture only. Written only when asked for by
 * name: a {@code .json} output name alone is ambiguous (histories and references are JSON too).
 */
public final class JsonConfigFormat implements ModelFormat {
    private final JsonConfigReader reader = new JsonConfigReader();

    @Override
    public String format() {
        return JSON;
    }

    @Override
    public List<String> extensions() {
        return List.of();
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
    public String write(KerasModel model, Path path) {
        LegacyH5Writer.forModel(model).writeConfigJson(model, path);
        return "architecture only: weights are not part of a JSON config";
    }
}
