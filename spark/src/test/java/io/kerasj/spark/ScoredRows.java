package io.kerasj.spark;

import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.spark_partition_id;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Spark's batches, seen from outside: the input is tagged with its partition and its order in the
 * partition just before the transformer reads it, so a test knows which rows shared a model call.
 */
final class ScoredRows {
    private ScoredRows() {
    }

    /** The input with {@code _part} and {@code _seq} columns (computed in the scoring stage itself). */
    static Dataset<Row> tagged(Dataset<Row> input) {
        return input.withColumn("_part", spark_partition_id()).withColumn("_seq", monotonically_increasing_id());
    }

    /** The file name of a {@code file:} URI or path. */
    static String fileName(String pathOrUri) {
        return (pathOrUri.startsWith("file:") ? Path.of(URI.create(pathOrUri)) : Path.of(pathOrUri)).getFileName().toString();
    }

    /**
     * The batches of names the transformer scored: per partition, in order, {@code batchSize} rows
     * at a time (bad rows included, since they take their place in a batch before decoding fails).
     *
     * @param rows collected rows with the name in column {@code name}, and {@code _part}, {@code _seq}
     */
    static List<List<String>> batches(List<Row> rows, String nameColumn, int batchSize) {
        Map<Integer, List<Row>> byPart = new TreeMap<>();
        for (Row r : rows) {
            byPart.computeIfAbsent(r.<Integer>getAs("_part"), k -> new ArrayList<>()).add(r);
        }
        List<List<String>> batches = new ArrayList<>();
        for (List<Row> part : byPart.values()) {
            part.sort(Comparator.comparingLong(r -> r.<Long>getAs("_seq")));
            for (int i = 0; i < part.size(); i += batchSize) {
                List<String> batch = new ArrayList<>();
                for (Row r : part.subList(i, Math.min(part.size(), i + batchSize))) {
                    batch.add(fileName(r.getAs(nameColumn)));
                }
                batches.add(batch);
            }
        }
        return batches;
    }
}
