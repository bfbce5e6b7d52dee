package io.kerasj.io;

import io.kerasj.ir.KerasModel;
import java.nio.file.Path;

/** A {@link ModelFormat} whose reading is done by an existing {@link ModelReader}; subclasses add the writing. */
public abstract class ReaderBackedFormat implements ModelFormat {
    private final ModelReader reader;

    protected ReaderBackedFormat(ModelReader reader) {
        this.reader = reader;
    }

    @Override
    public String format() {
        return reader.format();
    }

    @Override
    public boolean canRead(Path path) {
        return reader.canRead(path);
    }

    @Override
    public KerasModel read(Path path) {
        return reader.read(path);
    }
}
