package io.kerasj.bench;

import io.kerasj.demo.DemoData;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.graph.KernelSupport;
import io.kerasj.runtime.graph.LoweringOptions.GroupedConv;
import java.util.Arrays;
import java.util.Locale;

/**
 * seed002's two-tower AlexNet (three Conv2D layers with groups=2) with grouped convolutions
 * lowered natively (TF's Conv2D infers the groups) and as one convolution per group + concat,
 * alternating runs as in {@link HandBuiltComparison}; also checks both give the same outputs.
 * Run it once with {@code TF_ENABLE_ONEDNN_OPTS=1} and once with {@code =0} to see both CPU
 * kernel paths; where the native kernel cannot run, it says so and times nothing.
 * Run: {@code java -cp tools/target/kerasj.jar io.kerasj.bench.GroupedConvComparison [iters] [batch...]}.
 */
public final class GroupedConvComparison {
    private GroupedConvComparison() {
    }

    public static void main(String[] args) {
        int iters = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int[] batches = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 32};
        String seed = "seed002_alexnet_grouped_lrn";
        KerasModel model = FillRule.fill(DemoData.seedModel(seed));
        KernelSupport k = KernelSupport.probe();
        System.out.printf(Locale.ROOT, "CPU kernel path: %s (grouped conv fused: %s, gradients: %s); AUTO takes %s%n",
                k.cpuPath(), k.fusedGroupedConv(), k.groupedConvGradient(), k.fusedGroupedConv() ? "native" : "split");
        Predictor nat;
        try {
            nat = KerasRuntime.builder(model).groupedConv(GroupedConv.NATIVE).build();
        } catch (KerasImportException e) {
            System.out.println("native grouped kernel cannot run here: " + e.getMessage());
            return;
        }
        try (nat; Predictor split = KerasRuntime.builder(model).groupedConv(GroupedConv.SPLIT).build()) {
            for (int batch : batches) {
                FloatTensor x = FillRule.input(batch, 227, 227, 3);
                FloatTensor a0 = nat.predict(x);
                FloatTensor b0 = split.predict(x);
                double maxDiff = 0;
                for (int i = 0; i < a0.size(); i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(a0.get(i) - b0.get(i)));
                }
                double[] m = AlternatingTimer.medians(() -> nat.predict(x), () -> split.predict(x), iters);
                double ma = m[0];
                double mb = m[1];
                System.out.printf(Locale.ROOT, "batch %d: native %.2f ms, split %.2f ms, native/split %.3f,"
                        + " max |output difference| %.2g (%d runs each)%n", batch, ma, mb, ma / mb, maxDiff, iters);
            }
        }
    }
}
