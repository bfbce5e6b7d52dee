package io.kerasj.hdf5;

import io.kerasj.export.LegacyH5Writer;
import io.kerasj.io.ModelFormat;
import io.kerasj.ir.KerasModel;
import java.nio.file.Path;
import java.util.List;

/** Keras' legacy HDF5 full-model file ({@code model.save("m.h5")}): read from any Keras, written as tf.keras 2.x. */
public final class LegacyH5Format implements ModelFormat {
    private final LegacyH5Reader reader = new LegacyH5Reader();

    @Override
    public String format() {
        return H5;
    }

    @Override
    public List<String> extensions() {
        return List.of(".h5", ".hdf5");
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
        LegacyH5Writer.forModel(model).writeModel(model, path);
        return "";
    }
}
