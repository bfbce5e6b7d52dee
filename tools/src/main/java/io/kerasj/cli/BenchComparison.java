package io.kerasj.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.bench.AlternatingTimer;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.Engine;
import io.kerasj.runtime.Precision;
import io.kerasj.runtime.Predictor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code kerasj bench} over several engines and precisions: every configuration is loaded once,
 * then each batch size is timed in one alternating run (AlternatingTimer), so the ratios compare
 * configurations under the same machine load. Ratios are against the first configuration.
 */
final class BenchComparison {
    /** One engine at one precision. */
    record Config(Engine engine, Precision precision) {
        String label() {
            String name = engine == Engine.TENSORFLOW ? "tf" : engine == Engine.AUTO ? "auto" : "onnxruntime";
            return name + " " + precision.name().toLowerCase(Locale.ROOT);
        }
    }

    private BenchComparison() {
    }

    static int run(RuntimeOptions runtime, List<Integer> batches, int warmup, int iters, boolean json, PrintWriter out) {
        List<Config> configs = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
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
        KerasModel model = runtime.isOnnxFile() ? null : runtime.load();
        List<Predictor> predictors = new ArrayList<>();
        List<Double> loadMs = new ArrayList<>();
        try {
            for (Config c : configs) {
                long s = System.nanoTime();
                predictors.add(model == null ? runtime.onnxFilePredictor(c.precision())
                        : runtime.predictor(model, c.engine(), c.precision()));
                loadMs.add((System.nanoTime() - s) / 1e6);
            }
            Shape in = predictors.get(0).inputShapes().get(0);
            List<double[]> medians = new ArrayList<>();
            for (int b : batches) {
                FloatTensor x = FillRule.input(b, in.featureDims());
                List<Runnable> runs = new ArrayList<>();
                for (Predictor p : predictors) {
                    for (int i = 0; i < warmup; i++) {
                        p.predict(x);
                    }
                    runs.add(() -> p.predict(x));
                }
                medians.add(AlternatingTimer.medians(runs, iters));
            }
            if (json) {
                out.println(toJson(runtime, configs, loadMs, batches, medians, warmup, iters));
            } else {
                printTable(out, runtime, configs, loadMs, batches, medians, warmup, iters, skipped);
            }
        } finally {
            predictors.forEach(Predictor::close);
        }
        out.flush();
        return 0;
    }

    private static void printTable(PrintWriter out, RuntimeOptions runtime, List<Config> configs, List<Double> loadMs,
                                   List<Integer> batches, List<double[]> medians, int warmup, int iters, List<String> skipped) {
        out.printf(Locale.ROOT, "%s on %s: median ms per batch of %d alternating runs (%d warm-up), ratio to %s%n",
                runtime.model.path().getFileName(), runtime.device, iters, warmup, configs.get(0).label());
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-18s %9s", "engine precision", "load ms"));
        for (int b : batches) {
            head.append(String.format(Locale.ROOT, " | %12s %8s %6s", "batch " + b + " ms", "img/s", "ratio"));
        }
        out.println(head);
        for (int c = 0; c < configs.size(); c++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-18s %9.0f", configs.get(c).label(), loadMs.get(c)));
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

    private static String toJson(RuntimeOptions runtime, List<Config> configs, List<Double> loadMs, List<Integer> batches,
                                 List<double[]> medians, int warmup, int iters) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("model", runtime.model.path().toString());
        root.put("device", runtime.device.name());
        root.put("warmup", warmup);
        root.put("iters", iters);
        ArrayNode cs = root.putArray("configs");
        for (int c = 0; c < configs.size(); c++) {
            cs.addObject().put("engine", configs.get(c).engine().name()).put("precision", configs.get(c).precision().name())
                    .put("load_ms", loadMs.get(c));
        }
        ArrayNode bs = root.putArray("batches");
        for (int k = 0; k < batches.size(); k++) {
            ObjectNode b = bs.addObject().put("batch", batches.get(k));
            ArrayNode rs = b.putArray("results");
            for (int c = 0; c < configs.size(); c++) {
                double ms = medians.get(k)[c];
                rs.addObject().put("engine", configs.get(c).engine().name()).put("precision", configs.get(c).precision().name())
                        .put("ms_per_batch", ms).put("images_per_second", batches.get(k) * 1000.0 / ms)
                        .put("ratio", ms / medians.get(k)[0]);
            }
        }
        try {
            return m.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
