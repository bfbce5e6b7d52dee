package io.kerasj.hdf5.write;

import static org.bytedeco.hdf5.global.hdf5.H5F_ACC_EXCL;
import static org.bytedeco.hdf5.global.hdf5.H5Fclose;
import static org.bytedeco.hdf5.global.hdf5.H5Fcreate;
import static org.bytedeco.hdf5.global.hdf5.H5Gclose;
import static org.bytedeco.hdf5.global.hdf5.H5Gopen2;
import static org.bytedeco.hdf5.global.hdf5.H5P_DEFAULT;

import io.kerasj.export.ExportException;
import io.kerasj.io.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.bytedeco.javacpp.BytePointer;

/**
 * A new HDF5 file opened for writing through libhdf5. Every group handed out is tracked, so closing
 * the file closes whatever the caller left open: no HDF5 id outlives the file. Use
 * {@link #writeAtomically} for output that must appear whole or not at all.
 */
public final class H5File implements AutoCloseable {
    private final Path path;
    private final Deque<H5Group> open = new ArrayDeque<>();
    private final H5Group root;
    private long fileId;

    private H5File(Path path, long fileId) {
        this.path = path;
        this.fileId = fileId;
        long rootId;
        synchronized (NativeHdf5.LOCK) {
            rootId = H5Gopen2(fileId, "/", H5P_DEFAULT);
            if (rootId < 0) {
                H5Fclose(fileId);
                this.fileId = -1;
                NativeHdf5.check(rootId, "opening the root group of " + path);
            }
        }
        this.root = new H5Group(this, rootId, "/");
    }

    /** Creates {@code path}, which must not exist yet (its parent directory must). */
    public static H5File create(Path path) {
        Path parent = path.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new Hdf5WriteException("cannot create " + path + ": the directory " + parent + " does not exist");
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new Hdf5WriteException("cannot create " + path + ": it already exists");
        }
        NativeHdf5.init();
        long id;
        synchronized (NativeHdf5.LOCK) {
            try (BytePointer name = new BytePointer(path.toString(), StandardCharsets.UTF_8)) {
                id = NativeHdf5.check(H5Fcreate(name, H5F_ACC_EXCL, H5P_DEFAULT, H5P_DEFAULT), "creating HDF5 file " + path);
            }
        }
        return new H5File(path, id);
    }

    /**
     * Writes a whole HDF5 file to {@code target} through a temporary file in the same directory,
     * moved into place only after the file was written and closed without error.
     */
    public static void writeAtomically(Path target, Consumer<H5Group> body) {
        try (AtomicFiles.Output out = output(target)) {
            try (H5File f = create(out.temp())) {
                body.accept(f.root());
            }
            out.commit();
        }
    }

    /** HDF5 callers see one exception type, also for an unusable output path. */
    private static AtomicFiles.Output output(Path target) {
        try {
            return AtomicFiles.file(target);
        } catch (ExportException e) {
            throw new Hdf5WriteException(e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /** The root group (closed with the file). */
    public H5Group root() {
        return root;
    }

    void track(H5Group g) {
        open.push(g);
    }

    void untrack(H5Group g) {
        open.remove(g);
    }

    boolean isOpen() {
        return fileId >= 0;
    }

    @Override
    public void close() {
        if (fileId < 0) {
            return;
        }
        synchronized (NativeHdf5.LOCK) {
            while (!open.isEmpty()) {
                open.pop().closeQuietly();
            }
            H5Gclose(root.id());
            long id = fileId;
            fileId = -1;
            NativeHdf5.check(H5Fclose(id), "closing HDF5 file " + path);
        }
    }
}
