package io.kerasj.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.bench.SgemmBound;
import io.kerasj.cli.BenchComparison.Compare;
import io.kerasj.cli.BenchComparison.Config;
import java.util.List;
import java.util.Locale;

/**
 * The {@code kerasj bench --compare} table and its JSON form. Per row and batch size: ms per
 * batch, images/s, throughput relative to the hand-built graph (when there is one; it is row 0),
 * GFLOP/s and its fraction of the sgemm bound timed in the same alternating rounds.
 *
 * @param medians per batch size: each row's median ms, then the sgemm product's
 */
record CompareReport(RuntimeOptions runtime, Compare compare, List<String> labels, List<Config> configs, List<Double> readyMs,
                     List<Integer> batches, List<double[]> medians, double sgemmGflop, int warmup, int iters,
                     List<String> skipped) {

    private double ms(int batch, int row) {
        return medians.get(batch)[row];
    }

    private double imagesPerSecond(int batch, int row) {
        return batches.get(batch) * 1000.0 / ms(batch, row);
    }

    /** Throughput over the hand-built graph's, or NaN without one. */
    private double speedUp(int batch, int row) {
        return compare.hasHandBuilt() ? ms(batch, 0) / ms(batch, row) : Double.NaN;
    }

    /** NaN when the FLOPs are unknown (an .onnx file). */
    private double gflops(int batch, int row) {
        return compare.flops() == null ? Double.NaN : imagesPerSecond(batch, row) * compare.flops().gflopPerImage();
    }

    private double sgemmGflops(int batch) {
        return sgemmGflop / (ms(batch, labels.size()) / 1000.0);
    }

    String toText() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s on %s, TF CPU kernel path %s", runtime.model.path().getFileName(),
                runtime.device, compare.kernelPath()));
        if (compare.flops() != null) {
            s.append(String.format(Locale.ROOT, ", %.4g GFLOP per image (Conv2D and Dense multiply-adds x2%s)",
                    compare.flops().gflopPerImage(), compare.flops().uncounted().isEmpty() ? ""
                            : "; not counted: " + String.join(", ", compare.flops().uncounted())));
        }
        s.append(String.format(Locale.ROOT, "%none alternating run per batch size, median of %d runs each after %d warm-up;"
                + " sgemm = TF MatMul %d² fp32, timed in the same rounds%n", iters, warmup, SgemmBound.DEFAULT_SIZE));
        s.append(String.format(Locale.ROOT, "ready = from the file to a ready predictor (import, compile, weights), TF and"
                + " ONNX Runtime already started; the first import in this JVM took %.0f ms%n", compare.firstImportMs()));
        s.append("ONNX Runtime sessions: ").append(BenchComparison.ortSettings()).append(System.lineSeparator());
        StringBuilder head1 = new StringBuilder(String.format(Locale.ROOT, "%-24s %8s", "", "ready"));
        StringBuilder head2 = new StringBuilder(String.format(Locale.ROOT, "%-24s %8s", "", "ms"));
        for (int k = 0; k < batches.size(); k++) {
            head1.append(String.format(Locale.ROOT, " | %-45s", "batch " + batches.get(k) + " (sgemm "
                    + String.format(Locale.ROOT, "%.1f", sgemmGflops(k)) + " GFLOP/s)"));
            head2.append(String.format(Locale.ROOT, " | %9s %8s %7s %8s %9s", "ms", "img/s", "x hand", "GFLOP/s", "% sgemm"));
        }
        s.append(head1.toString().stripTrailing()).append(System.lineSeparator()).append(head2).append(System.lineSeparator());
        for (int r = 0; r < labels.size(); r++) {
            s.append(String.format(Locale.ROOT, "%-24s %8.0f", labels.get(r), readyMs.get(r)));
            for (int k = 0; k < batches.size(); k++) {
                s.append(String.format(Locale.ROOT, " | %9.2f %8.1f %7s %8s %9s", ms(k, r), imagesPerSecond(k, r),
                        orDash("%.3f", speedUp(k, r)), orDash("%.1f", gflops(k, r)),
                        orDash("%.1f", 100 * gflops(k, r) / sgemmGflops(k))));
            }
            s.append(System.lineSeparator());
        }
        s.append(compare.hasHandBuilt() ? "x hand = images/s over the hand-built TF Java graph's (straight tf.nn ops,"
                + " default session)" : "no hand-built TF Java baseline: " + String.join("; ", compare.handBuiltProblems()));
        s.append(System.lineSeparator());
        if (configs.stream().anyMatch(c -> c.precision() != io.kerasj.runtime.Precision.FP32)) {
            s.append("% sgemm of int8/fp16 rows counts their work as fp32 FLOPs against the fp32 bound").append(System.lineSeparator());
        }
        for (String k : skipped) {
            s.append("skipped: ").append(k).append(System.lineSeparator());
        }
        return s.toString().stripTrailing();
    }

    private static String orDash(String format, double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
    }

    String toJson() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("model", runtime.model.path().toString());
        root.put("device", runtime.device.name());
        root.put("tf_cpu_kernel_path", compare.kernelPath());
        if (compare.flops() != null) {
            root.put("gflop_per_image", compare.flops().gflopPerImage());
            compare.flops().uncounted().forEach(root.putArray("flops_not_counted")::add);
        }
        root.put("first_import_ms", compare.firstImportMs());
        root.put("onnxruntime_session_config", BenchComparison.ortSettings());
        root.put("warmup", warmup);
        root.put("iters", iters);
        root.put("sgemm_size", SgemmBound.DEFAULT_SIZE);
        ObjectNode hand = root.putObject("hand_built");
        hand.put("available", compare.hasHandBuilt());
        compare.handBuiltProblems().forEach(hand.putArray("problems")::add);
        ArrayNode rows = root.putArray("rows");
        for (int r = 0; r < labels.size(); r++) {
            rows.addObject().put("name", labels.get(r)).put("engine", configs.get(r).engine().name())
                    .put("precision", configs.get(r).precision().name()).put("ready_ms", readyMs.get(r));
        }
        ArrayNode bs = root.putArray("batches");
        for (int k = 0; k < batches.size(); k++) {
            ObjectNode b = bs.addObject().put("batch", batches.get(k)).put("sgemm_gflops", sgemmGflops(k));
            ArrayNode rs = b.putArray("results");
            for (int r = 0; r < labels.size(); r++) {
                ObjectNode o = rs.addObject().put("name", labels.get(r)).put("ms_per_batch", ms(k, r))
                        .put("images_per_second", imagesPerSecond(k, r));
                putNumber(o, "throughput_vs_hand_built", speedUp(k, r));
                putNumber(o, "gflops", gflops(k, r));
                putNumber(o, "fraction_of_sgemm", gflops(k, r) / sgemmGflops(k));
            }
        }
        skipped.forEach(root.putArray("skipped")::add);
        return BenchComparison.write(m, root);
    }

    /** JSON has no NaN: an unknown figure is null. */
    private static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }
}
