package io.kerasj.onnx.export;

import com.google.protobuf.ByteString;
import io.kerasj.onnx.proto.Onnx.AttributeProto;
import io.kerasj.onnx.proto.Onnx.AttributeProto.AttributeType;
import java.nio.charset.StandardCharsets;

/** ONNX node attributes, each with the type discriminator the IR requires. */
public final class Attrs {
    private Attrs() {
    }

    public static AttributeProto i(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(v).build();
    }

    public static AttributeProto f(String name, double v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF((float) v).build();
    }

    public static AttributeProto s(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
                .setS(ByteString.copyFrom(v, StandardCharsets.UTF_8)).build();
    }

    public static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (long x : v) {
            b.addInts(x);
        }
        return b.build();
    }

    public static AttributeProto ints(String name, int... v) {
        long[] l = new long[v.length];
        for (int k = 0; k < v.length; k++) {
            l[k] = v[k];
        }
        return ints(name, l);
    }
}
