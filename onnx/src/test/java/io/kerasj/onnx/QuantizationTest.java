package io.kerasj.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.onnx.export.ModelExport;
import io.kerasj.onnx.ort.OnnxPredictor;
import io.kerasj.onnx.proto.Onnx.ModelProto;
import io.kerasj.onnx.proto.Onnx.NodeProto;
import io.kerasj.onnx.proto.Onnx.TensorProto;
import io.kerasj.onnx.quant.Int8Quantizer;
import io.kerasj.runtime.Device;
import io.kerasj.runtime.Predictor;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** int8 rewriting with 8- and 7-bit weights: standard integer ops only, outputs near fp32, no float weights left behind. */
class QuantizationTest {

    private static KerasModel model() {
        return OnnxLayerKindsTest.sequential(2, new int[] {10, 10, 3},
                OnnxLayerKindsTest.layer("Conv2D", "conv", "\"filters\": 8, \"kernel_size\": [3, 3], \"padding\": \"same\", \"activation\": \"relu\""),
                OnnxLayerKindsTest.layer("Conv2D", "grouped", "\"filters\": 8, \"kernel_size\": [3, 3], \"groups\": 2"),
                OnnxLayerKindsTest.layer("Flatten", "flat", ""),
                OnnxLayerKindsTest.layer("Dense", "hidden", "\"units\": 32, \"activation\": \"relu\""),
                OnnxLayerKindsTest.layer("Dense", "out", "\"units\": 5"));
    }

    @Test
    void eightAndSevenBitWeightsStayCloseToFloat() {
        ModelProto fp32 = ModelExport.toOnnx(model());
        FloatTensor x = OnnxLayerKindsTest.input(4, 10, 10, 3);
        float[] want;
        try (Predictor p = new OnnxPredictor(fp32, Device.CPU)) {
            want = p.predict(x).toArray();
        }
        double scale = 0;
        for (float v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        double[] worst = new double[2];
        for (int k = 0; k < 2; k++) {
            boolean reduceRange = k == 1;
            ModelProto q = new Int8Quantizer(reduceRange).rewrite(fp32);
            Set<String> ops = q.getGraph().getNodeList().stream().map(NodeProto::getOpType).collect(Collectors.toSet());
            assertTrue(ops.containsAll(List.of("DynamicQuantizeLinear", "MatMulInteger", "ConvInteger")), ops.toString());
            assertTrue(!ops.contains("MatMul") && !ops.contains("Conv"), ops.toString());
            for (TensorProto t : q.getGraph().getInitializerList()) {
                // kernels are integers now; the float tensors left are biases and scales
                assertTrue(t.getDataType() != TensorProto.DataType.FLOAT_VALUE || t.getDims(t.getDimsCount() - 1) <= 32
                        || t.getDimsCount() == 1, t.getName());
            }
            int limit = reduceRange ? 63 : 127;
            for (TensorProto t : q.getGraph().getInitializerList()) {
                if (t.getDataType() == TensorProto.DataType.INT8_VALUE) {
                    for (byte b : t.getRawData().toByteArray()) {
                        assertTrue(Math.abs(b) <= limit, t.getName() + " " + b);
                    }
                }
            }
            try (Predictor p = new OnnxPredictor(q, Device.CPU)) {
                float[] got = p.predict(x).toArray();
                for (int i = 0; i < got.length; i++) {
                    worst[k] = Math.max(worst[k], Math.abs(got[i] - want[i]));
                }
            }
        }
        System.out.printf("int8 max |diff| / max |y|: 8-bit %.3g, 7-bit %.3g%n", worst[0] / scale, worst[1] / scale);
        assertTrue(worst[0] > 0 && worst[0] < 0.05 * scale, worst[0] + " vs " + scale);
        assertTrue(worst[1] > 0 && worst[1] < 0.1 * scale, worst[1] + " vs " + scale);
    }
}
