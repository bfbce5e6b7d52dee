package io.kerasj.cli;

import io.kerasj.KerasModels;
import io.kerasj.demo.DemoData;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.layers.LambdaSpec;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.graph.KernelSupport;
import io.kerasj.runtime.parity.Npy;
import io.kerasj.runtime.parity.OracleReference;
import io.kerasj.runtime.parity.ParityChecker;
import io.kerasj.runtime.parity.ParityReport;
import io.kerasj.runtime.parity.Tolerance;
import io.kerasj.summary.SummaryParser;
import io.kerasj.summary.SummaryPrinter;
import io.kerasj.summary.SummaryValidator;
import io.kerasj.summary.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kerasj demo}: the whole job on bundled models. A seed architecture (default seed003, the
 * MNIST AlexNet with Lambda-wrapped LRN) is written as a Keras {@code .h5} from its config and the
 * oracle fill rule, imported back from disk, summarised, run, and verified layer by layer against
 * TensorFlow.js' activations; the two-tower grouped-convolution AlexNet (seed002) is verified the
 * same way on whichever CPU kernel path TensorFlow runs; then a real Keras 2.1.3 file is checked
 * against Keras' own predictions. Exit 0 when all agree.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run import → summary → predict → verify on the bundled default models.")
public final class DemoCommand implements Callable<Integer> {
    private static final String DEFAULT_SEED = "seed003_mnist_lrn";
    private static final String SUMMARY_SEED = "seed000_alexnet_functional";
    private static final String SUMMARY_TEXT = "000_9ff98f826cd16be1.txt";
    private static final String GROUPED_SEED = "seed002_alexnet_grouped_lrn";

    @Option(names = "--seed", defaultValue = "seed003_mnist_lrn",
            description = "Oracle seed model to run (default ${DEFAULT-VALUE}); one of: seed000_alexnet_functional,"
                    + " seed001_alexnet_bn_147, seed001_alexnet_bn_227, seed002_alexnet_grouped_lrn, seed003_mnist_lrn,"
                    + " seed004_alexnet_bn_1000")
    String seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for the generated .h5 (default: a temporary one)")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        if (!DemoData.SEEDS.contains(seed)) {
            throw new IllegalArgumentException("--seed " + seed + ": not a bundled seed; one of " + String.join(", ",
                    DemoData.SEEDS));
        }
        Path dir = out != null ? Files.createDirectories(out) : Files.createTempDirectory("kerasj-demo");
        try {
            return run(w, dir);
        } finally {
            if (out == null) {
                // the generated files are deleted as soon as they are imported; the directory goes too
                try (var left = Files.walk(dir)) {
                    for (Path p : (Iterable<Path>) left.sorted(java.util.Comparator.reverseOrder())::iterator) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    private int run(PrintWriter w, Path dir) throws Exception {

        w.printf("== 1. write %s as a Keras .h5 (config + oracle fill rule)%n", seed);
        Path h5 = dir.resolve(seed + ".h5");
        KerasModels.save(FillRule.fill(DemoData.seedModel(seed)), h5);
        w.printf("   %s (%,d bytes)%n", h5, Files.size(h5));

        w.println("== 2. import it back and print its summary");
        long t0 = System.nanoTime();
        KerasModel model = KerasModels.load(h5);
        w.printf(Locale.ROOT, "   imported in %.0f ms%n", (System.nanoTime() - t0) / 1e6);
        w.print(SummaryPrinter.print(model, SummaryPrinter.Style.KERAS2));
        model.layers().stream().filter(l -> l.spec() instanceof LambdaSpec)
                .forEach(l -> w.printf("   %s: %s%n", l.name(), LayerJsonExtras.typeLabel(l)));

        boolean ok;
        try (Predictor p = KerasRuntime.builder(model).build()) {
            FloatTensor x = FillRule.input(model);
            w.println("== 3. predict on the oracle's two input images");
            FloatTensor y = p.predict(x);
            printTopClasses(w, y);

            w.println("== 4. verify every layer against TensorFlow.js (expected.json)");
            ParityReport report = ParityChecker.defaults().check(p,
                    OracleReference.read(DemoData.copyTo(DemoData.seedFile(seed, "expected.json"), dir), x));
            w.print(report.toText());
            ok = report.passed();
        }
        if (out == null) {
            Files.deleteIfExists(h5);
        }

        if (!seed.equals(GROUPED_SEED)) {
            KernelSupport k = KernelSupport.probe();
            w.printf("== 5. grouped convolutions: %s written, imported and verified against TensorFlow.js%n", GROUPED_SEED);
            w.printf("   CPU kernel path %s: grouped Conv2D runs %s%n", k.cpuPath(),
                    k.fusedGroupedConv() ? "on TensorFlow's grouped kernel" : "as one convolution per group");
            Path grouped = dir.resolve(GROUPED_SEED + ".h5");
            KerasModels.save(FillRule.fill(DemoData.seedModel(GROUPED_SEED)), grouped);
            KerasModel g = KerasModels.load(grouped);
            if (out == null) {
                Files.deleteIfExists(grouped);
            }
            try (Predictor p = KerasRuntime.builder(g).build()) {
                ParityReport report = ParityChecker.defaults().check(p,
                        OracleReference.read(DemoData.copyTo(DemoData.seedFile(GROUPED_SEED, "expected.json"), dir),
                                FillRule.input(g)));
                w.printf(Locale.ROOT, "   %d layers checked, max |error| %.2g: %s%n", report.checks().size(),
                        report.checks().stream().mapToDouble(c -> c.maxAbsError()).filter(Double::isFinite).max().orElse(Double.NaN), report.passed() ? "agree" : "DIFFER");
                ok &= report.passed();
            }
        }

        w.println("== 6. check the model.summary() printed in the seed 000 tutorial against the AlexNet its code builds");
        ValidationReport summaryCheck = SummaryValidator.validateBest(DemoData.seedModel(SUMMARY_SEED),
                SummaryParser.parse(DemoData.copyTo(DemoData.SEED_SUMMARY_TEXTS + SUMMARY_TEXT, dir)));
        w.printf("   %s: %d rows and %d totals compared%n", summaryCheck.passed() ? "MATCH" : "DIFFERENT",
                summaryCheck.rows().size(), summaryCheck.totals().size());
        ok &= summaryCheck.passed();

        if (seed.equals(DEFAULT_SEED)) {
            w.printf("== 7. train %s on real images: Fashion-MNIST, from the oracle's initial weights%n", seed);
            ok &= DemoFineTune.run(w, model, dir);
        }

        w.println("== 8. a real Keras 2.1.3 file against Keras' own predictions (cnn_batch_norm.h5, 1e-6)");
        KerasModel real = KerasModels.load(DemoData.copyTo(DemoData.KERAS_BN_CNN, dir));
        try (Predictor p = KerasRuntime.builder(real).build()) {
            FloatTensor y = p.predict(Npy.read(DemoData.copyTo(DemoData.KERAS_BN_CNN_INPUT, dir)));
            FloatTensor expected = Npy.read(DemoData.copyTo(DemoData.KERAS_BN_CNN_PREDICTIONS, dir));
            Tolerance tol = new Tolerance(1e-6, 0);
            boolean agree = y.size() == expected.size();
            double worst = 0;
            for (int i = 0; agree && i < y.size(); i++) {
                worst = Math.max(worst, Math.abs(y.get(i) - expected.get(i)));
                agree = tol.accepts(y.get(i), expected.get(i));
            }
            w.printf(Locale.ROOT, "   %d predictions, max |kerasj - Keras| = %.3g: %s%n", y.size(), worst, agree ? "agree" : "DIFFER");
            ok &= agree;
        }
        w.println(ok ? "demo: PASS" : "demo: FAIL");
        w.flush();
        return ok ? 0 : VerifyCommand.EXIT_MISMATCH;
    }

    private static void printTopClasses(PrintWriter w, FloatTensor probs) {
        int batch = probs.shape().dim(0);
        int classes = probs.size() / batch;
        for (int b = 0; b < batch; b++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (probs.get(b * classes + c) > probs.get(b * classes + best)) {
                    best = c;
                }
            }
            w.printf(Locale.ROOT, "   image %d: class %d (p = %.4f)%n", b, best, probs.get(b * classes + best));
        }
    }
}
