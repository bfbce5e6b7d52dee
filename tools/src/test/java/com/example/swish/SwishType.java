package com.example.swish;

import io.kerasj.layers.LayerConfig;
import io.kerasj.layers.LayerType;
import java.util.List;

/** The importer's half of the Swish plug-in, registered in META-INF/services/io.kerasj.layers.LayerType. */
public final class SwishType implements LayerType<SwishSpec> {

    @Override
    public List<String> classNames() {
        return List.of("Swish");
    }

    @Override
    public SwishSpec parse(LayerConfig config) {
        return SwishSpec.parse(config);
    }

    @Override
    public Class<SwishSpec> specClass() {
        return SwishSpec.class;
    }
}
