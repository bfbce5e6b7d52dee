package io.kerasj.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.bench.AlternatingTimer;
import io.kerasj.bench.HandBuiltGraph;
import io.kerasj.bench.ModelFlops;
import io.kerasj.bench.SgemmBound;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.onnx.ort.OnnxPredictor;
import io.kerasj.runtime.Engine;
import io.kerasj.runtime.Precision;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.graph.KernelSupport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code kerasj bench} over several engines and precisions: every configuration is loaded once,
 * then each batch size is timed in one alternating run (AlternatingTimer), so the ratios compare
 * configurations under the same machine load. Ratios are against the first configuration.
 * With {@code --compare} ({@link Compare}) the hand-built TF Java graph joins the run as the
 * baseline, and so does TF's 4096² MatMul, the bound each row's GFLOP/s is a fraction of.
 */
final class BenchComparison {
    /** One engine at one precision. */
    record Config(Engine engine, Precision precision) {
        String label() {
            String name = engine == Engine.TENSORFLOW ? "tf" : engine == Engine.AUTO ? "auto" : "onnxruntime";
            return name + " " + precision.name().toLowerCase(Locale.ROOT);
        }
    }

    /** What --compare adds: the first import's time, the model's FLOPs and the hand-built baseline's fate. */
    record Compare(double firstImportMs, ModelFlops flops, String kernelPath, List<String> handBuiltProblems) {
        boolean hasHandBuilt() {
            return handBuiltProblems.isEmpty();
        }
    }

    /** One timed row: a configuration (or the hand-built graph), its load-to-ready time and a batch run. */
    private record Row(String label, Config config, double readyMs, Consumer<FloatTensor> predict, AutoCloseable resource) {
    }

    /** The configurations --compare runs when neither --engine nor --precision is given. */
    static final List<Config> COMPARE_DEFAULTS = List.of(new Config(Engine.TENSORFLOW, Precision.FP32),
            new Config(Engine.ONNX_RUNTIME, Precision.FP32), new Config(Engine.ONNX_RUNTIME, Precision.INT8));

    private static final String HAND_BUILT = "hand-built tf fp32";

    private BenchComparison() {
    }

    static int run(RuntimeOptions runtime, List<Integer> batches, int warmup, int iters, boolean json, PrintWriter out) {
        List<String> skipped = new ArrayList<>();
        List<Config> configs = configs(runtime, skipped);
        KerasModel model = runtime.isOnnxFile() ? null : runtime.load();
        List<Row> rows = new ArrayList<>();
        try {
            for (Config c : configs) {
                long s = System.nanoTime();
                Predictor p = model == null ? runtime.onnxFilePredictor(c.precision())
                        : runtime.predictor(model, c.engine(), c.precision());
                rows.add(new Row(c.label(), c, (System.nanoTime() - s) / 1e6, p::predict, p));
            }
            List<double[]> medians = time(rows, null, batches, warmup, iters);
            if (json) {
                out.println(toJson(runtime, rows, batches, medians, warmup, iters));
            } else {
                printTable(out, runtime, rows, batches, medians, warmup, iters, skipped);
            }
        } finally {
            closeAll(rows);
        }
        out.flush();
        return 0;
    }

    /**
     * {@code --compare}: the hand-built graph (when this model is a chain it can write) and every
     * configuration, each timed from a fresh import to a ready predictor once TF and ONNX Runtime are
     * initialised, then one alternating run per batch size with the sgemm bound in the same rounds.
     *
     * @param explicitConfigs whether --engine or --precision was given (else {@link #COMPARE_DEFAULTS})
     */
    static int compare(RuntimeOptions runtime, boolean explicitConfigs, List<Integer> batches, int warmup, int iters,
                       boolean json, PrintWriter out) {
        List<String> skipped = new ArrayList<>();
        List<Config> configs = explicitConfigs ? configs(runtime, skipped) : COMPARE_DEFAULTS;
        long s = System.nanoTime();
        KerasModel model = runtime.isOnnxFile() ? null : runtime.load();
        double firstImportMs = (System.nanoTime() - s) / 1e6;
        Compare compare = new Compare(firstImportMs, model == null ? null : ModelFlops.of(model), KernelSupport.probe().cpuPath(),
                model == null ? List.of("an .onnx file has no Keras layers to write by hand") : HandBuiltGraph.unsupported(model));
        model = null; // every row imports its own copy, timed
        List<Row> rows = new ArrayList<>();
        try (SgemmBound sgemm = new SgemmBound(SgemmBound.DEFAULT_SIZE)) {
            if (configs.stream().anyMatch(c -> c.engine() == Engine.ONNX_RUNTIME)) {
                ai.onnxruntime.OrtEnvironment.getEnvironment(); // its native start-up is not any row's load time
            }
            if (compare.hasHandBuilt()) {
                long h = System.nanoTime();
                try {
                    HandBuiltGraph g = new HandBuiltGraph(runtime.load());
                    rows.add(new Row(HAND_BUILT, new Config(Engine.TENSORFLOW, Precision.FP32), (System.nanoTime() - h) / 1e6,
                            g::predict, g));
                } catch (RuntimeException e) {
                    compare = new Compare(compare.firstImportMs(), compare.flops(), compare.kernelPath(),
                            List.of("building it failed: " + e.getMessage()));
                }
            }
            for (Config c : configs) {
                long t = System.nanoTime();
                try {
                    Predictor p = runtime.isOnnxFile() ? runtime.onnxFilePredictor(c.precision())
                            : runtime.predictor(runtime.load(), c.engine(), c.precision());
                    rows.add(new Row("kerasj " + c.label(), c, (System.nanoTime() - t) / 1e6, p::predict, p));
                } catch (RuntimeException e) {
                    skipped.add(c.label() + " (" + e.getMessage() + ")");
                }
            }
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("nothing to compare: " + String.join("; ", skipped));
            }
            List<double[]> medians = time(rows, sgemm, batches, warmup, iters);
            CompareReport report = new CompareReport(runtime, compare, rows.stream().map(Row::label).toList(),
                    rows.stream().map(Row::config).toList(), rows.stream().map(Row::readyMs).toList(), batches, medians,
                    sgemm.gflop(), warmup, iters, skipped);
            out.println(json ? report.toJson() : report.toText());
        } finally {
            closeAll(rows);
        }
        out.flush();
        return 0;
    }

    private static List<Config> configs(RuntimeOptions runtime, List<String> skipped) {
        List<Config> configs = new ArrayList<>();
        for (RuntimeOptions.EngineName e : runtime.engineNames()) {
            for (RuntimeOptions.PrecisionName p : runtime.precisions) {
                Config c = new Config(runtime.isOnnxFile() ? Engine.ONNX_RUNTIME : e.engine, p.precision());
                if (c.engine() == Engine.TENSORFLOW && c.precision() != Precision.FP32) {
                    skipped.add(c.label() + " (the TensorFlow engine runs fp32 only)");
                } else if (!configs.contains(c)) {
                    configs.add(c);
                }
            }
        }
        return configs;
    }

    /**
     * Median ms per batch of every row (and, when given, of the sgemm product as the last column),
     * one alternating run per batch size after {@code warmup} untimed runs each.
     */
    private static List<double[]> time(List<Row> rows, SgemmBound sgemm, List<Integer> batches, int warmup, int iters) {
        Shape in = inputShape(rows);
        List<double[]> medians = new ArrayList<>();
        for (int b : batches) {
            FloatTensor x = FillRule.input(b, in.featureDims());
            List<Runnable> runs = new ArrayList<>();
            for (Row r : rows) {
                for (int i = 0; i < warmup; i++) {
                    r.predict().accept(x);
                }
                runs.add(() -> r.predict().accept(x));
            }
            if (sgemm != null) {
                sgemm.run();
                runs.add(sgemm::run);
            }
            medians.add(AlternatingTimer.medians(runs, iters));
        }
        return medians;
    }

    private static Shape inputShape(List<Row> rows) {
        for (Row r : rows) {
            if (r.resource() instanceof Predictor p) {
                return p.inputShapes().get(0);
            }
        }
        throw new IllegalStateException("no kerasj predictor to take the input shape from");
    }

    private static void closeAll(List<Row> rows) {
        for (Row r : rows) {
            try {
                r.resource().close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + r.label() + ": " + e.getMessage(), e);
            }
        }
    }

    private static void printTable(PrintWriter out, RuntimeOptions runtime, List<Row> rows, List<Integer> batches,
                                   List<double[]> medians, int warmup, int iters, List<String> skipped) {
        out.printf(Locale.ROOT, "%s on %s: median ms per batch of %d alternating runs (%d warm-up), ratio to %s%n",
                runtime.model.path().getFileName(), runtime.device, iters, warmup, rows.get(0).label());
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-18s %9s", "engine precision", "load ms"));
        for (int b : batches) {
            head.append(String.format(Locale.ROOT, " | %12s %8s %6s", "batch " + b + " ms", "img/s", "ratio"));
        }
        out.println(head);
        for (int c = 0; c < rows.size(); c++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-18s %9.0f", rows.get(c).label(), rows.get(c).readyMs()));
            for (int k = 0; k < batches.size(); k++) {
                double ms = medians.get(k)[c];
                row.append(String.format(Locale.ROOT, " | %12.2f %8.1f %6.2f", ms, batches.get(k) * 1000.0 / ms,
                        ms / medians.get(k)[0]));
            }
            out.println(row);
        }
        for (String s : skipped) {
            out.println("skipped: " + s);
        }
    }

    private static String toJson(RuntimeOptions runtime, List<Row> rows, List<Integer> batches, List<double[]> medians,
                                 int warmup, int iters) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("model", runtime.model.path().toString());
        root.put("device", runtime.device.name());
        root.put("warmup", warmup);
        root.put("iters", iters);
        ArrayNode cs = root.putArray("configs");
        for (Row r : rows) {
            cs.addObject().put("engine", r.config().engine().name()).put("precision", r.config().precision().name())
                    .put("load_ms", r.readyMs());
        }
        ArrayNode bs = root.putArray("batches");
        for (int k = 0; k < batches.size(); k++) {
            ObjectNode b = bs.addObject().put("batch", batches.get(k));
            ArrayNode rs = b.putArray("results");
            for (int c = 0; c < rows.size(); c++) {
                double ms = medians.get(k)[c];
                rs.addObject().put("engine", rows.get(c).config().engine().name())
                        .put("precision", rows.get(c).config().precision().name())
                        .put("ms_per_batch", ms).put("images_per_second", batches.get(k) * 1000.0 / ms)
                        .put("ratio", ms / medians.get(k)[0]);
            }
        }
        return write(m, root);
    }

    static String write(ObjectMapper m, ObjectNode root) {
        try {
            return m.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ONNX Runtime's session settings, as the report states them. */
    static String ortSettings() {
        StringBuilder s = new StringBuilder();
        OnnxPredictor.SESSION_CONFIG.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return s.toString();
    }
}
