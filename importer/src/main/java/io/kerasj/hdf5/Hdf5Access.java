package io.kerasj.hdf5;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Shape;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what Keras stores in HDF5 through jhdf, never trusting a size the file claims: every
 * dataset is checked against the file length before a byte is read, and only float datasets are
 * accepted. Attribute strings may be fixed- or variable-length, scalar or arrays.
 */
final class Hdf5Access {
    private final long fileSize;

    Hdf5Access(long fileSize) {
        this.fileSize = fileSize;
    }

    /** More elements than any Keras attribute holds (layer and weight name lists). */
    static final long MAX_ATTRIBUTE_ELEMENTS = 1_000_000;

    /**
     * The attribute's values, after checking the element count its dataspace claims: each element
     * occupies at least one byte of the attribute's stored data (a variable-length string, a heap
     * reference of 16), so a larger count is a lie that would make jhdf allocate an array of it.
     */
    static Object data(Attribute a, Node node, String name) {
        long count = a.getSize();
        long stored = a.getBuffer() == null ? 0 : a.getBuffer().remaining();
        if (count < 0 || count > MAX_ATTRIBUTE_ELEMENTS || count > Math.max(stored, 1)) {
            throw new Hdf5FormatException("attribute '" + name + "' of " + node.getPath() + " claims " + count
                    + " elements in " + stored + " stored bytes");
        }
        return a.getData();
    }

    /** A string attribute or null when absent; byte strings are decoded as UTF-8 by jhdf. */
    static String stringAttribute(Node node, String name) {
        Attribute a = node.getAttribute(name);
        if (a == null) {
            return null;
        }
        Object d = data(a, node, name);
        if (d == null) {
            return null;
        }
        if (d instanceof String s) {
            return s;
        }
        if (d.getClass().isArray() && Array.getLength(d) == 1 && Array.get(d, 0) instanceof String s) {
            return s;
        }
        throw new Hdf5FormatException("attribute '" + name + "' of " + node.getPath() + " is not a string");
    }

    /**
     * A list-of-strings attribute, following Keras' split of long lists into {@code name0},
     * {@code name1}, ... when one attribute would exceed HDF5's object-header limit. Absent or
     * empty (Keras writes an empty array for layers without weights) gives an empty list.
     */
    static List<String> stringListAttribute(Node node, String name) {
        if (node.getAttribute(name) != null) {
            return strings(node.getAttribute(name), node, name);
        }
        List<String> all = new ArrayList<>();
        for (int chunk = 0; node.getAttribute(name + chunk) != null; chunk++) {
            all.addAll(strings(node.getAttribute(name + chunk), node, name + chunk));
        }
        return all;
    }

    private static List<String> strings(Attribute a, Node node, String name) {
        Object d = data(a, node, name);
        List<String> out = new ArrayList<>();
        if (d == null) {
            return out;
        }
        if (d instanceof String s) {
            out.add(s);
            return out;
        }
        if (!d.getClass().isArray()) {
            throw new Hdf5FormatException("attribute '" + name + "' of " + node.getPath() + " is not a list of strings");
        }
        collect(d, out, node, name);
        return out;
    }

    private static void collect(Object array, List<String> out, Node node, String name) {
        int n = Array.getLength(array);
        for (int i = 0; i < n; i++) {
            Object e = Array.get(array, i);
            if (e instanceof String s) {
                out.add(s);
            } else if (e != null && e.getClass().isArray()) {
                collect(e, out, node, name);
            } else {
                throw new Hdf5FormatException("attribute '" + name + "' of " + node.getPath() + " holds a non-string value");
            }
        }
    }

    /** Reads a float16/32/64 dataset as float32 in one bulk copy, after checking its claimed size. */
    FloatTensor readFloats(Dataset ds) {
        DataType type = ds.getDataType();
        if (!(type instanceof FloatingPoint fp)) {
            throw new Hdf5FormatException("dataset " + ds.getPath() + " holds " + type.getClass().getSimpleName()
                    + " values; Keras weights are floating point");
        }
        int width = fp.getSize();
        long[] dimsLong = ds.getDimensionsAsLong();
        long count = 1;
        for (long d : dimsLong) {
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new Hdf5FormatException("dataset " + ds.getPath() + " claims a dimension of " + d);
            }
            count = Math.multiplyExact(count, d);
        }
        long bytes = Math.multiplyExact(count, width);
        if (ds.getFilters().isEmpty() && bytes > fileSize) {
            // an uncompressed dataset cannot be larger than the file holding it
            throw new Hdf5FormatException("dataset " + ds.getPath() + " claims " + bytes + " bytes in a file of " + fileSize);
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new Hdf5FormatException("dataset " + ds.getPath() + " has " + count + " values, more than one array can hold");
        }
        if (!(ds instanceof DatasetBase base)) {
            throw new Hdf5FormatException("dataset " + ds.getPath() + " has an unsupported storage layout");
        }
        int[] dims = new int[dimsLong.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = (int) dimsLong[i];
        }
        Shape shape = Shape.of(dims);
        if (count == 0) {
            return FloatTensor.wrap(shape, new float[0]);
        }
        ByteBuffer buf = base.getDataBuffer().duplicate();
        ByteOrder order = fp.getByteOrder();
        buf.order(order);
        if (buf.remaining() < bytes) {
            throw new Hdf5FormatException("dataset " + ds.getPath() + " holds " + buf.remaining() + " bytes, needs " + bytes);
        }
        if (width == 4 && buf.isDirect() && buf.isReadOnly()) {
            // a contiguous dataset is a slice of the file's read-only map (Hdf5Files): the tensor
            // keeps the view, and the engine copies the values once, straight from the file's pages
            return FloatTensor.wrap(shape, buf.limit(buf.position() + (int) bytes).slice().order(order).asFloatBuffer());
        }
        float[] out = new float[(int) count];
        switch (width) {
            case 4 -> buf.asFloatBuffer().get(out);
            case 8 -> {
                var db = buf.asDoubleBuffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) db.get(i);
                }
            }
            case 2 -> {
                var sb = buf.asShortBuffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = Half.toFloat(sb.get(i));
                }
            }
            default -> throw new Hdf5FormatException("dataset " + ds.getPath() + " has " + width + "-byte floats");
        }
        return FloatTensor.wrap(shape, out);
    }

    /** Reads a scalar integer dataset (Keras' optimizer {@code iter} counter). */
    static long readScalarLong(Dataset ds) {
        if (!(ds.getDataType() instanceof FixedPoint) || !ds.isScalar()) {
            throw new Hdf5FormatException("dataset " + ds.getPath() + " is not an integer scalar");
        }
        Object v = ds.getData();
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw new Hdf5FormatException("dataset " + ds.getPath() + " holds " + (v == null ? "nothing" : v.getClass().getSimpleName())
                + ", not an integer");
    }

    /** Java 17 has no Float.float16ToFloat; IEEE half to float. */
    private static final class Half {
        static float toFloat(short h) {
            int bits = h & 0xffff;
            int sign = (bits & 0x8000) << 16;
            int exp = (bits >>> 10) & 0x1f;
            int mant = bits & 0x3ff;
            if (exp == 0) {
                return (sign != 0 ? -1 : 1) * mant * 0x1p-24f;
            }
            if (exp == 31) {
                return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
            }
            return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
        }
    }
}
