package com.example.swish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.KerasModels;
import io.kerasj.config.ModelConfigParser;
import io.kerasj.export.KerasArchiveWriter;
import io.kerasj.export.LegacyH5Writer;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.ir.SourceInfo;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.savedmodel.SavedModelExporter;
import io.kerasj.runtime.train.FineTune;
import io.kerasj.runtime.train.Optimizer;
import io.kerasj.runtime.train.Trainer;
import io.kerasj.summary.SummaryPrinter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's layer kind plugged in only through META-INF/services (both halves, package
 * com.example.swish, no product code edited): it imports, prints, runs against hand-computed
 * values, fine-tunes and exports to every format, and each export imports again.
 */
class SwishPluginTest {
    private static final String CONFIG = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"swishnet\", \"layers\": ["
            + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_input_shape\": [null, 4]}},"
            + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 3, \"activation\": \"linear\"}},"
            + "{\"class_name\": \"Swish\", \"config\": {\"name\": \"swish\", \"beta\": 1.5}},"
            + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"head\", \"units\": 2, \"activation\": \"softmax\"}}]}}";

    @TempDir
    Path dir;

    private static KerasModel model() {
        return FillRule.fill(ModelConfigParser.parse(CONFIG, null, new SourceInfo("json", "2.15.0", "tensorflow", null)));
    }

    private static FloatTensor input() {
        float[] v = new float[3 * 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(0.7 * i + 0.3) * 2;
        }
        return FloatTensor.wrap(Shape.of(3, 4), v);
    }

    /** dense → x·sigmoid(1.5x) → softmax(dense), in plain double arithmetic. */
    private static double[][] byHand(KerasModel m, FloatTensor x) {
        float[] k1 = m.layer("dense").weights().get(0).value().toArray();
        float[] b1 = m.layer("dense").weights().get(1).value().toArray();
        float[] k2 = m.layer("head").weights().get(0).value().toArray();
        float[] b2 = m.layer("head").weights().get(1).value().toArray();
        float[] in = x.toArray();
        double[][] out = new double[3][2];
        for (int n = 0; n < 3; n++) {
            double[] h = new double[3];
            for (int j = 0; j < 3; j++) {
                double z = b1[j];
                for (int i = 0; i < 4; i++) {
                    z += in[n * 4 + i] * k1[i * 3 + j];
                }
                h[j] = z / (1 + Math.exp(-1.5 * z));
            }
            double[] logits = new double[2];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < 2; j++) {
                logits[j] = b2[j];
                for (int i = 0; i < 3; i++) {
                    logits[j] += h[i] * k2[i * 2 + j];
                }
                max = Math.max(max, logits[j]);
            }
            double sum = 0;
            for (int j = 0; j < 2; j++) {
                sum += Math.exp(logits[j] - max);
            }
            for (int j = 0; j < 2; j++) {
                out[n][j] = Math.exp(logits[j] - max) / sum;
            }
        }
        return out;
    }

    private static void assertRunsAsByHand(KerasModel m) {
        FloatTensor x = input();
        double[][] expected = byHand(m, x);
        float[] got;
        try (Predictor p = KerasRuntime.builder(m).build()) {
            got = p.predict(x).toArray();
        }
        for (int n = 0; n < 3; n++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(expected[n][j], got[n * 2 + j], 1e-6, "sample " + n + " class " + j);
            }
        }
    }

    @Test
    void importsPrintsAndRunsAsComputedByHand() {
        KerasModel m = model();
        assertEquals(new SwishSpec(1.5), m.layer("swish").spec());
        String summary = SummaryPrinter.print(m, SummaryPrinter.Style.KERAS2);
        assertTrue(summary.contains("swish (Swish)"), summary);
        assertRunsAsByHand(m);
    }

    @Test
    void exportsToEveryFormatAndImportsBack() {
        KerasModel m = model();
        Path h5 = dir.resolve("swish.h5");
        LegacyH5Writer.forModel(m).writeModel(m, h5);
        Path keras = dir.resolve("swish.keras");
        new KerasArchiveWriter().write(m, keras);
        Path saved = dir.resolve("swish_savedmodel");
        SavedModelExporter.export(m, saved);
        for (Path p : new Path[] {h5, keras, saved}) {
            KerasModel back = KerasModels.load(p);
            assertEquals(new SwishSpec(1.5), back.layer("swish").spec(), p.toString());
            assertRunsAsByHand(back);
        }
    }

    @Test
    void fineTunesThroughThePluggedInLayer() {
        KerasModel m = model();
        FloatTensor x = input();
        int[] labels = {0, 1, 1};
        double first;
        double last;
        try (Trainer t = FineTune.builder(m).optimizer(Optimizer.sgd().withLearningRate(0.5)).batchSize(3).seed(3).build()) {
            first = t.step(x, labels).loss();
            double l = first;
            for (int i = 0; i < 20; i++) {
                l = t.step(x, labels).loss();
            }
            last = l;
            KerasModel tuned = t.model();
            assertRunsAsByHand(tuned);
            // the layer below Swish learned too: gradients flow through the plugged-in lowering
            float[] before = m.layer("dense").weights().get(0).value().toArray();
            float[] after = tuned.layer("dense").weights().get(0).value().toArray();
            double moved = 0;
            for (int i = 0; i < before.length; i++) {
                moved += Math.abs(after[i] - before[i]);
            }
            assertTrue(moved > 1e-3, "dense kernel moved " + moved);
        }
        assertTrue(last < first - 0.05, "loss " + first + " -> " + last);
    }
}
