package io.kerasj.spark.bench;

import static org.apache.spark.sql.functions.call_udf;
import static org.apache.spark.sql.functions.col;

import io.kerasj.KerasModels;
import io.kerasj.bench.AlternatingTimer;
import io.kerasj.fixtures.SeedModelFiles;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.data.ImageSamples;
import io.kerasj.spark.KerasModelTransformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * Not a test: rows/s of seed000 (the 227×227×3 AlexNet) scored through Spark against the same rows
 * through an in-process {@link Predictor}, batch 32, in alternating runs of one process; then one
 * against two executor JVMs of a {@code local-cluster} (one partition keeps one executor busy, two
 * partitions both). Prints ratios.
 *
 * <p>Run: {@code mvn -B -q -pl spark -am -DskipTests package dependency:build-classpath
 * -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/bench.cp}, then {@code SPARK_HOME=spark/target/spark-home
 * SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 java -Xmx6g OPENS -cp
 * spark/target/test-classes:spark/target/classes:$(cat /tmp/bench.cp) io.kerasj.spark.bench.SparkBenchmark [rows] [iters] [overhead|executors|both]}
 * with OPENS the {@code spark.java.opens} of spark/pom.xml; {@code -Dkerasj.bench.model=PATH} takes an
 * existing seed000 .h5 instead of writing one.
 *
 * <p>What each side of the overhead ratio does per run: the Spark side plans the query, runs one
 * task, reads each row from Spark's in-memory cache, decodes it into the batch
 * (PNG: decode and resize; tensor: copy), runs the model, takes the top 5, and builds the output
 * rows (input columns plus probabilities, topK, error) that a {@code noop} sink consumes. The
 * in-process side decodes or copies the same rows into the same batches and runs the model; its
 * inputs are already in Java arrays. Both use the same predictor settings and the model's own
 * time is in both.
 */
public final class SparkBenchmark {
    private static final String SEED = "seed000_alexnet_functional";
    private static final int BATCH = 32;

    private SparkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        int iters = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String given = System.getProperty("kerasj.bench.model");
        Path model = given != null ? Path.of(given) : SeedModelFiles.fullH5(SEED);
        Shape sample = Shape.of(227, 227, 3);
        String part = args.length > 2 ? args[2] : "both";
        if (!part.equals("executors")) {
            overhead(model, sample, rows, iters);
        }
        if (!part.equals("overhead")) {
            executors(model, rows, iters);
        }
    }

    /**
     * Spark local[1] (one task at a time, as one executor core) against the predictor on the same
     * batches, for PNG bytes (decoded and resized on both sides) and for array<float> tensors. The
     * rows are one partition, as one core works through a large partition of a real input: a task's
     * fixed cost (tens of milliseconds) is paid once per run, not once per 32 rows.
     */
    private static void overhead(Path model, Shape sample, int rows, int iters) {
        SparkSession spark = session("local[1]", 1);
        try (Predictor p = KerasRuntime.builder(KerasModels.load(model)).build()) {
            ImageSamples images = ImageSamples.forInput(p.inputShapes().get(0), 1.0 / 255);
            int per = (int) sample.size();
            byte[][] pngs = new byte[rows][];
            float[][] data = new float[rows][];
            for (int i = 0; i < rows; i++) {
                pngs[i] = Sample.png(i);
                data[i] = Sample.of(i, per);
            }
            compare(spark, "PNG 227x227", inputs(spark, rows, 1), "png", model, rows, iters, (start, n) -> {
                float[] batch = new float[n * per];
                for (int i = 0; i < n; i++) {
                    images.write(ImageSamples.decode(pngs[start + i]), batch, i);
                }
                p.predict(FloatTensor.wrap(images.batchShape(n), batch));
            });
            compare(spark, "array<float>", inputs(spark, rows, 1), "x", model, rows, iters, (start, n) -> {
                float[] batch = new float[n * per];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(data[start + i], 0, batch, i * per, per);
                }
                p.predict(FloatTensor.wrap(Shape.of(n, 227, 227, 3), batch));
            });
        } finally {
            spark.stop();
        }
    }

    /** Scores one batch of the rows from {@code start}. */
    private interface BatchScorer {
        void score(int start, int n);
    }

    private static void compare(SparkSession spark, String what, Dataset<Row> input, String column, Path model, int rows, int iters,
            BatchScorer inProcessBatch) {
        KerasModelTransformer t = transformer(model, column);
        Runnable viaSpark = () -> t.transform(input.select(column)).write().format("noop").mode("overwrite").save();
        Runnable inProcess = () -> {
            for (int start = 0; start < rows; start += BATCH) {
                inProcessBatch.score(start, Math.min(BATCH, rows - start));
            }
        };
        viaSpark.run();
        inProcess.run();
        double[] ms = AlternatingTimer.medians(viaSpark, inProcess, iters);
        System.out.printf(Locale.ROOT, "seed000, %s, %d rows, batch %d: Spark local[1] %.2f rows/s, in-process Predictor %.2f rows/s;"
                + " Spark/in-process time %.3f (%d alternating runs each)%n",
                what, rows, BATCH, rows * 1000 / ms[0], rows * 1000 / ms[1], ms[0] / ms[1], iters);
    }

    /** Two executor JVMs of one core each: the same rows in one partition (one executor busy) and in two. */
    private static void executors(Path model, int rows, int iters) throws Exception {
        Path sparkHome = Path.of(System.getenv().getOrDefault("SPARK_HOME", "spark/target/spark-home"));
        Files.createDirectories(sparkHome.resolve("jars"));
        Files.writeString(sparkHome.resolve("RELEASE"), "kerasj benchmark: executors take this class path\n");
        SparkSession.Builder builder = SparkSession.builder().master("local-cluster[2,1,3072]").appName("kerasj-bench")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.executor.memory", "3g")
                // a task starts at once on the free executor instead of waiting for the one caching its rows
                .config("spark.locality.wait", "0")
                .config("spark.executor.extraClassPath", absoluteClassPath());
        // TensorFlow sizes its thread pools to the machine's cores: on a machine with fewer cores than
        // executors x threads, -Dkerasj.bench.executorThreads=1 gives each executor JVM its own core
        String threads = System.getProperty("kerasj.bench.executorThreads");
        if (threads != null) {
            builder.config("spark.executorEnv.TF_NUM_INTRAOP_THREADS", threads).config("spark.executorEnv.TF_NUM_INTEROP_THREADS", "1");
        }
        SparkSession spark = builder.getOrCreate();
        try {
            awaitExecutors(spark, 2);
            Dataset<Row> two = inputs(spark, rows, 2).select("png");
            Dataset<Row> one = two.coalesce(1);
            KerasModelTransformer t = transformer(model, "png");
            Runnable oneExecutor = () -> t.transform(one).write().format("noop").mode("overwrite").save();
            Runnable twoExecutors = () -> t.transform(two).write().format("noop").mode("overwrite").save();
            twoExecutors.run();
            oneExecutor.run();
            double[] ms = AlternatingTimer.medians(oneExecutor, twoExecutors, iters);
            System.out.printf(Locale.ROOT, "seed000, %d rows, batch %d: 1 executor %.1f rows/s, 2 executors %.1f rows/s;"
                    + " speed-up %.2fx (%d alternating runs each; executors of 1 core on a %d-core machine, TensorFlow threads %s)%n",
                    rows, BATCH, rows * 1000 / ms[0], rows * 1000 / ms[1], ms[0] / ms[1], iters,
                    Runtime.getRuntime().availableProcessors(), threads == null ? "per core of the machine" : threads + " per executor");
        } finally {
            spark.stop();
        }
    }

    /** Executors register after the session starts: cache the rows only once both can take a share. */
    private static void awaitExecutors(SparkSession spark, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        // the status tracker lists the driver too
        while (spark.sparkContext().statusTracker().getExecutorInfos().length < count + 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + (spark.sparkContext().statusTracker().getExecutorInfos().length - 1)
                        + " of " + count + " executors started");
            }
            Thread.sleep(200);
        }
    }

    /** This JVM's class path with absolute entries: executors start in their own working directories. */
    private static String absoluteClassPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString()).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private static SparkSession session(String master, int partitions) {
        return SparkSession.builder().master(master).appName("kerasj-bench")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.default.parallelism", String.valueOf(partitions))
                .getOrCreate();
    }

    private static KerasModelTransformer transformer(Path model, String column) {
        return new KerasModelTransformer().setModelPath(model.toString()).setInputCol(column).setBatchSize(BATCH)
                .setTopK(5);
    }

    /** {@code rows} deterministic samples as PNG bytes ({@code png}) and array<float> ({@code x}), made on the executors and cached there. */
    private static Dataset<Row> inputs(SparkSession spark, int rows, int partitions) {
        spark.udf().register("kerasj_sample", (UDF1<Long, float[]>) i -> Sample.of(i, 227 * 227 * 3),
                DataTypes.createArrayType(DataTypes.FloatType, false));
        spark.udf().register("kerasj_png", (UDF1<Long, byte[]>) Sample::png, DataTypes.BinaryType);
        Dataset<Row> df = spark.range(0, rows, 1, partitions).withColumn("png", call_udf("kerasj_png", col("id")))
                .withColumn("x", call_udf("kerasj_sample", col("id"))).cache();
        df.count();
        return df;
    }

    /** A sample in [0, 1) from a fixed mix of its index, the same wherever it is made. */
    static final class Sample {
        private Sample() {
        }

        static float[] of(long index, int size) {
            float[] v = new float[size];
            long s = index * 0x9E3779B97F4A7C15L + 1;
            for (int i = 0; i < size; i++) {
                s ^= s << 13;
                s ^= s >>> 7;
                s ^= s << 17;
                v[i] = (s >>> 40) / (float) (1L << 24);
            }
            return v;
        }

        /** A 227x227 RGB picture of the sample's first values, as PNG bytes. */
        static byte[] png(long index) {
            float[] v = of(index, 227 * 227);
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(227, 227, java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int i = 0; i < v.length; i++) {
                int g = (int) (v[i] * 255);
                img.setRGB(i % 227, i / 227, (g << 16) | ((255 - g) << 8) | (i % 227));
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try {
                javax.imageio.ImageIO.write(img, "png", out);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }
}
