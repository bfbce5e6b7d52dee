package io.kerasj.cli;

import io.kerasj.fill.FillRule;
import io.kerasj.ir.KerasModel;
import io.kerasj.runtime.Device;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The model to run and how: shared by predict, verify and bench. */
public final class RuntimeOptions {
    @Mixin
    ModelOptions model;

    @Option(names = "--device", paramLabel = "CPU|GPU", defaultValue = "CPU",
            description = "Where to run: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}; GPU needs the -Pgpu build)")
    Device device;

    @Option(names = "--fill-weights",
            description = "Give the model the oracle's deterministic weights (oracle/FILL.md) instead of its own;"
                    + " for architecture-only configs such as the oracle's keras2_config.json")
    boolean fillWeights;

    KerasModel load() {
        KerasModel m = model.load();
        return fillWeights ? FillRule.fill(m) : m;
    }

    Predictor predictor(KerasModel m) {
        return KerasRuntime.builder(m).device(device).build();
    }
}
