package io.kerasj.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasImportException;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.data.ImageSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transformer in local mode (driver and executor in this JVM) on real Fashion-MNIST images,
 * colour pictures and broken files, with a real Keras model: every row must equal what a
 * single-JVM predictor gives for the same batch, bit for bit, and bad rows must carry an error.
 */
class KerasModelTransformerTest {
    private static final int BATCH = 16;

    @TempDir
    static Path dir;
    static ScoringImages images;
    static SparkSession spark;
    static Predictor reference;

    @BeforeAll
    static void start() throws Exception {
        images = ScoringImages.write(Files.createDirectories(dir.resolve("images")), 200);
        spark = TestSessions.start("local[2]");
        reference = ScoringImages.predictor();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (reference != null) {
            reference.close();
        }
    }

    private static KerasModelTransformer transformer(String inputCol) {
        return new KerasModelTransformer().setModelPath(ScoringImages.MODEL.toString()).setInputCol(inputCol)
                .setBatchSize(BATCH).setTopK(3);
    }

    /** Every row against the reference of its batch; returns how many rows were bad. */
    static int assertMatchesReference(List<Row> rows, ScoringImages images, Predictor reference, int batchSize) {
        Map<String, float[]> expected = images.expected(reference, ScoredRows.batches(rows, "name", batchSize));
        assertEquals(images.names.size(), rows.size());
        int bad = 0;
        for (Row r : rows) {
            String name = ScoredRows.fileName(r.getAs("name"));
            float[] want = expected.get(name);
            if (want == null) {
                bad++;
                assertTrue(r.isNullAt(r.fieldIndex("probabilities")), name);
                String error = r.getAs("error");
                assertTrue(error != null && error.contains("image"), name + ": " + error);
            } else {
                assertNull(r.getAs("error"), name);
                float[] got = ScoringImages.floats(r.getList(r.fieldIndex("probabilities")));
                assertArrayEquals(ScoringImages.bits(want), ScoringImages.bits(got), name);
            }
        }
        assertEquals(ScoringImages.BAD.size(), bad);
        return bad;
    }

    @Test
    void binaryFilesScoreLikeTheSingleJvmPredictorBadRowsIncluded() {
        Dataset<Row> files = ScoredRows.tagged(spark.read().format("binaryFile").load(images.dir.toString()).repartition(3));
        int loadsBefore = PredictorCache.loads();
        List<Row> rows = transformer("content").transform(files).withColumnRenamed("path", "name").drop("content").collectAsList();
        assertMatchesReference(rows, images, reference, BATCH);
        assertEquals(loadsBefore, PredictorCache.loads(), "the model was imported once in this JVM, on the driver, before");
        for (Row r : rows) {
            if (r.getAs("error") == null) {
                float[] p = ScoringImages.floats(r.getList(r.fieldIndex("probabilities")));
                assertArrayEquals(TopK.indices(p, 3), r.getList(r.fieldIndex("topK")).stream().mapToInt(v -> (Integer) v).toArray());
            } else {
                assertTrue(r.isNullAt(r.fieldIndex("topK")));
            }
        }
    }

    @Test
    void imageSourceRowsScoreExactlyLikeTheFilesThemselves() {
        Dataset<Row> pictures = ScoredRows.tagged(spark.read().format("image").load(images.dir.toString()).repartition(2));
        List<Row> rows = transformer("image").setTopK(0).transform(pictures)
                .select(col("image.origin").as("name"), col("probabilities"), col("error"), col("_part"), col("_seq"))
                .collectAsList();
        assertMatchesReference(rows, images, reference, BATCH);
    }

    @Test
    void tensorRowsOfTheWrongLengthGetAnErrorTheOthersTheModelsOutput() {
        ImageSamples samples = ImageSamples.forInput(reference.inputShapes().get(0), 1.0 / 255);
        List<Row> input = new ArrayList<>();
        List<float[]> good = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            FloatTensor x = samples.batch(List.of(images.dir.resolve(images.names.get(i))));
            float[] v = x.toArray();
            if (i % 13 == 5) {
                v = Arrays.copyOf(v, v.length - 1);
            } else {
                good.add(v);
            }
            input.add(RowFactory.create(i, boxed(v)));
        }
        input.add(RowFactory.create(40, null));
        StructType schema = new StructType().add("id", DataTypes.IntegerType)
                .add("x", DataTypes.createArrayType(DataTypes.FloatType));
        Dataset<Row> tensors = spark.createDataFrame(input, schema);
        // one partition, batches of 8: the reference scores the good rows of each 8 together
        List<Row> rows = transformer("x").setBatchSize(8).transform(tensors.coalesce(1))
                .orderBy("id").collectAsList();
        int goodIndex = 0;
        for (int start = 0; start < rows.size(); start += 8) {
            List<Row> batch = rows.subList(start, Math.min(rows.size(), start + 8));
            List<Row> ok = batch.stream().filter(r -> r.getAs("error") == null).toList();
            float[] data = new float[ok.size() * samples.sampleSize()];
            for (int i = 0; i < ok.size(); i++) {
                System.arraycopy(good.get(goodIndex + i), 0, data, i * samples.sampleSize(), samples.sampleSize());
            }
            float[] want = ok.isEmpty() ? new float[0] : reference.predict(FloatTensor.wrap(samples.batchShape(ok.size()), data)).toArray();
            for (int i = 0; i < ok.size(); i++) {
                float[] got = ScoringImages.floats(ok.get(i).getList(ok.get(i).fieldIndex("probabilities")));
                assertArrayEquals(ScoringImages.bits(Arrays.copyOfRange(want, i * 10, i * 10 + 10)), ScoringImages.bits(got));
            }
            goodIndex += ok.size();
        }
        assertEquals(good.size(), goodIndex);
        List<String> errors = rows.stream().filter(r -> r.getAs("error") != null).map(r -> (String) r.getAs("error")).toList();
        assertEquals(List.of("the tensor has 783 values; the model input (1, 28, 28, 1) needs 784",
                "the tensor has 783 values; the model input (1, 28, 28, 1) needs 784",
                "the tensor has 783 values; the model input (1, 28, 28, 1) needs 784", "the input is null"), errors);
    }

    @Test
    void doubleTensorsScoreLikeTheSameFloatTensors() {
        ImageSamples samples = ImageSamples.forInput(reference.inputShapes().get(0), 1.0 / 255);
        List<Row> floats = new ArrayList<>();
        List<Row> doubles = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            float[] v = samples.batch(List.of(images.dir.resolve(images.names.get(i)))).toArray();
            Double[] d = new Double[v.length];
            for (int k = 0; k < v.length; k++) {
                d[k] = (double) v[k];
            }
            floats.add(RowFactory.create(i, boxed(v)));
            doubles.add(RowFactory.create(i, d));
        }
        StructType floatSchema = new StructType().add("id", DataTypes.IntegerType)
                .add("x", DataTypes.createArrayType(DataTypes.FloatType, false));
        StructType doubleSchema = new StructType().add("id", DataTypes.IntegerType)
                .add("x", DataTypes.createArrayType(DataTypes.DoubleType, false));
        List<Row> want = transformer("x").setBatchSize(4).transform(spark.createDataFrame(floats, floatSchema).coalesce(1))
                .orderBy("id").collectAsList();
        List<Row> got = transformer("x").setBatchSize(4).transform(spark.createDataFrame(doubles, doubleSchema).coalesce(1))
                .orderBy("id").collectAsList();
        assertEquals(12, got.size());
        for (int i = 0; i < got.size(); i++) {
            assertNull(got.get(i).getAs("error"));
            assertArrayEquals(ScoringImages.bits(ScoringImages.floats(want.get(i).getList(want.get(i).fieldIndex("probabilities")))),
                    ScoringImages.bits(ScoringImages.floats(got.get(i).getList(got.get(i).fieldIndex("probabilities")))));
        }
    }

    @Test
    void transformRunsNoJobUntilItsResultIsUsedEvenOverAShuffle() {
        Dataset<Row> files = spark.read().format("binaryFile").load(images.dir.toString()).repartition(3);
        spark.sparkContext().setJobGroup("lazy-transform", "transform alone", false);
        try {
            Dataset<Row> scored = transformer("content").transform(files);
            assertEquals(0, spark.sparkContext().statusTracker().getJobIdsForGroup("lazy-transform").length,
                    "transform ran no job, not even the input's shuffle");
            assertEquals(images.names.size(), scored.filter(col("error").isNull()).count() + ScoringImages.BAD.size());
        } finally {
            spark.sparkContext().clearJobGroup();
        }
    }

    @Test
    void failOnBadRowFailsTheJobWithTheRowsError() {
        Dataset<Row> files = spark.read().format("binaryFile").load(images.dir.toString());
        SparkException e = assertThrows(SparkException.class,
                () -> transformer("content").setFailOnBadRow(true).transform(files).collectAsList());
        assertTrue(e.getMessage().contains("not an image format Java can read") || e.getMessage().contains("cannot decode"),
                e.getMessage());
    }

    @Test
    void modelThatCannotBeImportedFailsOnTheDriverBeforeAnyTask() throws Exception {
        Path broken = dir.resolve("broken.h5");
        Files.write(broken, new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 0, 0, 0});
        Dataset<Row> files = spark.read().format("binaryFile").load(images.dir.toString());
        spark.sparkContext().setJobGroup("broken-model", "a model that cannot be imported", false);
        try {
            KerasModelTransformer t = transformer("content").setModelPath(broken.toString());
            KerasImportException e = assertThrows(KerasImportException.class, () -> t.transform(files));
            assertTrue(e.getMessage().contains("broken.h5"), e.getMessage());
            assertThrows(KerasImportException.class, () -> t.transformSchema(files.schema()));
            assertEquals(0, spark.sparkContext().statusTracker().getJobIdsForGroup("broken-model").length, "no job ran");
        } finally {
            spark.sparkContext().clearJobGroup();
        }
    }

    @Test
    void aLayerOfAModelGivenWithAddFileComesOutBesideTheProbabilities() throws Exception {
        Path copy = Files.copy(ScoringImages.MODEL, dir.resolve("mnist-cnn.keras"));
        spark.sparkContext().addFile(copy.toString());
        String layer = reference.layerNames().get(1);
        Dataset<Row> files = ScoredRows.tagged(spark.read().format("binaryFile").load(images.dir.toString()).coalesce(1));
        List<Row> rows = transformer("content").setModelPath("mnist-cnn.keras").setLayerName(layer).setLayerCol("features")
                .transform(files).withColumnRenamed("path", "name").collectAsList();
        assertMatchesReference(rows, images, reference, BATCH);
        ImageSamples samples = ImageSamples.forInput(reference.inputShapes().get(0), 1.0 / 255);
        Row first = rows.stream().filter(r -> r.getAs("error") == null).findFirst().orElseThrow();
        List<List<String>> batches = ScoredRows.batches(rows, "name", BATCH);
        List<String> batch = batches.stream().filter(b -> b.contains(ScoredRows.fileName(first.getAs("name")))).findFirst().orElseThrow()
                .stream().filter(n -> !ScoringImages.BAD.contains(n)).toList();
        FloatTensor acts = reference.predictLayers(List.of(samples.batch(batch.stream().map(images.dir::resolve).toList())),
                List.of(layer)).get(layer);
        int per = acts.size() / batch.size();
        int at = batch.indexOf(ScoredRows.fileName(first.getAs("name")));
        float[] want = Arrays.copyOfRange(acts.toArray(), at * per, (at + 1) * per);
        assertArrayEquals(ScoringImages.bits(want), ScoringImages.bits(ScoringImages.floats(first.getList(first.fieldIndex("features")))));
    }

    @Test
    void outputColumnsThatExistAlreadyAreRefused() {
        Dataset<Row> files = spark.read().format("binaryFile").load(images.dir.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> transformer("content").setOutputCol("path").transformSchema(files.schema()));
        assertTrue(e.getMessage().contains("'path' already exists"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> transformer("length").transformSchema(files.schema()));
    }

    private static Float[] boxed(float[] v) {
        Float[] out = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
