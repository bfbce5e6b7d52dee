package io.kerasj.cli;

import io.kerasj.layers.CustomLayers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** {@code --custom-layer} / {@code --custom-layers}: what the model's custom layer classes compute. */
public final class CustomLayerOptions {
    @Option(names = "--custom-layer", paramLabel = "NAME=TARGET",
            description = "Run custom layer class NAME as TARGET: identity, lrn(depth_radius=2,bias=1,alpha=1e-4,beta=0.75)"
                    + " (or n/k, or size/k with alpha/size), Activation(relu) or LAYER(key=value,...); repeatable")
    List<String> mappings = new ArrayList<>();

    @Option(names = "--custom-layers", paramLabel = "FILE", description = "Custom layer mappings, one NAME=TARGET per line")
    Path file;

    /** Runs an import with the mappings in effect: the file's first, then --custom-layer ones (which win). */
    <T> T apply(Supplier<T> load) {
        CustomLayers fromFile = CustomLayers.none();
        if (file != null) {
            try {
                fromFile = CustomLayers.read(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read custom layer mappings " + file + ": " + e.getMessage(), e);
            }
        }
        return fromFile.with(CustomLayers.parse(mappings)).apply(load);
    }
}
