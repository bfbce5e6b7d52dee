package io.kerasj.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The hostile fixtures of issue 12 (test resources under io/kerasj/hostile), copied out to a directory. */
final class HostileFiles {
    private HostileFiles() {
    }

    /** Copies resource {@code io/kerasj/hostile/RELATIVE} to {@code dir/NAME} and returns it. */
    static Path copy(String relative, Path dir, String name) {
        try (InputStream in = HostileFiles.class.getResourceAsStream("/io/kerasj/hostile/" + relative)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource io/kerasj/hostile/" + relative);
            }
            Files.createDirectories(dir);
            Path out = dir.resolve(name);
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path copy(String relative, Path dir) {
        return copy(relative, dir, Path.of(relative).getFileName().toString());
    }

    /** A copy of the .keras archive {@code keras} with its config.json edited by {@code edit}. */
    static Path editKerasConfig(Path keras, java.util.function.UnaryOperator<String> edit, Path out) throws IOException {
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(keras.toFile());
             java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(out))) {
            for (var e : java.util.Collections.list(in.entries())) {
                byte[] bytes = in.getInputStream(e).readAllBytes();
                if (e.getName().equals("config.json")) {
                    bytes = edit.apply(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        return out;
    }

    /** A named pipe: opening it for reading blocks until a writer comes, so a reader that opens it hangs. */
    static Path fifo(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("mkfifo " + path + " failed");
        }
        return path;
    }
}
