package io.kerasj.onnx;

import io.kerasj.ir.KerasModel;
import io.kerasj.onnx.export.ModelExport;
import io.kerasj.onnx.ort.OnnxPredictor;
import io.kerasj.onnx.quant.Precisions;
import io.kerasj.runtime.Device;
import io.kerasj.runtime.Engine;
import io.kerasj.runtime.EngineProvider;
import io.kerasj.runtime.Precision;
import io.kerasj.runtime.Predictor;

/**
 * {@link Engine#ONNX_RUNTIME}: the model exported to ONNX in memory, rewritten for the requested
 * precision, and run by ONNX Runtime. Registered for {@link java.util.ServiceLoader}.
 */
public final class OnnxEngine implements EngineProvider {
    @Override
    public Engine engine() {
        return Engine.ONNX_RUNTIME;
    }

    @Override
    public Predictor build(KerasModel model, Device device, Precision precision) {
        return new OnnxPredictor(Precisions.apply(ModelExport.toOnnx(model), precision), device);
    }
}
