package io.kerasj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.export.ExportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs appear whole or not at all, only at their own path, and never replace foreign directories. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFileIsReplacedWholeAndAFailedWriteLeavesTheOldOne() throws IOException {
        Path f = dir.resolve("h.json");
        AtomicFiles.write(f, out -> out.write("one".getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.write(f, out -> out.write("two".getBytes(StandardCharsets.UTF_8)));
        assertEquals("two", Files.readString(f));
        assertThrows(IOException.class, () -> {
            try {
                AtomicFiles.write(f, out -> {
                    out.write("partial".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("disk full");
                });
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
        });
        assertEquals("two", Files.readString(f));
        assertEquals(List.of("h.json"), names(dir));
    }

    @Test
    void badFileTargetsAreRefusedBeforeWriting() throws IOException {
        Files.createDirectory(dir.resolve("sub"));
        ExportException isDir = assertThrows(ExportException.class, () -> AtomicFiles.file(dir.resolve("sub")));
        assertTrue(isDir.getMessage().endsWith("it is a directory"), isDir.getMessage());
        ExportException noParent = assertThrows(ExportException.class, () -> AtomicFiles.file(dir.resolve("none/x.h5")));
        assertTrue(noParent.getMessage().contains("does not exist"), noParent.getMessage());
        Files.createSymbolicLink(dir.resolve("link.h5"), dir.resolve("sub"));
        assertThrows(ExportException.class, () -> AtomicFiles.file(dir.resolve("link.h5")));
        assertEquals(List.of("link.h5", "sub"), names(dir));
    }

    @Test
    void aDirectoryIsCommittedWholeAndReplacesOnlyItsOwnKind() throws IOException {
        Path out = dir.resolve("export");
        writeDirectory(out, "v1");
        assertEquals("v1", Files.readString(out.resolve("data.txt")));
        writeDirectory(out, "v2"); // a previous output: replaced
        assertEquals("v2", Files.readString(out.resolve("data.txt")));
        assertEquals(List.of("export"), names(dir), "no temporary or old directory left");

        Path foreign = Files.createDirectory(dir.resolve("mine"));
        Files.writeString(foreign.resolve("keep.txt"), "keep");
        ExportException e = assertThrows(ExportException.class, () -> writeDirectory(foreign, "x"));
        assertTrue(e.getMessage().contains("is not a previous kerasj Thing export"), e.getMessage());
        assertEquals("keep", Files.readString(foreign.resolve("keep.txt")));

        try (AtomicFiles.Output o = AtomicFiles.directory(dir.resolve("abandoned"), "Thing", p -> false)) {
            Files.writeString(o.temp().resolve("half.txt"), "half");
        }
        assertEquals(List.of("export", "mine"), names(dir), "an uncommitted output leaves nothing");
    }

    private static void writeDirectory(Path target, String content) throws IOException {
        try (AtomicFiles.Output o = AtomicFiles.directory(target, "Thing", p -> Files.isRegularFile(p.resolve("data.txt")))) {
            Files.writeString(o.temp().resolve("data.txt"), content);
            o.commit();
        }
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
