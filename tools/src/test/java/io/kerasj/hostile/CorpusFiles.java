package io.kerasj.hostile;

import io.kerasj.fixtures.Fixtures;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The model files of the bundled fixtures corpus (paths relative to it, for {@link Fixtures#corpus}). */
final class CorpusFiles {
    private static final long MAX_BYTES = 2L << 20;

    private CorpusFiles() {
    }

    /** Small .h5, .keras and .json files, excluding DL4J's reference activations. */
    static List<String> models() throws IOException, URISyntaxException {
        URI root = Fixtures.class.getResource("/io/kerasj/fixtures/corpus/PROVENANCE.md").toURI();
        if (root.getScheme().equals("jar")) {
            try (FileSystem fs = FileSystems.newFileSystem(root, Map.of())) {
                return list(fs.provider().getPath(root).getParent());
            }
        }
        return list(Path.of(root).getParent());
    }

    private static List<String> list(Path corpus) throws IOException {
        try (Stream<Path> s = Files.walk(corpus)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.toString().matches(".*\\.(h5|keras|json)$"))
                    .filter(p -> !p.getFileName().toString().contains("inputs_and_outputs"))
                    .filter(p -> size(p) <= MAX_BYTES)
                    .map(p -> corpus.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }
}
