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

    /**
     * The model, with fill-rule weights when asked.
     *
     * @throws IllegalArgumentException when the model has no weight values and none were asked for
     */
    KerasModel load() {
        KerasModel m = model.load();
        if (fillWeights) {
            return FillRule.fill(m);
        }
        if (!m.hasWeights()) {
            String missing = m.layers().stream().flatMap(l -> l.weights().stream().filter(w -> !w.hasValue())
                    .map(w -> l.name() + "/" + w.name())).findFirst().orElse("?");
            throw new IllegalArgumentException(model.path() + ": weight " + missing + " has no value (an architecture"
                    + " without weights): give the"
                    + " weights (the full .h5/.keras, or --config CONFIG.json with the weights file as MODEL), or add"
                    + " --fill-weights to run it with deterministic test weights (the oracle's fill rule; outputs are"
                    + " then only good for comparing implementations, not for predictions)");
        }
        return m;
    }

    Predictor predictor(KerasModel m) {
        return KerasRuntime.builder(m).device(device).build();
    }
}
