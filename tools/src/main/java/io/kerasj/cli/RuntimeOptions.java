package io.kerasj.cli;

import io.kerasj.fill.FillRule;
import io.kerasj.ir.KerasModel;
import io.kerasj.onnx.OnnxFiles;
import io.kerasj.runtime.Device;
import io.kerasj.runtime.Engine;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Precision;
import io.kerasj.runtime.Predictor;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The model to run and how: shared by predict, verify and bench. */
public final class RuntimeOptions {
    /** {@code --engine} values. */
    enum EngineName {
        tf(Engine.TENSORFLOW), onnxruntime(Engine.ONNX_RUNTIME), auto(Engine.AUTO);

        final Engine engine;

        EngineName(Engine engine) {
            this.engine = engine;
        }
    }

    /** {@code --precision} values. */
    enum PrecisionName {
        fp32, fp16, int8;

        Precision precision() {
            return Precision.valueOf(name().toUpperCase(Locale.ROOT));
        }
    }

    @Mixin
    ModelOptions model;

    @Option(names = "--device", paramLabel = "CPU|GPU", defaultValue = "CPU",
            description = "Where to run: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}; GPU needs the -Pgpu build)")
    Device device;

    @Option(names = "--engine", paramLabel = "tf|onnxruntime|auto", split = ",",
            description = "Inference engine: TensorFlow (default), ONNX Runtime on the model exported to ONNX, or auto"
                    + " (per batch size the one measured faster at load); an .onnx MODEL always runs on ONNX Runtime."
                    + " bench takes a list")
    List<EngineName> engines;

    /** The --engine values; tf when none was given. */
    List<EngineName> engineNames() {
        return engines == null || engines.isEmpty() ? List.of(EngineName.tf) : engines;
    }

    @Option(names = "--precision", paramLabel = "fp32|fp16|int8", split = ",", defaultValue = "fp32",
            description = "Weights: fp32 (default), fp16 storage or int8 dynamic quantisation (ONNX Runtime only);"
                    + " bench takes a list")
    List<PrecisionName> precisions;

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
        if (engineNames().contains(EngineName.tf) && java.nio.file.Files.exists(model.path())) {
            // TensorFlow's native start-up overlaps the import
            KerasRuntime.warmUp();
        }
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

    /** True when MODEL is an .onnx file, which runs as-is on ONNX Runtime. */
    boolean isOnnxFile() {
        return model.config == null && OnnxFiles.isOnnxFile(model.path());
    }

    Engine engine() {
        if (isOnnxFile()) {
            if (engines != null && engines.contains(EngineName.tf)) {
                throw new IllegalArgumentException("an .onnx file runs on ONNX Runtime: use --engine onnxruntime");
            }
            return Engine.ONNX_RUNTIME;
        }
        return single(engineNames(), "--engine").engine;
    }

    Precision precision() {
        return single(precisions, "--precision").precision();
    }

    Predictor predictor(KerasModel m) {
        return predictor(m, engine(), precision());
    }

    Predictor predictor(KerasModel m, Engine engine, Precision precision) {
        return KerasRuntime.builder(m).device(device).engine(engine).precision(precision).build();
    }

    /** The .onnx MODEL as-is (rewritten for a reduced precision when asked). */
    Predictor onnxFilePredictor(Precision precision) {
        engine();
        return OnnxFiles.predictor(model.path(), device, precision);
    }

    private static <T> T single(List<T> values, String option) {
        if (values.size() != 1) {
            throw new IllegalArgumentException(option + " takes one value here (bench compares several)");
        }
        return values.get(0);
    }
}
