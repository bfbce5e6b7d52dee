package io.kerasj.io;

import io.kerasj.export.ExportException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Every file and directory kerasj writes, written all-or-nothing: the content goes to a fresh
 * hidden sibling of the target ({@code .name.XXXX}), is flushed to disk, and is renamed over the
 * target in one move, so readers see the old or the new complete output and a failed write leaves
 * neither a partial output nor litter. Nothing is written outside the target's own directory, and
 * symbolic links are never followed. A directory target must be absent, empty, or a previous output
 * (recognised by a predicate), so no foreign directory is ever replaced.
 */
public final class AtomicFiles {
    private static final Random RANDOM = new SecureRandom();

    private AtomicFiles() {
    }

    /** Something that writes a whole file's bytes. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Something that writes a whole file at a path that does not exist yet (e.g. an HDF5 writer). */
    @FunctionalInterface
    public interface FileContent {
        void writeTo(Path file) throws IOException;
    }

    /** Writes a file from a stream, creating its missing parent directories (histories, plots, reports). */
    public static void write(Path target, Content content) {
        writeFile(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
        });
    }

    /**
     * Writes a file through a writer that creates it at the path it is given, creating the target's
     * missing parent directories. Model writers use {@link #file} instead, which refuses a missing
     * directory (a mistyped output path should not grow directories).
     */
    public static void writeFile(Path target, FileContent content) {
        Path parent = target.toAbsolutePath().normalize().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + parent + ": " + e.getMessage(), e);
        }
        try (Output out = file(target)) {
            content.writeTo(out.temp());
            out.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * An output file: validates {@code target} (its directory must exist; it must not be a
     * directory or anything but a regular file) and reserves a temporary path beside it, which does
     * not exist yet so that writers such as libhdf5 can create it exclusively.
     */
    public static Output file(Path target) {
        Path abs = validateFile(target);
        for (int attempt = 0; attempt < 100; attempt++) {
            // .name.XXXX.tmp: a killed writer's litter is recognisable (checkpoint directories clean it up)
            Path temp = abs.resolveSibling("." + abs.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
            if (!Files.exists(temp, LinkOption.NOFOLLOW_LINKS)) {
                return new Output(abs, temp, null, p -> false);
            }
        }
        throw new ExportException("cannot find a free temporary name beside " + target);
    }

    /**
     * An output directory holding a {@code kind} of output (e.g. {@code SavedModel}, for messages):
     * validates {@code target} (absent, empty, or accepted by {@code isPreviousOutput}) and creates an empty hidden directory beside it to write into.
     */
    public static Output directory(Path target, String kind, Predicate<Path> isPreviousOutput) {
        Path abs = validateDirectory(target, kind, isPreviousOutput);
        return new Output(abs, createSiblingDirectory(abs, ""), kind, isPreviousOutput);
    }

    /** Checks an output file path without writing; returns it absolute and normalised. */
    public static Path validateFile(Path target) {
        Path abs = absolute(target, "file");
        if (Files.isDirectory(abs)) {
            throw new ExportException("cannot write " + target + ": it is a directory");
        }
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(abs, LinkOption.NOFOLLOW_LINKS)) {
            throw new ExportException("cannot write " + target + ": it exists and is not a regular file");
        }
        return abs;
    }

    /** Checks an output directory path without writing; returns it absolute and normalised. */
    public static Path validateDirectory(Path target, String kind, Predicate<Path> isPreviousOutput) {
        Path abs = absolute(target, "directory");
        if (Files.isSymbolicLink(abs)) {
            throw new ExportException("cannot write " + target + ": it is a symbolic link");
        }
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
                throw new ExportException("cannot write a " + kind + " to " + target + ": it exists and is not a directory");
            }
            if (!isEmpty(abs) && !isPreviousOutput.test(abs)) {
                throw new ExportException("cannot write a " + kind + " to " + target + ": the directory is not empty and "
                        + "is not a previous kerasj " + kind + " export; choose a new or empty directory");
            }
        }
        return abs;
    }

    private static Path absolute(Path target, String what) {
        if (target == null || target.getFileName() == null) {
            throw new ExportException("no output " + what + " name given: " + target);
        }
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new ExportException("cannot write " + target + ": the directory " + parent + " does not exist");
        }
        return abs;
    }

    private static Path sibling(Path target, String tag) {
        return target.resolveSibling("." + target.getFileName() + tag + "." + Long.toUnsignedString(RANDOM.nextLong(), 36));
    }

    /**
     * A new hidden directory beside {@code target}, created with {@link Files#createDirectory} (not
     * a temp-directory call, which would make it owner-only) so the output gets the permissions any
     * new directory gets.
     */
    private static Path createSiblingDirectory(Path target, String tag) {
        FileAlreadyExistsException last = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                return Files.createDirectory(sibling(target, tag));
            } catch (FileAlreadyExistsException e) {
                last = e;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write in " + target.getParent() + ": " + e.getMessage(), e);
            }
        }
        throw new UncheckedIOException("cannot create a temporary directory beside " + target, last);
    }

    /** One output being written: its content goes to {@link #temp()} until {@link #commit()}. */
    public static final class Output implements AutoCloseable {
        private final Path target;
        private final Path temp;
        private final String directoryKind; // null for a file
        private final Predicate<Path> isPreviousOutput;
        private boolean done;

        private Output(Path target, Path temp, String directoryKind, Predicate<Path> isPreviousOutput) {
            this.target = target;
            this.temp = temp;
            this.directoryKind = directoryKind;
            this.isPreviousOutput = isPreviousOutput;
        }

        public Path target() {
            return target;
        }

        /** Where to write before {@link #commit()}: a path to create (file) or an empty directory. */
        public Path temp() {
            return temp;
        }

        /** Flushes the content to disk and moves it into place of the target. */
        public void commit() {
            if (done) {
                throw new IllegalStateException("output " + target + " already committed or abandoned");
            }
            try {
                if (directoryKind != null) {
                    commitDirectory();
                } else {
                    commitFile();
                }
                done = true;
                syncDirectory(target.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot move " + temp + " to " + target + ": " + e.getMessage(), e);
            }
        }

        private void commitFile() throws IOException {
            if (!Files.isRegularFile(temp, LinkOption.NOFOLLOW_LINKS)) {
                throw new ExportException("nothing was written for " + target);
            }
            sync(temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        /** A replaced previous output is first renamed aside and deleted only after the new one is in place. */
        private void commitDirectory() throws IOException {
            syncTree(temp);
            validateDirectory(target, directoryKind, isPreviousOutput); // the target may have changed while we wrote
            Path old = null;
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                old = createSiblingDirectory(target, ".old");
                Files.delete(old); // reserve a free name, then move the previous output there
                move(target, old);
            }
            try {
                move(temp, target);
            } catch (IOException e) {
                if (old != null) {
                    move(old, target);
                }
                throw e;
            }
            if (old != null) {
                deleteTree(old);
            }
        }

        /** Deletes the temporary output unless committed. */
        @Override
        public void close() {
            if (!done) {
                done = true;
                try {
                    deleteTree(temp);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete temporary output " + temp, e);
                }
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void sync(Path file) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.force(true);
        }
    }

    private static void syncTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    sync(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                syncDirectory(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Makes a rename durable; some platforms cannot open a directory for syncing, which is then skipped. */
    private static void syncDirectory(Path dir) {
        try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
            c.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the data itself was synced before the rename
        }
    }

    private static boolean isEmpty(Path dir) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a file or directory tree that this class created or verified; links are removed, never followed. */
    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
