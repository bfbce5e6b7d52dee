package io.kerasj.onnx.quant;

import io.kerasj.onnx.export.Attrs;
import io.kerasj.onnx.export.Tensors;
import io.kerasj.onnx.proto.Onnx.GraphProto;
import io.kerasj.onnx.proto.Onnx.ModelProto;
import io.kerasj.onnx.proto.Onnx.NodeProto;
import io.kerasj.onnx.proto.Onnx.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * float16 weight storage: every float32 weight of at least {@link #MIN_ELEMENTS} values is stored
 * as float16 (half the file and load size) and widened back by a Cast as the model starts, so
 * the arithmetic stays float32 and only the weights' rounding changes.
 */
public final class Fp16Weights {
    /** Smaller tensors (scalars, shapes) are not worth a Cast. */
    static final int MIN_ELEMENTS = 16;

    private Fp16Weights() {
    }

    public static ModelProto rewrite(ModelProto model) {
        GraphProto g = model.getGraph();
        List<TensorProto> initializers = new ArrayList<>();
        List<NodeProto> casts = new ArrayList<>();
        for (TensorProto t : g.getInitializerList()) {
            if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE || elements(t) < MIN_ELEMENTS) {
                initializers.add(t);
                continue;
            }
            float[] v = Tensors.floatValues(t);
            ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : v) {
                b.putShort(HalfFloat.fromFloat(f));
            }
            String stored = t.getName() + "/fp16";
            initializers.add(Tensors.raw(stored, TensorProto.DataType.FLOAT16, b.array(),
                    t.getDimsList().stream().mapToLong(Long::longValue).toArray()));
            casts.add(NodeProto.newBuilder().setOpType("Cast").setName(t.getName() + "/widen").addInput(stored)
                    .addOutput(t.getName()).addAttribute(Attrs.i("to", TensorProto.DataType.FLOAT_VALUE)).build());
        }
        GraphProto.Builder out = g.toBuilder().clearInitializer().addAllInitializer(initializers).clearNode()
                .addAllNode(casts).addAllNode(g.getNodeList());
        return model.toBuilder().setGraph(out).build();
    }

    static long elements(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) {
            n *= d;
        }
        return n;
    }
}
