package io.kerasj.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.Predictor;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kerasj bench}: load time, then the median time per batch and images per second. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure model load time and inference speed (medians) at the given batch sizes.",
            "Several --engine and --precision values give one table from one alternating run, with ratios;",
            "--compare adds the hand-built TF Java graph and the sgemm bound to that run."})
public final class BenchCommand implements Callable<Integer> {
    @Mixin
    RuntimeOptions runtime;

    @Option(names = "--batch", split = ",", defaultValue = "1,32", description = "Batch sizes (default ${DEFAULT-VALUE})")
    List<Integer> batches;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed runs per batch size (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--iters", defaultValue = "10", description = "Timed runs per batch size (default ${DEFAULT-VALUE})")
    int iters;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Option(names = "--compare", description = {"Against the hand-built TF Java graph and TF's 4096² MatMul (the sgemm bound),"
            + " in one alternating run: ready ms, images/s, throughput ratio, % of the bound per engine/precision",
        "(default tf fp32, onnxruntime fp32 and int8; --engine/--precision choose others)"})
    boolean compare;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Median milliseconds per batch for one batch size. */
    record Timing(int batch, double msPerBatch, double imagesPerSecond) {
    }

    @Override
    public Integer call() throws Exception {
        if (iters < 1 || warmup < 0 || batches.stream().anyMatch(b -> b < 1)) {
            throw new IllegalArgumentException("--iters must be >= 1, --warmup >= 0 and batch sizes >= 1");
        }
        if (compare) {
            var parsed = spec.commandLine().getParseResult();
            return BenchComparison.compare(runtime, parsed.hasMatchedOption("--engine") || parsed.hasMatchedOption("--precision"),
                    batches, warmup, iters, json, spec.commandLine().getOut());
        }
        if (runtime.engineNames().size() * runtime.precisions.size() > 1) {
            return BenchComparison.run(runtime, batches, warmup, iters, json, spec.commandLine().getOut());
        }
        long start = System.nanoTime();
        KerasModel model = runtime.isOnnxFile() ? null : runtime.load();
        long imported = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        try (Predictor p = model == null ? runtime.onnxFilePredictor(runtime.precision()) : runtime.predictor(model)) {
            long built = System.nanoTime();
            double importMs = (imported - start) / 1e6;
            double buildMs = (built - imported) / 1e6;
            model = null; // the predictor holds the weights now
            Shape in = p.inputShapes().get(0);
            List<Timing> timings = batches.stream().map(b -> time(p, in, b)).toList();
            if (json) {
                ObjectMapper m = new ObjectMapper();
                ObjectNode root = m.createObjectNode();
                root.put("model", runtime.model.path().toString());
                root.put("device", runtime.device.name());
                root.put("engine", runtime.engine().name());
                root.put("precision", runtime.precision().name());
                root.put("import_ms", importMs);
                root.put("compile_and_load_ms", buildMs);
                root.put("load_ms", importMs + buildMs);
                root.put("warmup", warmup);
                root.put("iters", iters);
                ArrayNode arr = root.putArray("batches");
                for (Timing t : timings) {
                    arr.addObject().put("batch", t.batch()).put("ms_per_batch", t.msPerBatch())
                            .put("images_per_second", t.imagesPerSecond());
                }
                out.println(m.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
            } else {
                out.printf(Locale.ROOT, "load: %.0f ms (import %.0f ms, compile + weights %.0f ms) on %s%n",
                        importMs + buildMs, importMs, buildMs, runtime.device);
                for (Timing t : timings) {
                    out.printf(Locale.ROOT, "batch %4d: %10.2f ms/batch %10.1f images/s (median of %d, %d warm-up)%n",
                            t.batch(), t.msPerBatch(), t.imagesPerSecond(), iters, warmup);
                }
            }
        }
        out.flush();
        return 0;
    }

    private Timing time(Predictor p, Shape in, int batch) {
        int[] dims = in.featureDims();
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("bench needs a fixed input size; the model input is " + in);
            }
        }
        FloatTensor x = FillRule.input(batch, dims);
        for (int i = 0; i < warmup; i++) {
            p.predict(x);
        }
        double ms = medianMillis(() -> p.predict(x), iters);
        return new Timing(batch, ms, batch * 1000.0 / ms);
    }

    /** Median wall time of {@code iters} runs, in milliseconds. */
    static double medianMillis(Runnable run, int iters) {
        double[] t = new double[iters];
        for (int i = 0; i < iters; i++) {
            long s = System.nanoTime();
            run.run();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(t);
        return iters % 2 == 1 ? t[iters / 2] : (t[iters / 2 - 1] + t[iters / 2]) / 2;
    }
}
