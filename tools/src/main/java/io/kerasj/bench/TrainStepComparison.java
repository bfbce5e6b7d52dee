package io.kerasj.bench;

import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.runtime.train.FineTune;
import io.kerasj.runtime.train.Trainer;
import java.util.Arrays;
import java.util.Locale;

/**
 * seed000 fine-tuning: one Adam step of kerasj's {@link Trainer} against
 * {@link HandBuiltAlexNetTraining}, alternating between the two in one process. Both start from
 * the oracle's weights and take the same steps. Prints the median ms per step and the ratio.
 * Run on both TensorFlow CPU paths:
 * {@code TF_ENABLE_ONEDNN_OPTS=0|1 java -Xmx3g -cp tools/target/kerasj.jar io.kerasj.bench.TrainStepComparison [iters] [batch]}.
 */
public final class TrainStepComparison {
    private TrainStepComparison() {
    }

    public static void main(String[] args) {
        int iters = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        KerasModel model = AlexNetBenchmark.seed000();
        FloatTensor x = FillRule.input(batch, 227, 227, 3);
        int[] y = new int[batch];
        Arrays.setAll(y, i -> i % 2);
        try (Trainer ours = FineTune.builder(model).batchSize(batch).seed(0).build();
             HandBuiltAlexNetTraining theirs = new HandBuiltAlexNetTraining(model, 0)) {
            for (int i = 0; i < 2; i++) {
                ours.step(x, y);
                theirs.step(x, y);
            }
            double[] m = AlternatingTimer.medians(() -> ours.step(x, y), () -> theirs.step(x, y), iters);
            System.out.printf(Locale.ROOT, "Adam step, batch %d, oneDNN %s: kerasj %.1f ms, hand-built %.1f ms, ratio %.3f"
                            + " (%d runs each)%n", batch, System.getenv().getOrDefault("TF_ENABLE_ONEDNN_OPTS", "default"),
                    m[0], m[1], m[0] / m[1], iters);
        }
    }
}
