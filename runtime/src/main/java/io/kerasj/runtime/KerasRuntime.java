package io.kerasj.runtime;

import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.runtime.graph.CompiledModel;
import io.kerasj.runtime.graph.LoweringOptions;
import java.util.Objects;
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

    /** Options for one predictor. */
    public static final class Builder {
        private final KerasModel model;
        private Device device = Device.CPU;
        private LoweringOptions options;
        private DeviceProbe probe = DeviceProbe.tensorFlow();

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

        Builder probe(DeviceProbe p) {
            this.probe = p;
            return this;
        }

        /**
         * Compiles the graph, opens a session on the chosen device and loads the weights.
         *
         * @throws KerasImportException when a layer cannot run (e.g. an unrecognised Lambda) or
         *     weights are missing
         * @throws DeviceUnavailableException when the device cannot be used
         */
        public Predictor build() {
            ConfigProto config = DeviceSelector.configFor(device, probe);
            CompiledModel compiled = CompiledModel.compile(model, options);
            Session session = null;
            try {
                session = new Session(compiled.graph(), config);
                compiled.initialize(session);
                // the variables hold the weights now; let the heap copy go with the model
                compiled.weights().releaseValues();
                return new TfPredictor(compiled, session, device);
            } catch (RuntimeException e) {
                if (session != null) {
                    session.close();
                }
                compiled.close();
                throw e;
            }
        }
    }
}
