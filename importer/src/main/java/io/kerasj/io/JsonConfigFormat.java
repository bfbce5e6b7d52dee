package io.kerasj.io;

import io.kerasj.export.LegacyH5Writer;
import io.kerasj.ir.KerasModel;
import java.nio.file.Path;
import java.util.List;

/**
 * A bare model config ({@code model.to_json()}): architecture only. Written only when asked for by
 * name: a {@code .json} output name alone is ambiguous (histories and references are JSON too).
 */
public final class JsonConfigFormat extends ReaderBackedFormat {
    public JsonConfigFormat() {
        super(new JsonConfigReader());
    }

    @Override
    public List<String> extensions() {
        return List.of();
    }

    @Override
    public String write(KerasModel model, Path path) {
        LegacyH5Writer.forModel(model).writeConfigJson(model, path);
        return "architecture only: weights are not part of a JSON config";
    }
}
