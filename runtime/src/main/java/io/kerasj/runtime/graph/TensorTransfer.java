package io.kerasj.runtime.graph;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.DataStorageVisitor;
import org.tensorflow.types.TFloat32;

/**
 * Moves float32 data between {@link FloatTensor}s and TensorFlow tensors in bulk. Writing goes
 * through a direct {@link FloatBuffer} over the tensor's native memory, so one
 * {@link FloatTensor#copyTo(FloatBuffer)} fills it — no per-element loop, no intermediate array.
 */
public final class TensorTransfer {
    private TensorTransfer() {
    }

    /** A new TensorFlow tensor holding a copy of {@code t}; the caller closes it. */
    public static TFloat32 toTensorFlow(FloatTensor t) {
        TFloat32 out = TFloat32.tensorOf(toTfShape(t.shape()));
        try {
            ByteDataBuffer raw = out.asRawTensor().data();
            FloatBuffer view = nativeView(raw);
            if (view != null) {
                t.copyTo(view);
            } else {
                // heap-backed or unknown storage: still one bulk write
                raw.asFloats().write(t.toArray());
            }
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** A copy of a TensorFlow float tensor (shape included); the caller still closes {@code t}. */
    public static FloatTensor fromTensorFlow(TFloat32 t) {
        org.tensorflow.ndarray.Shape s = t.shape();
        int[] dims = new int[s.numDimensions()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = Math.toIntExact(s.get(i));
        }
        float[] data = new float[Math.toIntExact(s.size())];
        t.asRawTensor().data().asFloats().read(data);
        return FloatTensor.wrap(Shape.of(dims), data);
    }

    /**
     * The values of {@code t} as a read-only buffer: a view of its native memory when possible (no
     * copy), otherwise a heap copy. Valid only while {@code t} is open.
     */
    public static FloatBuffer values(TFloat32 t) {
        FloatBuffer view = nativeView(t.asRawTensor().data());
        return view != null ? view.asReadOnlyBuffer() : fromTensorFlow(t).buffer();
    }

    public static org.tensorflow.ndarray.Shape toTfShape(Shape shape) {
        int[] d = shape.dims();
        long[] l = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            l[i] = d[i];
        }
        return org.tensorflow.ndarray.Shape.of(l);
    }

    /** A writable float view of {@code t}'s native memory, or null when its storage is not native. */
    static FloatBuffer writableView(TFloat32 t) {
        return nativeView(t.asRawTensor().data());
    }

    /** The address of {@code t}'s native memory, or 0 when it is not native (which memory a tensor shares). */
    static long nativeAddress(TFloat32 t) {
        Long address = t.asRawTensor().data().accept(new DataStorageVisitor<Long>() {
            @Override
            public Long visit(long address, long length, long scale) {
                return address;
            }

            @Override
            public Long fallback() {
                return 0L;
            }
        });
        return address;
    }

    /** A direct float view of native tensor memory, or null when the storage is not native. */
    private static FloatBuffer nativeView(ByteDataBuffer raw) {
        ByteBuffer bytes = raw.accept(new DataStorageVisitor<ByteBuffer>() {
            @Override
            public ByteBuffer visit(long address, long length, long scale) {
                long size = length * scale;
                if (address == 0 || size > Integer.MAX_VALUE) {
                    return null;
                }
                return new AddressView(address, size).asByteBuffer();
            }

            @Override
            public ByteBuffer visit(ByteBuffer buffer) {
                return buffer.isDirect() && !buffer.isReadOnly() ? buffer.duplicate() : null;
            }

            @Override
            public ByteBuffer fallback() {
                return null;
            }
        });
        return bytes == null ? null : bytes.order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** A javacpp pointer over memory TensorFlow owns; never freed by us. */
    private static final class AddressView extends BytePointer {
        AddressView(long address, long bytes) {
            super((org.bytedeco.javacpp.Pointer) null);
            this.address = address;
            this.position = 0;
            this.limit = bytes;
            this.capacity = bytes;
        }
    }
}
