package io.kerasj.bench;

import io.kerasj.KerasModels;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.batching.MicroBatchStats;
import io.kerasj.runtime.batching.MicroBatchingPredictor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Many threads each calling {@code predict} with one image (seed000 by default): one predictor
 * shared directly against the same model behind {@link MicroBatchingPredictor} (one competitor per
 * {@code maxDelay}), rounds alternating between them in this process. Prints images/s from the
 * median round, mean/p50/p99 call latency over all measured rounds, the mean batch the engine saw, and
 * each competitor's ratios to the direct predictor.
 * Run: {@code java -cp tools/target/kerasj.jar io.kerasj.bench.MicroBatchComparison
 * [runs=5] [threads=1,4,16,64] [maxBatch=32] [delays=0,2] [images=64] [model=seed000.h5]}
 * (delays in ms; a round is max(2, images/threads) calls per thread).
 */
public final class MicroBatchComparison {
    private MicroBatchComparison() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opt = options(args);
        int runs = Integer.parseInt(opt.getOrDefault("runs", "5"));
        int[] threads = ints(opt.getOrDefault("threads", "1,4,16,64"));
        int maxBatch = Integer.parseInt(opt.getOrDefault("maxBatch", "32"));
        double[] delaysMs = Arrays.stream(opt.getOrDefault("delays", "0,2").split(",")).mapToDouble(Double::parseDouble).toArray();
        int images = Integer.parseInt(opt.getOrDefault("images", "64"));
        KerasModel model = opt.containsKey("model") ? KerasModels.load(Path.of(opt.get("model"))) : AlexNetBenchmark.seed000();
        List<FloatTensor> inputs = inputs(model.inputShapes().get(0), 8);
        System.out.printf(Locale.ROOT, "%s, %d cores, TF_ENABLE_ONEDNN_OPTS=%s, load %s; maxBatch %d, %d alternating rounds%n",
                opt.getOrDefault("model", "seed000 (fill-rule weights)"), Runtime.getRuntime().availableProcessors(),
                System.getenv().getOrDefault("TF_ENABLE_ONEDNN_OPTS", "unset"), AlternatingTimer.loadAverage(), maxBatch, runs);
        List<String> names = new ArrayList<>(List.of("direct"));
        List<Predictor> predictors = new ArrayList<>(List.of(KerasRuntime.builder(model).build()));
        try {
            for (double d : delaysMs) {
                names.add("batched " + String.valueOf(d).replaceAll("\\.0$", "") + "ms");
                predictors.add(KerasRuntime.builder(model).microBatching(maxBatch, Duration.ofNanos(Math.round(d * 1e6))).build());
            }
            ceiling(predictors.get(0), inputs.get(0), maxBatch, runs);
            for (int n : threads) {
                compare(n, Math.max(2, (images + n - 1) / n), runs, names, predictors, inputs);
            }
        } finally {
            predictors.forEach(Predictor::close);
        }
        System.out.printf(Locale.ROOT, "load at the end %s%n", AlternatingTimer.loadAverage());
    }

    private static void compare(int threads, int calls, int runs, List<String> names, List<Predictor> predictors,
            List<FloatTensor> inputs) {
        int k = predictors.size();
        try (ConcurrentCallers callers = new ConcurrentCallers(threads)) {
            List<ConcurrentCallers.Latencies> latencies = new ArrayList<>();
            List<Runnable> rounds = new ArrayList<>();
            for (Predictor p : predictors) {
                ConcurrentCallers.Latencies l = new ConcurrentCallers.Latencies();
                latencies.add(l);
                rounds.add(callers.round(p, inputs, calls, l));
            }
            // warm-up: TF's first call at each new batch size builds its kernels
            for (int w = 0; w < 2; w++) {
                rounds.forEach(Runnable::run);
            }
            latencies.forEach(ConcurrentCallers.Latencies::clear);
            MicroBatchStats[] before = new MicroBatchStats[k];
            for (int c = 0; c < k; c++) {
                before[c] = stats(predictors.get(c));
            }
            double[] medianMs = AlternatingTimer.medians(rounds, runs);
            double directRate = threads * calls / (medianMs[0] / 1e3);
            double directMean = latencies.get(0).meanMs();
            double directP50 = latencies.get(0).quantileMs(0.5);
            double directP99 = latencies.get(0).quantileMs(0.99);
            for (int c = 0; c < k; c++) {
                double rate = threads * calls / (medianMs[c] / 1e3);
                double mean = latencies.get(c).meanMs();
                double p50 = latencies.get(c).quantileMs(0.5);
                double p99 = latencies.get(c).quantileMs(0.99);
                MicroBatchStats s = stats(predictors.get(c));
                String batch = s == null ? "1" : String.format(Locale.ROOT, "%.1f",
                        (double) (s.rows() - before[c].rows()) / Math.max(1, s.batches() - before[c].batches()));
                System.out.printf(Locale.ROOT, "threads %3d  %-12s %6.1f images/s  latency mean %7.1f p50 %7.1f p99 %7.1f ms"
                        + "  mean batch %4s | vs direct: images/s x%.2f, latency mean x%.2f p50 x%.2f p99 x%.2f%n",
                        threads, names.get(c), rate, mean, p50, p99, batch,
                        rate / directRate, mean / directMean, p50 / directP50, p99 / directP99);
            }
            System.out.printf(Locale.ROOT, "  (%d calls per thread per round, load %s)%n", calls, AlternatingTimer.loadAverage());
        }
    }

    /** The engine alone, one caller: per-image time at batch 1 and at maxBatch, the most batching can win. */
    private static void ceiling(Predictor p, FloatTensor one, int maxBatch, int runs) {
        List<FloatTensor> rows = new ArrayList<>();
        for (int i = 0; i < maxBatch; i++) {
            rows.add(one);
        }
        FloatTensor full = stack(rows);
        p.predict(one);
        p.predict(full);
        double[] ms = AlternatingTimer.medians(() -> p.predict(one), () -> p.predict(full), runs);
        System.out.printf(Locale.ROOT, "engine alone: batch 1 %.1f ms/image, batch %d %.1f ms/image: batching can win at most x%.2f"
                + " (load %s)%n", ms[0], maxBatch, ms[1] / maxBatch, ms[0] / (ms[1] / maxBatch), AlternatingTimer.loadAverage());
    }

    private static FloatTensor stack(List<FloatTensor> rows) {
        FloatTensor first = rows.get(0);
        float[] all = new float[first.size() * rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            rows.get(i).buffer().get(all, i * first.size(), first.size());
        }
        return FloatTensor.wrap(first.shape().withBatch(rows.size()), all);
    }

    private static MicroBatchStats stats(Predictor p) {
        return p instanceof MicroBatchingPredictor m ? m.stats() : null;
    }

    /** Distinct single-image inputs: the fill rule's input, scaled a little differently each time. */
    private static List<FloatTensor> inputs(Shape modelInput, int count) {
        FloatTensor base = FillRule.input(1, modelInput.featureDims());
        List<FloatTensor> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] v = base.toArray();
            for (int j = 0; j < v.length; j++) {
                v[j] *= 1 + 0.01f * i;
            }
            out.add(FloatTensor.wrap(base.shape(), v));
        }
        return out;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opt = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("options are key=value, got '" + a + "'");
            }
            opt.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return opt;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
