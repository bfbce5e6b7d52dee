package io.kerasj.io;

import io.kerasj.export.ExportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.OptimizerState;
import java.nio.file.Path;
import java.util.List;

/**
 * One model format, read and written in one place: legacy HDF5, the Keras 3 archive, a bare JSON
 * config (built in), a SavedModel (contributed by the runtime module, which needs TensorFlow), or
 * any other registered through {@link java.util.ServiceLoader} under
 * {@code META-INF/services/io.kerasj.io.ModelFormat}. {@link ModelFormats} finds them and picks one
 * for an output path.
 */
public interface ModelFormat extends ModelReader {
    /** Names of the formats kerasj knows of; {@link #format()} returns one of these or a plug-in's own. */
    String H5 = "h5";
    String KERAS = "keras";
    String SAVEDMODEL = "savedmodel";
    String JSON = "json";

    /**
     * Output file name endings (lower case, with the dot) that select this format, e.g.
     * {@code .h5}; empty when the format is chosen only by name or as a directory.
     */
    List<String> extensions();

    /** True when this format's output is a directory (chosen for an existing directory or a name without extension). */
    default boolean writesDirectory() {
        return false;
    }

    /**
     * Writes {@code model} to {@code path} all or nothing (through {@link AtomicFiles}).
     *
     * @return a one-line note on what was written beyond the file itself (e.g. a signature), or ""
     * @throws io.kerasj.export.ExportException when the model cannot be written in this format, saying why
     */
    String write(KerasModel model, Path path);

    /**
     * Writes a trained model with its optimizer state (null: none), so that training resumes from
     * the file (Keras' {@code load_model} too). Formats that cannot hold an optimizer state refuse one.
     */
    default String write(KerasModel model, OptimizerState optimizer, Path path) {
        if (optimizer != null) {
            throw new ExportException("a " + format() + " output cannot hold the optimizer state; write a .h5 or .keras file");
        }
        return write(model, path);
    }
}
