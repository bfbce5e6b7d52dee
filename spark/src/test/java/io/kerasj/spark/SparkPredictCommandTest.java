package io.kerasj.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.cli.KerasjCli;
import io.kerasj.runtime.parity.Npy;
import io.kerasj.spark.cli.SparkPredictCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kerasj spark-predict} on an image folder: the Parquet (and JSON) it writes, read back as a
 * DataFrame, holds what {@code kerasj predict --image} prints for each image, bit for bit (both
 * score one image per model call here), and the unreadable files with their errors.
 */
class SparkPredictCommandTest {
    @TempDir
    static Path dir;
    static ScoringImages images;
    static SparkSession spark;

    @BeforeAll
    static void start() throws Exception {
        images = ScoringImages.write(Files.createDirectories(dir.resolve("images")), 24);
        // the command runs in the session it finds, as under spark-submit
        spark = TestSessions.start("local[2]");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void parquetReadBackMatchesKerasjPredictOnTheSameImages() throws Exception {
        Path out = dir.resolve("scored.parquet");
        StringWriter text = new StringWriter();
        int code = SparkPredictCommand.run(new PrintWriter(text), new PrintWriter(new StringWriter()),
                ScoringImages.MODEL.toString(), "--input", images.dir.toString(), "--output", out.toString(), "--batch", "1", "--top", "2");
        assertEquals(0, code, text.toString());
        assertTrue(text.toString().startsWith("scored " + (images.names.size() - 2) + " image(s), 2 could not be read"), text.toString());
        Map<String, Row> byName = new TreeMap<>();
        for (Row r : spark.read().parquet(out.toString()).collectAsList()) {
            byName.put(ScoredRows.fileName(r.getAs("path")), r);
        }
        assertEquals(images.names, List.copyOf(byName.keySet()));
        for (String name : images.names) {
            Row r = byName.get(name);
            if (ScoringImages.BAD.contains(name)) {
                assertTrue(r.isNullAt(r.fieldIndex("probabilities")) && r.<String>getAs("error") != null, name);
                continue;
            }
            Path npy = dir.resolve(name + ".npy");
            assertEquals(0, KerasjCli.run("predict", ScoringImages.MODEL.toString(), "--image", images.dir.resolve(name).toString(),
                    "--output", npy.toString()));
            float[] want = Npy.read(npy).toArray();
            assertNull(r.getAs("error"), name);
            assertArrayEquals(ScoringImages.bits(want), ScoringImages.bits(ScoringImages.floats(r.getList(r.fieldIndex("probabilities")))), name);
            assertArrayEquals(TopK.indices(want, 2), r.getList(r.fieldIndex("topK")).stream().mapToInt(v -> (Integer) v).toArray(), name);
        }
    }

    @Test
    void jsonOutputAndAModelThatCannotBeImported() throws Exception {
        Path out = dir.resolve("scored.json");
        assertEquals(0, SparkPredictCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                ScoringImages.MODEL.toString(), "--input", images.dir.toString(), "--output", out.toString(), "--format", "json"));
        assertEquals(images.names.size(), spark.read().json(out.toString()).count());
        assertEquals(2, spark.read().json(out.toString()).filter("error IS NOT NULL").count());

        Path broken = Files.writeString(dir.resolve("broken.keras"), "not a zip archive");
        StringWriter err = new StringWriter();
        int code = SparkPredictCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
                broken.toString(), "--input", images.dir.toString(), "--output", dir.resolve("never").toString());
        assertEquals(2, code);
        assertTrue(err.toString().startsWith("error: ") && err.toString().contains("broken.keras"), err.toString());
        assertTrue(Files.notExists(dir.resolve("never")));
    }
}
