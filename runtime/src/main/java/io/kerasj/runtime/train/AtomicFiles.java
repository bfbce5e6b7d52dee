package io.kerasj.runtime.train;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see either the old or the new complete content: the data goes to
 * a temporary file beside the target, is synced to disk, and then replaces the target in one
 * move (the directory is synced too), so neither a killed process nor a power cut leaves a
 * half-written target. A killed writer can leave only its hidden {@code .<name>.*.tmp} file.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Something that writes a whole file's bytes. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Something that writes a whole file at a path (e.g. an HDF5 writer). */
    @FunctionalInterface
    public interface FileContent {
        void writeTo(Path file) throws IOException;
    }

    public static void write(Path target, Content content) {
        writeFile(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
        });
    }

    /** Makes the rename durable; some platforms cannot open a directory, where the move alone must do. */
    private static void syncDirectory(Path dir) {
        try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
            c.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // e.g. Windows: directories cannot be opened as channels; the rename is still atomic
        }
    }

    public static void writeFile(Path target, FileContent content) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
            content.writeTo(tmp);
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                c.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file is beside the target and named as such; nothing else to do
                }
            }
        }
    }
}
