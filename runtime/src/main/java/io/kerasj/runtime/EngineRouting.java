package io.kerasj.runtime;

import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@link Engine#AUTO}: builds the TensorFlow and ONNX Runtime predictors, times both on the
 * model at a small and a large batch, and keeps, per batch size, the faster one (ONNX Runtime
 * only when at least 5% faster).
 *
 * <p>Why a measurement and not a rule: which engine wins depends on the CPU and TF's kernel path.
 * seed000 (AlexNet), fp32, ms per batch, TF / ORT: this AVX-512+AMX Xeon with oneDNN (quiet)
 * batch 1 20.9 / 16.3, batch 32 226 / 243 (ORT wins small batches, TF large ones); the issue's
 * 2-core AVX2 EPYC (oneDNN off) ORT took ~1.3x TF's time at batch 1 but 0.6-0.9x at batch 32 (the
 * opposite); with oneDNN off on the Xeon, ORT ran batch 32 in ~0.75x TF's time (loaded machine).
 *
 * <p>Cost: the measurement runs each engine {@value #ROUNDS} times per size after a warm-up
 * (about 2 s for seed000 on 2 cores), and while the winners differ both engines hold the weights
 * (seed000: +233 MB native memory). When one engine wins both sizes the other is closed at once.
 */
final class EngineRouting {
    static final int SMALL = 1;
    static final int LARGE = 32;
    static final int ROUNDS = 3;
    /** ORT must take under this fraction of TF's time to be chosen. */
    static final double MARGIN = 0.95;

    private EngineRouting() {
    }

    /**
     * The routed predictor for fp32 {@code AUTO}.
     *
     * @param tensorFlow builds the TensorFlow predictor
     * @param onnx builds the ONNX Runtime predictor (told it shares the CPU), null when not on the class path
     */
    static Predictor build(Supplier<Predictor> tensorFlow, Supplier<Predictor> onnx) {
        if (onnx == null) {
            return tensorFlow.get();
        }
        Predictor tf = tensorFlow.get();
        Predictor ort;
        try {
            ort = onnx.get();
        } catch (RuntimeException e) {
            tf.close();
            throw e;
        }
        try {
            return route(tf, ort);
        } catch (RuntimeException e) {
            tf.close();
            ort.close();
            throw e;
        }
    }

    private static Predictor route(Predictor tf, Predictor ort) {
        List<Shape> shapes = tf.inputShapes();
        for (Shape s : shapes) {
            if (Arrays.stream(s.featureDims()).anyMatch(d -> d <= 0)) {
                // free feature dimensions (sequences): no one input stands for the model's calls
                ort.close();
                return tf;
            }
        }
        double[] small = fastest(tf, ort, inputs(shapes, SMALL));
        double[] large = fastest(tf, ort, inputs(shapes, LARGE));
        Predictor forSmall = onnxWins(small) ? ort : tf;
        Predictor forLarge = onnxWins(large) ? ort : tf;
        String measured = String.format(Locale.ROOT, "fastest of " + ROUNDS + ": batch %d: TF %.2f ms, ORT %.2f ms; batch %d: TF %.2f ms,"
                + " ORT %.2f ms", SMALL, small[0], small[1], LARGE, large[0], large[1]);
        if (forSmall == forLarge) {
            (forSmall == tf ? ort : tf).close();
            return new RoutedPredictor(forSmall, forSmall, crossover(), measured);
        }
        return new RoutedPredictor(forSmall, forLarge, crossover(), measured);
    }

    /** Batches below this go to the small-batch winner: the geometric middle of the two sizes measured. */
    static int crossover() {
        return (int) Math.ceil(Math.sqrt((double) SMALL * LARGE));
    }

    private static List<FloatTensor> inputs(List<Shape> shapes, int batch) {
        List<FloatTensor> in = new ArrayList<>(shapes.size());
        for (Shape s : shapes) {
            in.add(FillRule.input(batch, s.featureDims()));
        }
        return in;
    }

    /**
     * ONNX Runtime only when clearly faster: TF is the engine parity is proven on and a tie should
     * not cost a second copy of the weights.
     */
    static boolean onnxWins(double[] tfOrtMs) {
        return tfOrtMs[1] < MARGIN * tfOrtMs[0];
    }

    /**
     * Fastest ms of {tf, ort} over alternating rounds (each leads every other round), after one
     * warm-up each. The minimum, not the median: other processes only ever add time, and on a busy
     * machine (load 17 on 2 cores) medians of the same engine differed by 1.6x between runs.
     */
    private static double[] fastest(Predictor tf, Predictor ort, List<FloatTensor> in) {
        Predictor[] p = {tf, ort};
        double[][] t = new double[2][ROUNDS];
        for (Predictor q : p) {
            q.predict(in);
        }
        for (int r = 0; r < ROUNDS; r++) {
            for (int k = 0; k < 2; k++) {
                int c = (r + k) % 2;
                long start = System.nanoTime();
                p[c].predict(in);
                t[c][r] = (System.nanoTime() - start) / 1e6;
            }
        }
        return new double[] {Arrays.stream(t[0]).min().orElseThrow(), Arrays.stream(t[1]).min().orElseThrow()};
    }
}
