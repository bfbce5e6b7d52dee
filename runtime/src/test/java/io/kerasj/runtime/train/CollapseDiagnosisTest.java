package io.kerasj.runtime.train;

import static io.kerasj.runtime.train.TrainModels.layer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerasj.config.ModelConfigParser;
import io.kerasj.fill.FillRule;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.ir.SourceInfo;
import io.kerasj.runtime.data.ByteImageDataset;
import io.kerasj.runtime.data.FloatDataset;
import io.kerasj.runtime.data.IdxDatasets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Collapsed runs are recognised and explained with measured causes. */
class CollapseDiagnosisTest {

    private static CollapseDiagnosis.LayerStat stat(CollapseDiagnosis d, String layer) {
        return d.layers().stream().filter(s -> s.layer().equals(layer)).findFirst().orElseThrow();
    }

    @Test
    void seed003WithAnAbsurdLearningRateCollapsesWithDeadReluAndVanishingGradients() throws Exception {
        Path config = Fixtures.oracle("seed003_mnist_lrn", "keras2_config.json");
        KerasModel model = FillRule.fill(ModelConfigParser.parse(Fixtures.oracleText("seed003_mnist_lrn",
                "keras2_config.json"), config, new SourceInfo("json", "2.4.0", "tensorflow", config)));
        ByteImageDataset train = IdxDatasets.load(Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"),
                null, Shape.of(32, 32, 1), 1f / 255, 640);
        List<CollapseDiagnosis> told = new ArrayList<>();
        try (Trainer t = FineTune.builder(model).optimizer(Optimizer.adam().withLearningRate(0.05)).batchSize(64)
                .epochs(6).seed(1).listener(new TrainingListener() {
                    @Override
                    public void onCollapse(CollapseDiagnosis d) {
                        told.add(d);
                    }
                }).build()) {
            History h = t.fit(train, null);
            assertEquals(History.StopReason.COLLAPSE, h.stopReason());
            assertTrue(h.epochs().size() < 6, "stopped early, after " + h.epochs().size() + " epochs");
            CollapseDiagnosis d = h.collapse().orElseThrow();
            assertEquals(List.of(d), told);
            System.out.println(d.report());
            assertEquals(Math.log(10), d.lnK(), 1e-12);
            assertEquals(d.lnK(), d.loss(), 0.01 * d.lnK());
            assertTrue(d.accuracy() <= d.chance() + 0.02);
            // two consecutive epochs at ln(K)
            EpochResult prev = h.epochs().get(h.epochs().size() - 2);
            assertEquals(d.lnK(), prev.loss(), 0.01 * d.lnK());
            assertTrue(stat(d, "conv2d").deadFraction() >= 0.9, "conv2d dead " + stat(d, "conv2d").deadFraction());
            assertEquals(32, stat(d, "conv2d").units());
            assertTrue(stat(d, "conv2d").gradientNorm() < CollapseDiagnosis.VANISHING_GRADIENT);
            assertTrue(stat(d, "dense_2").gradientNorm() > 1e-3, "the head still gets gradient");
            assertTrue(d.outputSpread() < CollapseDiagnosis.CONSTANT_OUTPUT_SPREAD);
            List<String> causes = d.causes();
            assertTrue(causes.get(0).startsWith("dead ReLU units (never active on 256 probe samples): conv2d 100% of 32"),
                    causes.get(0));
            assertTrue(causes.stream().anyMatch(c -> c.startsWith("vanishing gradients") && c.contains("conv2d")), causes.toString());
            assertTrue(causes.stream().anyMatch(c -> c.startsWith("the output ignores the input")), causes.toString());
            JsonNode json = new ObjectMapper().readTree(h.toJson());
            assertEquals("collapse", json.get("stop_reason").asText());
            assertEquals(32, json.get("diagnosis").get("layers").get(0).get("units").asInt());
            assertTrue(json.get("diagnosis").get("causes").size() >= 3);
        }
    }

    @Test
    void constantInputsCollapseToLnKAndWarnModeKeepsTraining() {
        KerasModel m = TrainModels.sequential(new int[] {6},
                layer("Dense", "hidden", "\"units\": 8, \"activation\": \"relu\""),
                layer("Dense", "out", "\"units\": 4, \"activation\": \"softmax\""));
        int n = 64;
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 4;
        }
        // every sample is the same: nothing but the class prior (uniform here) can be learnt
        FloatDataset constant = new FloatDataset(new float[n * 6], Shape.of(6), y, 4, "zeros");
        try (Trainer t = FineTune.builder(m).optimizer(Optimizer.adam().withLearningRate(0.05)).batchSize(16).epochs(6)
                .onCollapse(FineTune.OnCollapse.WARN).build()) {
            History h = t.fit(constant, null);
            assertEquals(History.StopReason.COMPLETED, h.stopReason());
            assertEquals(6, h.epochs().size());
            CollapseDiagnosis d = h.collapse().orElseThrow();
            assertEquals(Math.log(4), d.loss(), 0.01 * Math.log(4));
            assertEquals(0.25, d.chance(), 1e-12);
            assertEquals(0.0, d.outputSpread(), 1e-9);
            assertTrue(d.causes().stream().anyMatch(c -> c.startsWith("the output ignores the input")), d.causes().toString());
        }
    }

    @Test
    void divergedWeightsAreReported() {
        KerasModel m = TrainModels.sequential(new int[] {6},
                layer("Dense", "hidden", "\"units\": 8, \"activation\": \"relu\""),
                layer("Dense", "out", "\"units\": 3, \"activation\": \"softmax\""));
        FloatDataset data = TrainModels.argmaxData(64, 3, 5, 6);
        try (Trainer t = FineTune.builder(m).optimizer(new Optimizer.Sgd(1e30, 0, false)).batchSize(16).epochs(3).build()) {
            History h = t.fit(data, null);
            assertEquals(History.StopReason.COLLAPSE, h.stopReason());
            assertEquals(1, h.epochs().size());
            CollapseDiagnosis d = h.collapse().orElseThrow();
            assertTrue(Double.isNaN(d.loss()));
            assertTrue(d.report().startsWith("Training diverged at epoch 1: the loss is NaN"), d.report());
            assertEquals(1.0, stat(d, "hidden").nonFiniteFraction());
            assertTrue(d.causes().stream().anyMatch(c -> c.startsWith("non-finite")), d.causes().toString());
        }
    }

    @Test
    void detectorNeedsConsecutiveEpochsAtLnKAndChance() {
        CollapseDetector c = new CollapseDetector(2, 0.5, 2);
        double ln2 = Math.log(2);
        assertFalse(c.record(ln2, 0.5));
        assertFalse(c.record(0.5, 0.5), "a lower loss breaks the streak");
        assertFalse(c.record(ln2 * 1.009, 0.51));
        assertTrue(c.record(ln2 * 0.995, 0.49));
        assertFalse(new CollapseDetector(2, 0.5, 2).looksCollapsed(ln2 * 1.02, 0.5), "2% off ln(K)");
        assertFalse(new CollapseDetector(2, 0.5, 2).looksCollapsed(ln2, 0.6), "accuracy above chance");
        assertEquals(0.75, Trainer.chance(new FloatDataset(new float[4], Shape.of(1), new int[] {1, 1, 0, 1}, 2, "t"), 2));
    }
}
