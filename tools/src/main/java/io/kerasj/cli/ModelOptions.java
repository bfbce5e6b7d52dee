package io.kerasj.cli;

import io.kerasj.KerasModels;
import io.kerasj.ir.KerasModel;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The model argument shared by commands: a file or directory, optionally with a separate JSON config. */
public final class ModelOptions {
    @Parameters(index = "0", paramLabel = "MODEL",
            description = "Keras model: .h5/.hdf5 (full model or weights with --config), .keras, SavedModel directory, or a JSON config")
    Path model;

    @Option(names = "--config", paramLabel = "CONFIG.json",
            description = "JSON model config (model.to_json()) when MODEL holds weights only")
    Path config;

    public Path path() {
        return model;
    }

    public KerasModel load() {
        return load(model, config);
    }

    /** A model file, or a weights file with its JSON config when {@code config} is given. */
    static KerasModel load(Path model, Path config) {
        return config == null ? KerasModels.load(model) : KerasModels.load(config, model);
    }
}
