package com.example.swish;

import io.kerasj.onnx.export.LayerCall;
import io.kerasj.onnx.export.OnnxLayer;
import io.kerasj.onnx.export.OnnxValue;
import java.util.List;

/** The ONNX half of the Swish plug-in, registered in META-INF/services/io.kerasj.onnx.export.OnnxLayer. */
public final class SwishOnnx implements OnnxLayer<SwishSpec> {

    @Override
    public Class<SwishSpec> specClass() {
        return SwishSpec.class;
    }

    @Override
    public List<OnnxValue> export(LayerCall call, SwishSpec spec, List<OnnxValue> inputs) {
        // element-wise, so it works on the input however it is stored
        OnnxValue x = inputs.get(0);
        String scaled = call.op("Mul", List.of(x.name(), call.graph().scalar(spec.beta())));
        return List.of(x.withName(call.op("Mul", List.of(x.name(), call.op("Sigmoid", List.of(scaled))))));
    }
}
