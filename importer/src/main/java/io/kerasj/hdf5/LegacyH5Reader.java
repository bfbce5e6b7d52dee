package io.kerasj.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.kerasj.config.ModelConfigParser;
import io.kerasj.io.FileSniffer;
import io.kerasj.io.JsonConfigReader;
import io.kerasj.io.ModelReader;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.OptimizerState;
import io.kerasj.ir.SourceInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Keras' legacy HDF5 format, as written by Keras 1.x, Keras 2.x, tf.keras and Keras 3's
 * {@code model.save("x.h5")}: a full model (root {@code model_config} + {@code model_weights}) or
 * a weights-only file ({@code save_weights}) read together with its JSON config.
 */
public final class LegacyH5Reader implements ModelReader {

    @Override
    public String format() {
        return "h5";
    }

    @Override
    public boolean canRead(Path path) {
        return FileSniffer.isHdf5(path);
    }

    /** A full-model file. */
    @Override
    public KerasModel read(Path path) {
        return guarded(path, () -> {
            try (HdfFile h5 = Hdf5Files.open(path)) {
                String config = Hdf5Access.stringAttribute(h5, "model_config");
                if (config == null) {
                    throw new KerasImportException(path, null, "the file has no model_config attribute: it holds weights only "
                            + "(model.save_weights); give the model's JSON config too (--config CONFIG.json)");
                }
                SourceInfo info = sourceInfo(h5, path, "h5");
                KerasModel model = ModelConfigParser.parse(config, path, info);
                Node weights = Hdf5Paths.child(h5, "model_weights");
                if (!(weights instanceof Group g)) {
                    throw new KerasImportException(path, null, "the file has a model_config but no model_weights group");
                }
                return new WeightBinder(path, new Hdf5Access(Files.size(path))).bind(model, g);
            }
        });
    }

    /** A JSON config ({@code model.to_json()}) plus a weights-only {@code .h5} ({@code save_weights}). */
    public KerasModel read(Path configJson, Path weightsH5) {
        String config = JsonConfigReader.readText(configJson);
        return guarded(weightsH5, () -> {
            try (HdfFile h5 = Hdf5Files.open(weightsH5)) {
                SourceInfo info = sourceInfo(h5, weightsH5, "h5+json");
                KerasModel model = ModelConfigParser.parse(config, configJson, info);
                // a full-model file works as a weights file too
                Group root = Hdf5Paths.child(h5, "model_weights") instanceof Group g ? g : h5;
                if (Hdf5Access.stringListAttribute(root, "layer_names").isEmpty()) {
                    throw new KerasImportException(weightsH5, null, "no layer_names attribute: not a Keras legacy weights file"
                            + (h5.getChildren().containsKey("layers") ? " (it looks like a Keras 3 .weights.h5)" : ""));
                }
                return new WeightBinder(weightsH5, new Hdf5Access(Files.size(weightsH5))).bind(model, root);
            }
        });
    }

    /**
     * The optimizer state a full-model file carries ({@code optimizer_weights} and
     * {@code training_config}), or empty when it was saved without one.
     */
    public Optional<OptimizerState> readOptimizerState(Path path) {
        return guarded(path, () -> {
            try (HdfFile h5 = new HdfFile(path)) {
                return Optional.ofNullable(new OptimizerWeightsReader(new Hdf5Access(Files.size(path)))
                        .read(h5, Hdf5Access.stringAttribute(h5, "training_config")));
            }
        });
    }

    /** A string attribute of the file's root group, or empty. */
    public Optional<String> readRootAttribute(Path path, String name) {
        return guarded(path, () -> {
            try (HdfFile h5 = new HdfFile(path)) {
                return Optional.ofNullable(Hdf5Access.stringAttribute(h5, name));
            }
        });
    }

    private static SourceInfo sourceInfo(HdfFile h5, Path path, String format) {
        Group weights = Hdf5Paths.child(h5, "model_weights") instanceof Group g ? g : h5;
        String version = firstNonNull(Hdf5Access.stringAttribute(h5, "keras_version"),
                Hdf5Access.stringAttribute(weights, "keras_version"));
        String backend = firstNonNull(Hdf5Access.stringAttribute(h5, "backend"),
                Hdf5Access.stringAttribute(weights, "backend"));
        return new SourceInfo(format, version, backend, path);
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    /**
     * The reader boundary: jhdf may throw anything on a damaged file (including OutOfMemoryError
     * for a claimed size, or StackOverflowError on a cyclic B-tree); none of it may escape raw.
     */
    private static <T> T guarded(Path path, IoSupplier<T> body) {
        try {
            return body.get();
        } catch (KerasImportException e) {
            throw e;
        } catch (Hdf5FormatException e) {
            throw new KerasImportException(path, e.getMessage(), e);
        } catch (IOException e) {
            throw new KerasImportException(path, "cannot read: " + e.getMessage(), e);
        } catch (OutOfMemoryError | StackOverflowError e) {
            throw new KerasImportException(path, "damaged HDF5 structure (" + e.getClass().getSimpleName() + " while reading)", (Throwable) null);
        } catch (Throwable e) {
            throw new KerasImportException(path, "not a readable Keras HDF5 file: " + e, e);
        }
    }

    @FunctionalInterface
    private interface IoSupplier<T> {
        T get() throws IOException;
    }
}
