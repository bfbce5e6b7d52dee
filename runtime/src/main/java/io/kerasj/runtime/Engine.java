package io.kerasj.runtime;

/** Which inference library runs a model. */
public enum Engine {
    /** TensorFlow Java with TF's own kernels (the default; also the engine for training and SavedModels). */
    TENSORFLOW,
    /**
     * ONNX Runtime on the model exported to ONNX; needs the {@code kerasj-onnx} module on the
     * class path, found through {@link EngineProvider}.
     */
    ONNX_RUNTIME,
    /**
     * Per call, whichever of TENSORFLOW and ONNX_RUNTIME ran this model faster on this machine in a
     * short alternating measurement when the predictor was built (see {@link KerasRuntime.Builder#build()});
     * TENSORFLOW when the ONNX engine is not on the class path.
     */
    AUTO
}
