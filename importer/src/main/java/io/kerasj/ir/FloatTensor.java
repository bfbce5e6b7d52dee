package io.kerasj.ir;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A dense float32 tensor in row-major (C) order with a fully known shape. The values are owned by
 * the tensor and never change: factories copy nothing, so callers hand over arrays they no longer
 * write to, which keeps the 230 MB AlexNets from being duplicated on import. The values live
 * either in a heap array or in a read-only buffer (a memory-mapped model file: weights then move
 * from the file to the engine with one copy, see {@link #wrap(Shape, FloatBuffer)}).
 */
public final class FloatTensor {
    private final Shape shape;
    // exactly one of the two holds the values
    private final float[] data;
    private final FloatBuffer view;

    private FloatTensor(Shape shape, float[] data, FloatBuffer view) {
        if (!shape.isFullyKnown()) {
            throw new IllegalArgumentException("tensor shape must be fully known: " + shape);
        }
        long length = data != null ? data.length : view.capacity();
        if (shape.size() != length) {
            throw new IllegalArgumentException("shape " + shape + " needs " + shape.size() + " values, got " + length);
        }
        this.shape = shape;
        this.data = data;
        this.view = view;
    }

    /** Wraps {@code data} without copying; the caller must not modify it afterwards. */
    public static FloatTensor wrap(Shape shape, float[] data) {
        return new FloatTensor(shape, data, null);
    }

    /**
     * Wraps the remaining values of {@code values} without copying (a read-only view is kept, so
     * this tensor never writes them). The caller guarantees they never change while the tensor is
     * reachable, e.g. a read-only memory map of a file that is replaced, not rewritten in place.
     */
    public static FloatTensor wrap(Shape shape, FloatBuffer values) {
        return new FloatTensor(shape, null, values.asReadOnlyBuffer().slice());
    }

    public static FloatTensor zeros(Shape shape) {
        return new FloatTensor(shape, new float[Math.toIntExact(shape.size())], null);
    }

    public static FloatTensor read(Shape shape, FloatBuffer source) {
        float[] data = new float[Math.toIntExact(shape.size())];
        source.get(data);
        return new FloatTensor(shape, data, null);
    }

    public Shape shape() {
        return shape;
    }

    public int size() {
        return data != null ? data.length : view.capacity();
    }

    public float get(int flatIndex) {
        return data != null ? data[flatIndex] : view.get(flatIndex);
    }

    /** A copy of the values; use {@link #copyTo(FloatBuffer)} for bulk transfer without it. */
    public float[] toArray() {
        if (data != null) {
            return data.clone();
        }
        float[] out = new float[view.capacity()];
        view.get(0, out);
        return out;
    }

    /** Bulk copy into a buffer (e.g. a TensorFlow or HDF5 buffer). */
    public void copyTo(FloatBuffer target) {
        if (data != null) {
            target.put(data);
        } else {
            target.put(view.duplicate());
        }
    }

    /** Read-only view for bulk consumers that do not need a copy. */
    public FloatBuffer buffer() {
        return data != null ? FloatBuffer.wrap(data).asReadOnlyBuffer() : view.duplicate();
    }

    /** Sequential float64 sum in flat order, as the oracle files record it. */
    public double sum() {
        double s = 0;
        int n = size();
        for (int i = 0; i < n; i++) {
            s += get(i);
        }
        return s;
    }

    public FloatTensor reshape(Shape newShape) {
        return new FloatTensor(newShape, data, view);
    }

    /** Equal shapes and bit-identical values ({@link Arrays#equals(float[], float[])}), whatever holds them. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FloatTensor t) || !shape.equals(t.shape)) {
            return false;
        }
        if (data != null && t.data != null) {
            return Arrays.equals(data, t.data);
        }
        int n = size();
        for (int i = 0; i < n; i++) {
            if (Float.floatToIntBits(get(i)) != Float.floatToIntBits(t.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@link Arrays#hashCode(float[])} of the values, whatever holds them. */
    @Override
    public int hashCode() {
        int h;
        if (data != null) {
            h = Arrays.hashCode(data);
        } else {
            h = 1;
            int n = size();
            for (int i = 0; i < n; i++) {
                h = 31 * h + Float.floatToIntBits(view.get(i));
            }
        }
        return 31 * shape.hashCode() + h;
    }

    @Override
    public String toString() {
        return "FloatTensor" + shape;
    }
}
