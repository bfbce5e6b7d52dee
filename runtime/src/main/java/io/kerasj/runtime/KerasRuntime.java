package io.kerasj.runtime;

import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.runtime.graph.CompiledModel;
import io.kerasj.runtime.batching.MicroBatching;
import io.kerasj.runtime.batching.MicroBatchingPredictor;
import io.kerasj.runtime.graph.LoweringOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.ServiceLoader;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;

/**
 * Entry point: compiles an imported Keras model to a TensorFlow graph and returns a thread-safe
 * {@link Predictor}.
 *
 * <pre>{@code
 * try (Predictor p = KerasRuntime.builder(model).device(Device.CPU).build()) {
 *     FloatTensor probs = p.predict(batch);   // NHWC float32, batch first
 * }
 * }</pre>
 */
public final class KerasRuntime {
    private KerasRuntime() {
    }

    public static Builder builder(KerasModel model) {
        return new Builder(model);
    }

    /**
     * Starts TensorFlow's native start-up on a background thread and returns at once, so that it
     * overlaps the caller's own work: call it before {@code KerasModels.load} when a predictor will
     * follow, and a fresh JVM's first load costs the longer of the two instead of their sum.
     * Optional (TensorFlow otherwise starts on first use) and idempotent.
     */
    public static void warmUp() {
        NativeWarmUp.start();
    }

    /** Options for one predictor. */
    public static final class Builder {
        private final KerasModel model;
        private Device device = Device.CPU;
        private LoweringOptions options;
        private DeviceProbe probe = DeviceProbe.tensorFlow();
        private Engine engine = Engine.TENSORFLOW;
        private Precision precision = Precision.FP32;
        private MicroBatching microBatching;

        private Builder(KerasModel model) {
            this.model = Objects.requireNonNull(model, "model");
            this.options = LoweringOptions.defaults().withKerasMajor(model.source().kerasMajor());
        }

        /** CPU (default) or GPU; GPU fails at {@link #build()} with what is missing. */
        public Builder device(Device d) {
            this.device = Objects.requireNonNull(d, "device");
            return this;
        }

        /** How grouped Conv2D layers are lowered (default AUTO: what this TensorFlow kernel path runs, see GroupedConvStrategy). */
        public Builder groupedConv(LoweringOptions.GroupedConv g) {
            this.options = options.withGroupedConv(Objects.requireNonNull(g, "groupedConv"));
            return this;
        }

        /**
         * TENSORFLOW (default), ONNX_RUNTIME (needs {@code kerasj-onnx} on the class path), or AUTO:
         * per batch size the engine measured faster for this model when {@link #build()} runs.
         */
        public Builder engine(Engine e) {
            this.engine = Objects.requireNonNull(e, "engine");
            return this;
        }

        /** FP32 (default); FP16 and INT8 are opt-in approximations offered by the ONNX Runtime engine. */
        public Builder precision(Precision p) {
            this.precision = Objects.requireNonNull(p, "precision");
            return this;
        }

        /**
         * Serves concurrent callers in micro-batches of up to {@code maxBatch} rows, the oldest
         * request waiting at most {@code maxDelay} for others (see {@link MicroBatchingPredictor}).
         */
        public Builder microBatching(int maxBatch, Duration maxDelay) {
            this.microBatching = MicroBatching.of(maxBatch, maxDelay);
            return this;
        }

        Builder probe(DeviceProbe p) {
            this.probe = p;
            return this;
        }

        /**
         * Compiles the graph, opens a session on the chosen device and loads the weights. With
         * {@link Engine#AUTO} at FP32 it builds both engines and times each on the model at batch 1
         * and 32 (a few runs each: about 2 s for a 230 MB AlexNet on 2 cores); calls below batch 6 then
         * go to the batch-1 winner, larger ones to the batch-32 winner, and an engine that won neither
         * is closed. While both are kept they both hold the weights.
         *
         * @throws KerasImportException when a layer cannot run (e.g. an unrecognised Lambda) or
         *     weights are missing
         * @throws DeviceUnavailableException when the device cannot be used
         * @throws IllegalStateException when the engine is not on the class path
         * @throws IllegalArgumentException when the engine does not offer the precision, or
         *     micro-batching is asked for a model input with a fixed batch dimension
         */
        public Predictor build() {
            Predictor engine = buildEngine();
            if (microBatching == null) {
                return engine;
            }
            try {
                return MicroBatchingPredictor.wrap(engine, microBatching);
            } catch (RuntimeException e) {
                engine.close();
                throw e;
            }
        }

        private Predictor buildEngine() {
            if (engine == Engine.AUTO) {
                return buildAuto();
            }
            if (engine != Engine.TENSORFLOW) {
                return provider(engine).build(model, device, precision);
            }
            return buildTensorFlow();
        }

        /** AUTO: reduced precisions run on ONNX Runtime only; FP32 is routed by {@link EngineRouting}. */
        private Predictor buildAuto() {
            EngineProvider onnx = findProvider(Engine.ONNX_RUNTIME);
            if (precision != Precision.FP32) {
                return onnx != null ? onnx.build(model, device, precision) : buildTensorFlow();
            }
            return EngineRouting.build(this::buildTensorFlow,
                    onnx == null ? null : () -> onnx.build(model, device, precision));
        }

        private Predictor buildTensorFlow() {
            if (precision != Precision.FP32) {
                throw new IllegalArgumentException("the TensorFlow engine runs FP32 only; " + precision
                        + " is offered by Engine.ONNX_RUNTIME");
            }
            ConfigProto config = DeviceSelector.configFor(device, probe);
            CompiledModel compiled = CompiledModel.compile(model, options);
            Session session = null;
            try {
                session = new Session(compiled.graph(), config);
                compiled.initialize(session);
                // the variables hold the weights now; let the heap copy go with the model
                compiled.weights().releaseValues();
                return new TfPredictor(compiled, session, device);
            } catch (RuntimeException | Error e) {
                // Error too: reading weights from a file truncated under the model raises InternalError
                if (session != null) {
                    session.close();
                }
                compiled.close();
                throw e;
            }
        }
    }

    private static EngineProvider provider(Engine engine) {
        EngineProvider p = findProvider(engine);
        if (p == null) {
            throw new IllegalStateException("no " + engine + " engine on the class path: add the kerasj-onnx module");
        }
        return p;
    }

    private static EngineProvider findProvider(Engine engine) {
        for (EngineProvider p : ServiceLoader.load(EngineProvider.class)) {
            if (p.engine() == engine) {
                return p;
            }
        }
        return null;
    }
}
