package io.kerasj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kerasj.runtime.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark's {@code local-cluster} mode: a master and two workers in this JVM, each worker launching
 * its executor as a separate JVM (as on a real cluster, the model is imported there, once per
 * executor). Every prediction must still equal the single-JVM predictor's for the same batch.
 */
class SeparateExecutorJvmsTest {
    @TempDir
    Path dir;

    @Test
    void twoExecutorJvmsScoreEveryImageLikeTheSingleJvmPredictor() throws Exception {
        ScoringImages images = ScoringImages.write(Files.createDirectories(dir.resolve("images")), 200);
        // a worker builds the executor's command from SPARK_HOME: a release layout (RELEASE, jars/) with no jars
        Path sparkHome = Path.of(System.getenv("SPARK_HOME"));
        Files.createDirectories(sparkHome.resolve("jars"));
        Files.writeString(sparkHome.resolve("RELEASE"), "kerasj test: executors take the test class path\n");
        SparkSession spark = SparkSession.builder().master("local-cluster[2,1,1024]").appName("kerasj-test")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                // the executors run this test's class path (Spark, kerasj, TensorFlow)
                .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .getOrCreate();
        try (Predictor reference = ScoringImages.predictor()) {
            Dataset<Row> files = ScoredRows.tagged(spark.read().format("binaryFile").load(images.dir.toString()).repartition(4));
            List<Row> rows = new KerasModelTransformer().setModelPath(ScoringImages.MODEL.toString()).setInputCol("content")
                    .setBatchSize(32).transform(files).withColumnRenamed("path", "name").drop("content").collectAsList();
            KerasModelTransformerTest.assertMatchesReference(rows, images, reference, 32);
            Set<Long> executorPids = spark.range(0, 8, 1, 8).map(
                    (org.apache.spark.api.java.function.MapFunction<Long, Long>) i -> ProcessHandle.current().pid(), Encoders.LONG())
                    .collectAsList().stream().collect(Collectors.toSet());
            assertEquals(2, executorPids.size(), "two executor JVMs: " + executorPids);
            assertFalse(executorPids.contains(ProcessHandle.current().pid()), "executors are not this JVM");
        } finally {
            spark.stop();
        }
    }
}
