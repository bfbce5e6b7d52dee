package io.kerasj.onnx.quant;

import io.kerasj.onnx.proto.Onnx.ModelProto;
import io.kerasj.runtime.Precision;

/** Rewrites an fp32 ONNX model for a {@link Precision}. */
public final class Precisions {
    private Precisions() {
    }

    public static ModelProto apply(ModelProto model, Precision precision) {
        return switch (precision) {
            case FP32 -> model;
            case FP16 -> Fp16Weights.rewrite(model);
            case INT8 -> Int8Quantizer.forThisCpu().rewrite(model);
        };
    }
}
