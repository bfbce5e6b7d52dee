package io.kerasj.bench;

import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import java.util.Arrays;
import java.util.Locale;

/**
 * seed000: the runtime against {@link HandBuiltGraph}, runs alternating between the two so that
 * both see the same machine load (a shared 2-core box drifts more than the difference measured).
 * Prints the median ms per batch of each and their ratio.
 * Run: {@code java -cp tools/target/kerasj.jar io.kerasj.bench.HandBuiltComparison [iters] [batch...]}.
 */
public final class HandBuiltComparison {
    private HandBuiltComparison() {
    }

    public static void main(String[] args) {
        int iters = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int[] batches = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 32};
        KerasModel model = AlexNetBenchmark.seed000();
        try (Predictor ours = KerasRuntime.builder(model).build(); HandBuiltGraph theirs = new HandBuiltGraph(model)) {
            for (int batch : batches) {
                FloatTensor x = FillRule.input(batch, 227, 227, 3);
                for (int i = 0; i < 3; i++) {
                    ours.predict(x);
                    theirs.predict(x);
                }
                double[] m = AlternatingTimer.medians(() -> ours.predict(x), () -> theirs.predict(x), iters);
                double ma = m[0];
                double mb = m[1];
                System.out.printf(Locale.ROOT, "batch %d: kerasj %.2f ms, hand-built %.2f ms, ratio %.3f (%d runs each)%n",
                        batch, ma, mb, ma / mb, iters);
            }
        }
    }
}
