package io.kerasj.runtime;

import io.kerasj.ir.KerasModel;

/**
 * An inference engine other than TensorFlow, found with {@link java.util.ServiceLoader} so the
 * runtime does not depend on it (the {@code kerasj-onnx} module provides {@link Engine#ONNX_RUNTIME}).
 */
public interface EngineProvider {

    /** The engine this provider builds predictors for. */
    Engine engine();

    /**
     * Builds a predictor for {@code model}.
     *
     * @throws io.kerasj.ir.KerasImportException when a layer has no form on this engine
     * @throws DeviceUnavailableException when the device cannot be used
     */
    Predictor build(KerasModel model, Device device, Precision precision);
}
