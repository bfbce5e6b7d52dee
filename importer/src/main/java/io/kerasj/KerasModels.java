package io.kerasj;

import io.kerasj.hdf5.LegacyH5Reader;
import io.kerasj.io.FileSniffer;
import io.kerasj.io.ModelFormat;
import io.kerasj.io.ModelFormats;
import io.kerasj.io.ModelReader;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.OptimizerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Entry point for importing and saving Keras models. On load the format is recognised from the
 * file's bytes: legacy HDF5 ({@code .h5}/{@code .hdf5}), Keras 3 {@code .keras} archives, a bare
 * JSON config, and — through formats registered with {@link java.util.ServiceLoader} — SavedModel
 * directories (runtime module). On save it follows the output name or an explicit format
 * ({@link ModelFormats}).
 *
 * <pre>{@code
 * KerasModel model = KerasModels.load(Path.of("alexnet.h5"));
 * KerasModel pair  = KerasModels.load(Path.of("model.json"), Path.of("weights.h5"));
 * KerasModels.save(model, Path.of("alexnet.keras"));
 * KerasModels.save(model, Path.of("alexnet_sm"), ModelFormat.SAVEDMODEL);
 * }</pre>
 */
public final class KerasModels {
    private KerasModels() {
    }

    /** Imports a model file or directory, recognising its format. */
    public static KerasModel load(Path path) {
        if (!Files.exists(path)) {
            throw new KerasImportException(path, null, "no such file or directory");
        }
        for (ModelReader r : readers()) {
            if (r.canRead(path)) {
                return r.read(path);
            }
        }
        throw new KerasImportException(path, null, "not a Keras model: expected a legacy HDF5 file (.h5), a Keras 3 "
                + ".keras archive, a SavedModel directory or a JSON model config");
    }

    /** Imports a JSON config ({@code model.to_json()}) with a weights-only HDF5 file ({@code save_weights}). */
    public static KerasModel load(Path configJson, Path weights) {
        for (Path p : List.of(configJson, weights)) {
            if (!Files.isRegularFile(p)) {
                throw new KerasImportException(p, null, "no such file");
            }
        }
        // format-specific weights readers first: a Keras 3 .weights.h5 is HDF5 too, in another layout
        for (ModelReader r : readers()) {
            if (r instanceof WeightsReader w && r.canRead(weights)) {
                return w.read(configJson, weights);
            }
        }
        if (FileSniffer.isHdf5(weights)) {
            return new LegacyH5Reader().read(configJson, weights);
        }
        throw new KerasImportException(weights, null, "not a Keras weights file (expected HDF5)");
    }

    /** The readers tried in order ({@link ModelFormats#readers()}). */
    public static List<ModelReader> readers() {
        return ModelFormats.readers();
    }

    /**
     * Writes {@code model} in the format its output name asks for ({@code .h5}/{@code .hdf5},
     * {@code .keras}, a directory or extension-less name for a SavedModel), all or nothing.
     *
     * @return the format written
     * @throws io.kerasj.export.ExportException when the format cannot be told or cannot hold the model, saying why
     */
    public static ModelFormat save(KerasModel model, Path path) {
        return save(model, path, ModelFormats.forOutput(path));
    }

    /** Writes {@code model} in the named format ({@link ModelFormat#H5}, {@link ModelFormat#SAVEDMODEL}...). */
    public static ModelFormat save(KerasModel model, Path path, String format) {
        return save(model, path, ModelFormats.named(format));
    }

    /**
     * Writes a trained model with its optimizer state (null: none) in the format its name asks for,
     * so that training resumes from the file; formats that cannot hold the state refuse it.
     */
    public static ModelFormat save(KerasModel model, OptimizerState optimizer, Path path) {
        ModelFormat format = ModelFormats.forOutput(path);
        format.write(model, optimizer, path);
        return format;
    }

    /** Writes {@code model} in {@code format}. */
    public static ModelFormat save(KerasModel model, Path path, ModelFormat format) {
        format.write(model, path);
        return format;
    }

    /** A reader that can also combine a separate config with a weights file of its format. */
    public interface WeightsReader {
        KerasModel read(Path configJson, Path weights);
    }
}
