package io.kerasj.cli;

import io.kerasj.KerasModels;
import io.kerasj.ir.KerasModel;
import io.kerasj.layers.CustomLayers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    @Option(names = "--custom-layer", paramLabel = "NAME=TARGET",
            description = "Run custom layer class NAME as TARGET: identity, lrn(depth_radius=2,bias=1,alpha=1e-4,beta=0.75)"
                    + " (or n/k, or size/k with alpha/size), Activation(relu) or LAYER(key=value,...); repeatable")
    List<String> customLayers = new ArrayList<>();

    @Option(names = "--custom-layers", paramLabel = "FILE", description = "Custom layer mappings, one NAME=TARGET per line")
    Path customLayerFile;

    public Path path() {
        return model;
    }

    public KerasModel load() {
        return customLayers().apply(() -> config == null ? KerasModels.load(model) : KerasModels.load(config, model));
    }

    /** The --custom-layers file's mappings, then --custom-layer ones (which win). */
    CustomLayers customLayers() {
        CustomLayers fromFile = CustomLayers.none();
        if (customLayerFile != null) {
            try {
                fromFile = CustomLayers.read(customLayerFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read custom layer mappings " + customLayerFile + ": " + e.getMessage(), e);
            }
        }
        return fromFile.with(CustomLayers.parse(customLayers));
    }
}
