package io.kerasj.spark.cli;

import io.kerasj.ir.KerasImportException;
import io.kerasj.spark.KerasModelTransformer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kerasj spark-predict}: scores a folder of images with {@link KerasModelTransformer} on a
 * Spark cluster (local mode by default) and writes path, probabilities, top classes and error per
 * image. It runs from the spark module's own class path (the launcher picks it), so the plain
 * kerasj jar carries no Spark.
 */
@Command(name = "spark-predict", mixinStandardHelpOptions = true,
        description = "Score a folder of images (any Hadoop path) on Spark and write one row per image: path, probabilities,"
                + " top classes, error (null when the image was scored).")
public final class SparkPredictCommand implements Callable<Integer> {
    /** Exit code for a model or input that cannot be read, as for the other kerasj commands. */
    static final int EXIT_IMPORT_ERROR = 2;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Keras model (.h5, .keras, SavedModel directory), any Hadoop path")
    String model;

    @Option(names = "--input", required = true, paramLabel = "PATH", description = "Folder (searched recursively) or glob of images")
    String input;

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "Output directory (must not exist)")
    String output;

    @Option(names = "--format", defaultValue = "parquet", paramLabel = "parquet|json", description = "Output format (default ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--master", defaultValue = "local[*]", paramLabel = "URL", description = "Spark master (default ${DEFAULT-VALUE})")
    String master;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "N", description = "Rows per model call (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--top", defaultValue = "5", paramLabel = "K", description = "Class indices per image (default ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--scale", defaultValue = "0.00392156862745098", description = "Pixel multiplier (default 1/255, as kerasj predict)")
    double scale;

    @Option(names = "--device", defaultValue = "CPU", paramLabel = "CPU|GPU", description = "Where the executors run the model")
    String device;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command in this JVM; returns the exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command in this JVM with the given output streams; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new SparkPredictCommand()).setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof KerasImportException || ex instanceof IllegalArgumentException) {
                cmd.getErr().println("error: " + ex.getMessage());
                return EXIT_IMPORT_ERROR;
            }
            throw ex;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!fmt.equals("parquet") && !fmt.equals("json")) {
            throw new IllegalArgumentException("--format is parquet or json, not " + format);
        }
        boolean ownSession = SparkSession.getActiveSession().isEmpty();
        SparkSession.Builder builder = SparkSession.builder().master(master).appName("kerasj spark-predict");
        if (master.startsWith("local")) {
            // everything runs in this JVM: nothing needs to listen beyond the loopback interface
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        SparkSession spark = builder.getOrCreate();
        try {
            Dataset<Row> images = spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(input);
            KerasModelTransformer scorer = new KerasModelTransformer().setModelPath(model).setInputCol("content")
                    .setBatchSize(batch).setTopK(top).setImageScale(scale).setDevice(device);
            scorer.transform(images).select("path", "probabilities", "topK", "error").write().format(fmt).save(output);
            Dataset<Row> written = spark.read().format(fmt).load(output);
            long rows = written.count();
            long errors = written.filter("error IS NOT NULL").count();
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "scored %d image(s), %d could not be read; wrote %s (%s)%n", rows - errors, errors,
                    Path.of(output).toAbsolutePath(), fmt);
            out.flush();
            return 0;
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }
}
