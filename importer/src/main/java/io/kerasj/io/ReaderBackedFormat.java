package io.kerasj.io;

import io.kerasj.ir.KerasModel;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link ModelFormat} whose reading is done by existing code (a {@link ModelReader}, or a sniffer
 * and a converter); subclasses add the writing.
 */
public abstract class ReaderBackedFormat implements ModelFormat {
    private final String format;
    private final Predicate<Path> recognises;
    private final Function<Path, KerasModel> reader;

    protected ReaderBackedFormat(ModelReader reader) {
        this(reader.format(), reader::canRead, reader::read);
    }

    protected ReaderBackedFormat(String format, Predicate<Path> recognises, Function<Path, KerasModel> reader) {
        this.format = format;
        this.recognises = recognises;
        this.reader = reader;
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public boolean canRead(Path path) {
        return recognises.test(path);
    }

    @Override
    public KerasModel read(Path path) {
        return reader.apply(path);
    }
}
