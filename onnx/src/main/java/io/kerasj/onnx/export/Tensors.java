package io.kerasj.onnx.export;

import com.google.protobuf.UnsafeByteOperations;
import io.kerasj.onnx.proto.Onnx.TensorProto;
import io.kerasj.onnx.proto.Onnx.TensorProto.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** ONNX tensors from Java arrays, stored as little-endian raw_data as the format requires. */
public final class Tensors {
    private Tensors() {
    }

    public static TensorProto floats(String name, float[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return raw(name, DataType.FLOAT, b.array(), dims);
    }

    public static TensorProto longs(String name, long[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return raw(name, DataType.INT64, b.array(), dims);
    }

    /** A tensor of any element type from bytes already in ONNX's little-endian layout (not copied). */
    public static TensorProto raw(String name, DataType type, byte[] data, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
                .setRawData(UnsafeByteOperations.unsafeWrap(data));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /** The float values of a FLOAT tensor (raw_data or float_data). */
    public static float[] floatValues(TensorProto t) {
        if (t.getDataType() != DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException("tensor " + t.getName() + " is not float32");
        }
        if (t.hasRawData()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] v = new float[b.remaining() / Float.BYTES];
            b.asFloatBuffer().get(v);
            return v;
        }
        float[] v = new float[t.getFloatDataCount()];
        for (int k = 0; k < v.length; k++) {
            v[k] = t.getFloatData(k);
        }
        return v;
    }
}
