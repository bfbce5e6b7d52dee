package io.kerasj.hdf5.write;

import static org.bytedeco.hdf5.global.hdf5.H5Aclose;
import static org.bytedeco.hdf5.global.hdf5.H5Acreate2;
import static org.bytedeco.hdf5.global.hdf5.H5Awrite;
import static org.bytedeco.hdf5.global.hdf5.H5Dclose;
import static org.bytedeco.hdf5.global.hdf5.H5Dcreate2;
import static org.bytedeco.hdf5.global.hdf5.H5Dget_space;
import static org.bytedeco.hdf5.global.hdf5.H5Dwrite;
import static org.bytedeco.hdf5.global.hdf5.H5Gclose;
import static org.bytedeco.hdf5.global.hdf5.H5Gcreate2;
import static org.bytedeco.hdf5.global.hdf5.H5P_CLS_LINK_CREATE_ID_g;
import static org.bytedeco.hdf5.global.hdf5.H5P_DEFAULT;
import static org.bytedeco.hdf5.global.hdf5.H5Pclose;
import static org.bytedeco.hdf5.global.hdf5.H5Pcreate;
import static org.bytedeco.hdf5.global.hdf5.H5Pset_create_intermediate_group;
import static org.bytedeco.hdf5.global.hdf5.H5S_ALL;
import static org.bytedeco.hdf5.global.hdf5.H5S_SCALAR;
import static org.bytedeco.hdf5.global.hdf5.H5S_SELECT_SET;
import static org.bytedeco.hdf5.global.hdf5.H5Sclose;
import static org.bytedeco.hdf5.global.hdf5.H5Screate;
import static org.bytedeco.hdf5.global.hdf5.H5Screate_simple;
import static org.bytedeco.hdf5.global.hdf5.H5Sselect_hyperslab;
import static org.bytedeco.hdf5.global.hdf5.H5T_CSET_ASCII;
import static org.bytedeco.hdf5.global.hdf5.H5T_CSET_UTF8;
import static org.bytedeco.hdf5.global.hdf5.H5T_C_S1_g;
import static org.bytedeco.hdf5.global.hdf5.H5T_IEEE_F32LE_g;
import static org.bytedeco.hdf5.global.hdf5.H5T_IEEE_F64LE_g;
import static org.bytedeco.hdf5.global.hdf5.H5T_NATIVE_FLOAT_g;
import static org.bytedeco.hdf5.global.hdf5.H5T_NATIVE_LLONG_g;
import static org.bytedeco.hdf5.global.hdf5.H5T_STD_I64LE_g;
import static org.bytedeco.hdf5.global.hdf5.H5T_STR_NULLPAD;
import static org.bytedeco.hdf5.global.hdf5.H5Tclose;
import static org.bytedeco.hdf5.global.hdf5.H5Tcopy;
import static org.bytedeco.hdf5.global.hdf5.H5Tset_cset;
import static org.bytedeco.hdf5.global.hdf5.H5Tset_size;
import static org.bytedeco.hdf5.global.hdf5.H5Tset_strpad;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Shape;
import org.bytedeco.hdf5.global.hdf5;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongToIntFunction;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * A group of an {@link H5File} being written: sub-groups, contiguous float32 datasets written in
 * bulk slabs, and string / empty-array attributes. Every id it creates is closed before the method
 * returns, on success or failure.
 */
public final class H5Group implements AutoCloseable {
    /**
     * Largest attribute payload stored in an object header, the limit Keras' attribute splitting
     * assumes ({@code HDF5_OBJECT_HEADER_LIMIT}); larger attributes are refused before native code.
     */
    public static final int ATTRIBUTE_LIMIT = 64512;
    /** Bytes a variable-length string element takes inside the attribute (global heap reference). */
    static final int VLEN_ELEMENT_BYTES = 16;
    /** Floats copied to native memory per write call: bounds the extra memory a huge tensor needs. */
    static final int SLAB_FLOATS = 4 << 20;

    private final H5File file;
    private final String path;
    private long id;

    H5Group(H5File file, long id, String path) {
        this.file = file;
        this.id = id;
        this.path = path;
    }

    long id() {
        return id;
    }

    /** The group's absolute path in the file. */
    public String path() {
        return path;
    }

    /** Creates a sub-group ({@code a/b} creates {@code a} too); close it, or the file closes it. */
    public H5Group createGroup(String name) {
        H5Names.path(name, "group");
        synchronized (NativeHdf5.LOCK) {
            requireOpen();
            try (Ids ids = new Ids()) {
                long lcpl = ids.add(intermediateGroups(), hdf5::H5Pclose);
                long g = NativeHdf5.check(H5Gcreate2(id, utf8(ids, name), lcpl, H5P_DEFAULT, H5P_DEFAULT),
                        "creating group " + child(name));
                H5Group group = new H5Group(file, g, child(name));
                file.track(group);
                return group;
            }
        }
    }

    /**
     * Creates a contiguous little-endian float32 dataset with the tensor's shape (scalar for rank 0)
     * and writes the values in slabs of rows, so no second full copy of a large tensor is made.
     */
    public void writeFloat32(String name, FloatTensor value) {
        writeFloat32(name, value.shape(), value.buffer());
    }

    /**
     * {@link #writeFloat32(String, FloatTensor)} from a buffer holding {@code shape}'s values from its
     * position on (e.g. a view of native memory, so the values need not be copied to the heap first).
     */
    public void writeFloat32(String name, Shape valueShape, FloatBuffer values) {
        H5Names.path(name, "dataset");
        int[] shape = valueShape.dims();
        if (values.remaining() != valueShape.size()) {
            throw new IllegalArgumentException("dataset " + child(name) + ": shape " + valueShape + " needs "
                    + valueShape.size() + " values, the buffer holds " + values.remaining());
        }
        if (shape.length > 32) {
            throw new Hdf5WriteException("dataset " + child(name) + ": rank " + shape.length + " exceeds HDF5's 32");
        }
        synchronized (NativeHdf5.LOCK) {
            requireOpen();
            try (Ids ids = new Ids()) {
                long[] dims = new long[shape.length];
                for (int i = 0; i < dims.length; i++) {
                    dims[i] = shape[i];
                }
                long space = ids.add(dims.length == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(dims.length, dims, (long[]) null),
                        hdf5::H5Sclose, "dataspace for " + child(name));
                long lcpl = ids.add(intermediateGroups(), hdf5::H5Pclose);
                long dset = ids.add(H5Dcreate2(id, utf8(ids, name), H5T_IEEE_F32LE_g(), space, lcpl, H5P_DEFAULT, H5P_DEFAULT),
                        hdf5::H5Dclose, "creating dataset " + child(name));
                if (values.hasRemaining()) {
                    writeSlabs(dset, dims, values.slice(), child(name));
                }
            }
        }
    }

    /** A scalar little-endian int64 dataset (what numpy stores for a Python int, e.g. Keras' {@code iter}). */
    public void writeInt64(String name, long value) {
        H5Names.path(name, "dataset");
        synchronized (NativeHdf5.LOCK) {
            requireOpen();
            try (Ids ids = new Ids()) {
                long space = ids.add(H5Screate(H5S_SCALAR), hdf5::H5Sclose, "dataspace for " + child(name));
                long lcpl = ids.add(intermediateGroups(), hdf5::H5Pclose);
                long dset = ids.add(H5Dcreate2(id, utf8(ids, name), H5T_STD_I64LE_g(), space, lcpl, H5P_DEFAULT, H5P_DEFAULT),
                        hdf5::H5Dclose, "creating dataset " + child(name));
                LongPointer buf = ids.keep(new LongPointer(1L));
                buf.put(0, value);
                NativeHdf5.check(H5Dwrite(dset, H5T_NATIVE_LLONG_g(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf),
                        "writing dataset " + child(name));
            }
        }
    }

    private static void writeSlabs(long dset, long[] dims, FloatBuffer src, String where) {
        int size = src.remaining();
        int rows = dims.length == 0 ? 1 : (int) dims[0];
        int rowSize = size / rows;
        int rowsPerSlab = Math.max(1, SLAB_FLOATS / rowSize);
        try (FloatPointer buf = new FloatPointer((long) Math.min(size, (long) rowsPerSlab * rowSize))) {
            FloatBuffer dst = buf.asBuffer();
            for (int r = 0; r < rows; r += rowsPerSlab) {
                int n = Math.min(rowsPerSlab, rows - r);
                int from = r * rowSize;
                src.limit(from + n * rowSize).position(from);
                dst.clear();
                dst.put(src);
                if (n == rows) {
                    NativeHdf5.check(H5Dwrite(dset, H5T_NATIVE_FLOAT_g(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf), "writing dataset " + where);
                    return;
                }
                try (Ids ids = new Ids()) {
                    long mem = ids.add(H5Screate_simple(1, new long[] {(long) n * rowSize}, (long[]) null), hdf5::H5Sclose, "memory dataspace");
                    long fileSpace = ids.add(H5Dget_space(dset), hdf5::H5Sclose, "file dataspace of " + where);
                    long[] start = new long[dims.length];
                    long[] count = dims.clone();
                    start[0] = r;
                    count[0] = n;
                    NativeHdf5.check(H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, start, null, count, (long[]) null),
                            "selecting rows " + r + ".." + (r + n) + " of " + where);
                    NativeHdf5.check(H5Dwrite(dset, H5T_NATIVE_FLOAT_g(), mem, fileSpace, H5P_DEFAULT, buf), "writing dataset " + where);
                }
            }
        }
    }

    /** A scalar string attribute. */
    public void setString(String name, String value, StringEncoding encoding) {
        writeStrings(name, List.of(value), encoding, true);
    }

    /** A one-dimensional string attribute (fixed-length elements are as long as the longest one). */
    public void setStrings(String name, List<String> values, StringEncoding encoding) {
        if (values.isEmpty()) {
            throw new Hdf5WriteException("attribute " + name + " on " + path + ": an empty string list has no HDF5 string "
                    + "size; use setEmptyFloat64Array as h5py does for an empty list");
        }
        writeStrings(name, values, encoding, false);
    }

    /** A float64 attribute of shape (0,): what h5py stores for an empty Python list. */
    public void setEmptyFloat64Array(String name) {
        H5Names.attribute(name);
        synchronized (NativeHdf5.LOCK) {
            requireOpen();
            try (Ids ids = new Ids()) {
                long space = ids.add(H5Screate_simple(1, new long[] {0}, (long[]) null), hdf5::H5Sclose, "empty dataspace");
                ids.add(H5Acreate2(id, utf8(ids, name), H5T_IEEE_F64LE_g(), space, H5P_DEFAULT, H5P_DEFAULT),
                        hdf5::H5Aclose, "creating attribute " + name + " on " + path);
            }
        }
    }

    private void writeStrings(String name, List<String> values, StringEncoding enc, boolean scalar) {
        H5Names.attribute(name);
        List<byte[]> encoded = new ArrayList<>(values.size());
        int longest = 1;
        for (String v : values) {
            if (v == null || v.indexOf('\0') >= 0) {
                throw new Hdf5WriteException("attribute " + name + " on " + path + ": strings must be non-null and free of NUL");
            }
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            encoded.add(b);
            longest = Math.max(longest, b.length);
        }
        long payload = enc.isVariableLength() ? (long) VLEN_ELEMENT_BYTES * values.size() : (long) longest * values.size();
        if (payload > ATTRIBUTE_LIMIT) {
            throw new Hdf5WriteException("attribute " + name + " on " + path + " needs " + payload
                    + " bytes, more than the " + ATTRIBUTE_LIMIT + "-byte HDF5 object header limit");
        }
        synchronized (NativeHdf5.LOCK) {
            requireOpen();
            try (Ids ids = new Ids()) {
                long type = ids.add(H5Tcopy(H5T_C_S1_g()), hdf5::H5Tclose, "copying the C string type");
                NativeHdf5.check(H5Tset_size(type, enc.isVariableLength() ? -1L : longest), "setting string size");
                if (!enc.isVariableLength()) {
                    NativeHdf5.check(H5Tset_strpad(type, H5T_STR_NULLPAD), "setting string padding");
                }
                NativeHdf5.check(H5Tset_cset(type, enc.isUtf8() ? H5T_CSET_UTF8 : H5T_CSET_ASCII), "setting string charset");
                long space = ids.add(scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, new long[] {values.size()}, (long[]) null),
                        hdf5::H5Sclose, "attribute dataspace");
                long attr = ids.add(H5Acreate2(id, utf8(ids, name), type, space, H5P_DEFAULT, H5P_DEFAULT),
                        hdf5::H5Aclose, "creating attribute " + name + " on " + path);
                if (enc.isVariableLength()) {
                    writeVariable(ids, attr, type, encoded, name);
                } else {
                    writeFixed(ids, attr, type, encoded, longest, name);
                }
            }
        }
    }

    private void writeVariable(Ids ids, long attr, long type, List<byte[]> values, String name) {
        PointerPointer<BytePointer> ptrs = ids.keep(new PointerPointer<>(values.size()));
        for (int i = 0; i < values.size(); i++) {
            byte[] b = values.get(i);
            BytePointer s = ids.keep(new BytePointer(b.length + 1L));
            s.put(b).put(b.length, (byte) 0);
            ptrs.put(i, s);
        }
        NativeHdf5.check(H5Awrite(attr, type, ptrs), "writing attribute " + name + " on " + path);
    }

    private void writeFixed(Ids ids, long attr, long type, List<byte[]> values, int size, String name) {
        BytePointer buf = ids.keep(new BytePointer((long) size * values.size()));
        buf.fill(0);
        for (int i = 0; i < values.size(); i++) {
            byte[] b = values.get(i);
            buf.position((long) i * size).put(b);
        }
        buf.position(0);
        NativeHdf5.check(H5Awrite(attr, type, buf), "writing attribute " + name + " on " + path);
    }

    private String child(String name) {
        return path.equals("/") ? "/" + name : path + "/" + name;
    }

    private void requireOpen() {
        if (id < 0 || !file.isOpen()) {
            throw new Hdf5WriteException("group " + path + " of " + file.path() + " is closed");
        }
    }

    /** A link-creation property list that creates missing intermediate groups, as h5py does. */
    private static long intermediateGroups() {
        long lcpl = NativeHdf5.check(H5Pcreate(H5P_CLS_LINK_CREATE_ID_g()), "creating a link property list");
        if (H5Pset_create_intermediate_group(lcpl, 1) < 0) {
            H5Pclose(lcpl);
            NativeHdf5.check(-1, "enabling intermediate group creation");
        }
        return lcpl;
    }

    private static BytePointer utf8(Ids ids, String s) {
        return ids.keep(new BytePointer(s, StandardCharsets.UTF_8));
    }

    void closeQuietly() {
        if (id >= 0) {
            H5Gclose(id);
            id = -1;
        }
    }

    @Override
    public void close() {
        if (path.equals("/")) {
            return; // the root group belongs to the file
        }
        synchronized (NativeHdf5.LOCK) {
            if (id >= 0) {
                long g = id;
                id = -1;
                file.untrack(this);
                NativeHdf5.check(H5Gclose(g), "closing group " + path);
            }
        }
    }

    /** Native ids and JavaCPP buffers released in reverse order of creation, whatever happens. */
    private static final class Ids implements AutoCloseable {
        private final Deque<Runnable> closers = new ArrayDeque<>();

        long add(long hid, LongToIntFunction closer) {
            closers.push(() -> closer.applyAsInt(hid));
            return hid;
        }

        long add(long hid, LongToIntFunction closer, String what) {
            NativeHdf5.check(hid, what);
            return add(hid, closer);
        }

        <P extends org.bytedeco.javacpp.Pointer> P keep(P p) {
            closers.push(p::close);
            return p;
        }

        @Override
        public void close() {
            while (!closers.isEmpty()) {
                closers.pop().run();
            }
        }
    }
}
