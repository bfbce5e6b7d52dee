package io.kerasj.hdf5;

import io.kerasj.export.LegacyH5Writer;
import io.kerasj.io.ReaderBackedFormat;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.OptimizerState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Keras' legacy HDF5 full-model file ({@code model.save("m.h5")}): read from any Keras, written as tf.keras 2.x. */
public final class LegacyH5Format extends ReaderBackedFormat {
    public LegacyH5Format() {
        super(new LegacyH5Reader());
    }

    @Override
    public List<String> extensions() {
        return List.of(".h5", ".hdf5");
    }

    @Override
    public String write(KerasModel model, Path path) {
        return write(model, null, path);
    }

    /** With an optimizer state the file carries {@code training_config} and {@code optimizer_weights}. */
    @Override
    public String write(KerasModel model, OptimizerState optimizer, Path path) {
        LegacyH5Writer.forModel(model).writeModel(model, optimizer, Map.of(), path);
        return "";
    }
}
