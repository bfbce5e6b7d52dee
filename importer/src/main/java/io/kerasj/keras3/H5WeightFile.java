package io.kerasj.keras3;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FloatingPoint;
import io.kerasj.hdf5.Hdf5FormatException;
import io.kerasj.hdf5.Hdf5Paths;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.Shape;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The Keras 3 weights HDF5 file, read through jhdf with every call guarded: jhdf trusts the sizes
 * and links a file claims, so a hostile file can make it allocate without bound or recurse
 * forever. Each dataset's claimed size is checked against the bytes the file really has (and the
 * bytes already consumed by earlier datasets, so overlapping datasets cannot multiply a small
 * file) before anything is read; every Throwable from jhdf becomes a {@link KerasImportException}.
 */
final class H5WeightFile implements AutoCloseable {
    /** The most a deflate-compressed chunk can expand (zlib's bound is about 1032:1). */
    private static final long MAX_FILTER_RATIO = 1100;
    private static final int MAX_CHILDREN = 100_000;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final HdfFile file;
    private final Path path;
    private final String label;
    private long budget;

    private H5WeightFile(HdfFile file, Path path, String label, long available) {
        this.file = file;
        this.path = path;
        this.label = label;
        this.budget = available;
    }

    /** Opens an HDF5 image held in memory ({@code label} names it in messages, e.g. the archive entry). */
    static H5WeightFile open(ByteBuffer bytes, Path path, String label) {
        ByteBuffer b = bytes.duplicate();
        long available = b.remaining();
        HdfFile f = guard(path, label, "opening the HDF5 file", () -> HdfFile.fromByteBuffer(b));
        return checked(new H5WeightFile(f, path, label, available));
    }

    /** Opens a standalone weights file on disk. */
    static H5WeightFile open(Path file) {
        long available = guard(file, "", "reading the file size", () -> java.nio.file.Files.size(file));
        HdfFile f = guard(file, "", "opening the HDF5 file", () -> io.kerasj.hdf5.Hdf5Files.open(file));
        return checked(new H5WeightFile(f, file, "", available));
    }

    /** The superblock records where the file ends: fewer bytes than that means it was cut short. */
    private static H5WeightFile checked(H5WeightFile h5) {
        try {
            long end = h5.guard("reading the superblock", () -> {
                var sb = h5.file.getHdfBackingStorage().getSuperblock();
                return sb.getBaseAddressByte() + sb.getEndOfFileAddress();
            });
            if (end > h5.budget) {
                throw h5.fail("the HDF5 file is truncated: its superblock says it ends at byte " + end + " but it has "
                        + h5.budget + " bytes");
            }
            return h5;
        } catch (RuntimeException e) {
            h5.close();
            throw e;
        }
    }

    /** The group at a '/'-separated path, or {@code null} when some part is missing or not a group. */
    Group group(String groupPath) {
        return guard("reading group '" + groupPath + "'", () -> {
            Group g = file;
            if (groupPath.isEmpty()) {
                return g;
            }
            return Hdf5Paths.resolve(g, groupPath) instanceof Group found ? found : null;
        });
    }

    /** Names of a group's children, refusing absurd counts. */
    List<String> childNames(Group g) {
        return guard("listing group '" + g.getPath() + "'", () -> {
            var children = g.getChildren();
            if (children.size() > MAX_CHILDREN) {
                throw fail("group '" + g.getPath() + "' has " + children.size() + " children, more than "
                        + MAX_CHILDREN);
            }
            return new ArrayList<>(children.keySet());
        });
    }

    Node child(Group g, String name) {
        return guard("reading '" + g.getPath() + name + "'", () -> Hdf5Paths.child(g, name));
    }

    /** A string attribute (h5py writes Python str as variable-length UTF-8), or {@code null}. */
    String stringAttribute(Node n, String name) {
        return guard("reading attribute '" + name + "' of '" + n.getPath() + "'", () -> {
            if (!n.getAttributes().containsKey(name)) {
                return null;
            }
            Attribute a = n.getAttribute(name);
            if (a.getJavaType() != String.class || a.getSize() != 1) {
                return null;
            }
            Object v = a.getData();
            return v instanceof String s ? s : null;
        });
    }

    long[] dims(Dataset d) {
        return guard("reading the shape of '" + d.getPath() + "'", d::getDimensionsAsLong);
    }

    /**
     * Reads a float dataset whose shape must be {@code expected}; {@code what} names the weight for
     * messages. Shape, type and claimed size are checked before any data is read.
     */
    FloatTensor readFloats(Dataset d, Shape expected, String what) {
        return guard("reading " + what + " at '" + d.getPath() + "'", () -> {
            long[] dims = d.getDimensionsAsLong();
            if (!Arrays.equals(dims, Arrays.stream(expected.dims()).asLongStream().toArray())) {
                throw fail(what + " at '" + d.getPath() + "' has shape " + Arrays.toString(dims) + ", expected "
                        + expected);
            }
            DataType t = d.getDataType();
            if (!(t instanceof FloatingPoint) || (t.getSize() != 4 && t.getSize() != 8 && t.getSize() != 2)) {
                throw fail(what + " at '" + d.getPath() + "' is stored as " + t.getClass().getSimpleName() + " of "
                        + t.getSize() + " bytes; expected float16, float32 or float64");
            }
            long count = expected.size();
            if (count > MAX_ARRAY) {
                throw fail(what + " has " + count + " values, more than one Java array holds");
            }
            long claimed = count * t.getSize();
            boolean filtered = !d.getFilters().isEmpty();
            long stored = filtered ? d.getStorageInBytes() : claimed;
            if (stored > budget || (filtered && claimed > stored * MAX_FILTER_RATIO)) {
                throw fail(what + " at '" + d.getPath() + "' claims " + claimed + " bytes (" + stored
                        + " stored) but the file has only " + budget + " bytes left unread; the file is truncated "
                        + "or its datasets overlap");
            }
            budget -= stored;
            Object flat = d.getDataFlat();
            float[] values;
            if (flat instanceof float[] f) {
                values = f;
            } else if (flat instanceof double[] dd) {
                values = new float[dd.length];
                for (int i = 0; i < dd.length; i++) {
                    values[i] = (float) dd[i];
                }
            } else {
                throw fail(what + " at '" + d.getPath() + "' read as " + (flat == null ? "nothing"
                        : flat.getClass().getSimpleName()) + ", expected floats");
            }
            if (values.length != count) {
                throw fail(what + " at '" + d.getPath() + "' gave " + values.length + " values, expected " + count);
            }
            return FloatTensor.wrap(expected, values);
        });
    }

    @Override
    public void close() {
        try {
            file.close();
        } catch (Throwable ignored) {
            // closing an in-memory or read-only file cannot lose data
        }
    }

    private KerasImportException fail(String message) {
        return new KerasImportException(path, null, prefix() + message);
    }

    private String prefix() {
        return label.isEmpty() ? "" : label + ": ";
    }

    private <T> T guard(String doing, Callable<T> call) {
        return guard(path, label, doing, call);
    }

    /**
     * Runs a jhdf call; anything it throws — including OutOfMemoryError from a claimed size and
     * StackOverflowError from a cyclic B-tree — is reported as a corrupt file.
     */
    private static <T> T guard(Path path, String label, String doing, Callable<T> call) {
        try {
            return call.call();
        } catch (KerasImportException e) {
            throw e;
        } catch (Hdf5FormatException e) {
            throw new KerasImportException(path, (label.isEmpty() ? "" : label + ": ") + e.getMessage(), e);
        } catch (Throwable t) {
            String why = t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": "
                    + t.getMessage();
            throw new KerasImportException(path, (label.isEmpty() ? "" : label + ": ")
                    + "the HDF5 weights are corrupt or unreadable (" + doing + " failed: " + why + ")",
                    t instanceof Error ? null : t);
        }
    }
}
