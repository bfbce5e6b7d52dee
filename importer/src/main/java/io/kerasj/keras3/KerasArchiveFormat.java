package io.kerasj.keras3;

import io.kerasj.KerasModels;
import io.kerasj.export.KerasArchiveWriter;
import io.kerasj.io.ReaderBackedFormat;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.OptimizerState;
import java.nio.file.Path;
import java.util.List;

/** The Keras 3 {@code .keras} archive (and its standalone {@code .weights.h5} with a config). */
public final class KerasArchiveFormat extends ReaderBackedFormat implements KerasModels.WeightsReader {
    public KerasArchiveFormat() {
        super(new KerasArchiveReader());
    }

    @Override
    public List<String> extensions() {
        return List.of(".keras");
    }

    @Override
    public KerasModel read(Path configJson, Path weights) {
        return new KerasArchiveReader().read(configJson, weights);
    }

    @Override
    public String write(KerasModel model, Path path) {
        return write(model, null, path);
    }

    /** With an optimizer state the archive carries {@code compile_config} and {@code optimizer/vars}. */
    @Override
    public String write(KerasModel model, OptimizerState optimizer, Path path) {
        new KerasArchiveWriter().write(model, optimizer, path);
        return "";
    }
}
