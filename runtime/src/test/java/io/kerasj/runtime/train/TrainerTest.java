package io.kerasj.runtime.train;

import static io.kerasj.runtime.train.TrainModels.layer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerasj.KerasModels;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.ir.Weight;
import io.kerasj.layers.DenseSpec;
import io.kerasj.runtime.data.Dataset;
import io.kerasj.runtime.data.FloatDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    Path dir;

    static KerasModel mlp() {
        return TrainModels.sequential(new int[] {6},
                layer("Dense", "hidden", "\"units\": 16, \"activation\": \"relu\""),
                layer("Dropout", "drop", "\"rate\": 0.1"),
                layer("Dense", "out", "\"units\": 5, \"activation\": \"softmax\""));
    }

    @Test
    void replacingTheHeadEditsConfigShapesAndWeights() {
        KerasModel m = mlp();
        KerasModel h = ModelSurgery.replaceHead(m, 3, 42);
        assertEquals(Shape.of(-1, 3), h.outputShapes().get(0));
        DenseSpec spec = (DenseSpec) h.layer("out").spec();
        assertEquals(3, spec.units());
        assertEquals("softmax", spec.activation());
        JsonNode outCfg = null;
        for (JsonNode l : h.modelConfig().get("config").get("layers")) {
            if (l.get("config").get("name").asText().equals("out")) {
                outCfg = l.get("config");
            }
        }
        assertEquals(3, outCfg.get("units").asInt());
        float[] k = h.layer("out").weight("kernel").value().toArray();
        double limit = Math.sqrt(6.0 / (16 + 3));
        double sum = 0;
        for (float v : k) {
            assertTrue(Math.abs(v) <= limit, "glorot_uniform limit");
            sum += v;
        }
        assertEquals(48, k.length);
        assertTrue(Math.abs(sum / k.length) < limit / 3, "centred");
        assertArrayEquals(new float[3], h.layer("out").weight("bias").value().toArray());
        assertArrayEquals(m.layer("hidden").weight("kernel").value().toArray(), h.layer("hidden").weight("kernel").value().toArray());
        assertArrayEquals(k, ModelSurgery.replaceHead(m, 3, 42).layer("out").weight("kernel").value().toArray(), "seeded");
        // a linear Dense followed by a Softmax layer keeps its activation
        KerasModel withSoftmax = TrainModels.sequential(new int[] {4}, layer("Dense", "d", "\"units\": 2"),
                layer("Softmax", "sm", ""));
        assertEquals("linear", ((DenseSpec) ModelSurgery.replaceHead(withSoftmax, 7, 1).layer("d").spec()).activation());
        KerasModel noHead = TrainModels.sequential(new int[] {4}, layer("Activation", "a", "\"activation\": \"relu\""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSurgery.replaceHead(noHead, 2, 1));
        assertTrue(e.getMessage().contains("cannot find the classification head"), e.getMessage());
    }

    @Test
    void freezingKeepsWeightsAndMarksTheConfig() {
        KerasModel m = mlp();
        KerasModel f = ModelSurgery.freezeUntil(m, "drop");
        assertFalse(f.layer("hidden").trainable());
        assertTrue(f.layer("out").trainable());
        assertEquals(85, f.trainableParams());
        Dataset data = TrainModels.argmaxData(64, 5, 1, 6);
        try (Trainer t = FineTune.builder(m).freeze("hidden").optimizer(Optimizer.sgd().withLearningRate(0.5)).epochs(2).build()) {
            assertEquals(List.of("out/kernel", "out/bias"), t.trainedWeights());
            t.fit(data, null);
            KerasModel trained = t.model();
            assertArrayEquals(m.layer("hidden").weight("kernel").value().toArray(),
                    trained.layer("hidden").weight("kernel").value().toArray());
            assertFalse(java.util.Arrays.equals(m.layer("out").weight("kernel").value().toArray(),
                    trained.layer("out").weight("kernel").value().toArray()));
            boolean frozenInConfig = false;
            for (JsonNode l : trained.modelConfig().get("config").get("layers")) {
                if (l.get("config").get("name").asText().equals("hidden")) {
                    frozenInConfig = !l.get("config").get("trainable").asBoolean();
                }
            }
            assertTrue(frozenInConfig);
        }
        assertThrows(IllegalArgumentException.class, () -> ModelSurgery.freeze(m, List.of("nope")));
    }

    @Test
    void fitLearnsValidatesCheckpointsAndWritesHistory() throws Exception {
        KerasModel m = mlp();
        FloatDataset data = TrainModels.argmaxData(600, 3, 7, 6);
        List<String> events = new ArrayList<>();
        try (Trainer t = FineTune.builder(m).replaceHead(3).optimizer(Optimizer.adam().withLearningRate(0.01))
                .batchSize(50).epochs(4).seed(9).validationSplit(0.2).checkpointDir(dir.resolve("ckpt"))
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochStart(int epoch, int epochs, int batches) {
                        events.add("start " + epoch + "/" + epochs + " " + batches);
                    }

                    @Override
                    public void onCheckpoint(Path file) {
                        events.add("ckpt " + file.getFileName());
                    }
                }).build()) {
            History h = t.fit(data, null);
            assertEquals(4, h.epochs().size());
            // 600 samples, 20% held out: 480 train = 10 batches of 50
            assertEquals("start 1/4 10", events.get(0));
            assertTrue(events.contains("ckpt epoch_004.h5"), events.toString());
            EpochResult last = h.last();
            assertTrue(last.loss() < h.epochs().get(0).loss());
            assertTrue(last.valAccuracy() > 0.8, "val accuracy " + last.valAccuracy());
            Trainer.BatchResult val = t.evaluate(data.slice(480, 600));
            assertEquals(last.valLoss(), val.loss(), 1e-6);
            assertEquals(last.valAccuracy(), val.accuracy(), 1e-9);
            KerasModel fromCheckpoint = KerasModels.load(dir.resolve("ckpt/epoch_004.h5"));
            KerasModel current = t.model();
            assertEquals(Shape.of(-1, 3), fromCheckpoint.outputShapes().get(0));
            List<Weight> a = current.weights();
            List<Weight> b = fromCheckpoint.weights();
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).value(), b.get(i).value(), a.get(i).name());
            }
            Path hist = dir.resolve("history.json");
            h.write(hist);
            JsonNode json = new ObjectMapper().readTree(Files.readString(hist));
            assertEquals(4, json.get("loss").size());
            assertEquals(last.valAccuracy(), json.get("val_accuracy").get(3).asDouble(), 1e-12);
            assertEquals("completed", json.get("stop_reason").asText());
            assertFalse(json.has("diagnosis"));
        }
    }

    @Test
    void savingStraightFromTheSessionWritesWhatModelAndOptimizerStateHold() {
        KerasModel m = TrainModels.sequential(new int[] {6},
                layer("Dense", "hidden", "\"units\": 16, \"activation\": \"relu\""),
                layer("BatchNormalization", "bn", "\"axis\": -1"),
                layer("Dense", "out", "\"units\": 3, \"activation\": \"softmax\""));
        Path streamed = dir.resolve("streamed.h5");
        Path copied = dir.resolve("copied.h5");
        try (Trainer t = FineTune.builder(m).freeze("hidden").batchSize(20).epochs(2).seed(3).build()) {
            t.fit(TrainModels.argmaxData(60, 3, 5, 6), null);
            t.save(streamed);
            KerasModels.save(t.model(), t.optimizerState(), copied);
        }
        KerasModel a = KerasModels.load(streamed);
        KerasModel b = KerasModels.load(copied);
        assertEquals(b.modelConfig(), a.modelConfig());
        assertEquals(b.weights().size(), a.weights().size());
        for (int i = 0; i < a.weights().size(); i++) {
            assertEquals(b.weights().get(i).value(), a.weights().get(i).value(), a.weights().get(i).name());
        }
        io.kerasj.ir.OptimizerState sa = new io.kerasj.hdf5.LegacyH5Reader().readOptimizerState(streamed).orElseThrow();
        io.kerasj.ir.OptimizerState sb = new io.kerasj.hdf5.LegacyH5Reader().readOptimizerState(copied).orElseThrow();
        assertEquals(6, sa.iterations());
        assertEquals(sb.iterations(), sa.iterations());
        assertEquals(sb.trainingConfig(), sa.trainingConfig());
        // Adam m and v of the trained kernels and biases (hidden is frozen; BN's moving statistics are not trained)
        assertEquals(8, sa.slots().size());
        for (int i = 0; i < sa.slots().size(); i++) {
            assertEquals(sb.slots().get(i).name(), sa.slots().get(i).name());
            assertEquals(sb.slots().get(i).value(), sa.slots().get(i).value(), sa.slots().get(i).name());
        }
    }

    @Test
    void earlyStoppingWatchesTheValidationLoss() {
        KerasModel m = mlp();
        FloatDataset train = TrainModels.argmaxData(200, 5, 3, 6);
        // labels unrelated to the inputs: validation loss soon stops improving
        FloatDataset noise = new FloatDataset(copy(TrainModels.argmaxData(100, 5, 4, 6)), Shape.of(6),
                shuffledLabels(100, 5), 5, "noise");
        try (Trainer t = FineTune.builder(m).optimizer(Optimizer.adam().withLearningRate(0.05)).batchSize(20).epochs(40)
                .earlyStopping(2).build()) {
            History h = t.fit(train, noise);
            assertEquals(History.StopReason.EARLY_STOPPING, h.stopReason());
            assertTrue(h.epochs().size() < 40);
            int n = h.epochs().size();
            double best = Double.POSITIVE_INFINITY;
            int bestEpoch = 0;
            for (EpochResult e : h.epochs()) {
                if (e.valLoss() < best) {
                    best = e.valLoss();
                    bestEpoch = e.epoch();
                }
            }
            assertEquals(bestEpoch + 3, n, "stopped after 3 epochs without improvement (patience 2)");
        }
    }

    private static float[] copy(Dataset d) {
        float[] x = new float[d.size() * d.sampleSize()];
        for (int i = 0; i < d.size(); i++) {
            d.copySample(i, x, i * d.sampleSize());
        }
        return x;
    }

    private static int[] shuffledLabels(int n, int k) {
        java.util.Random r = new java.util.Random(11);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(k);
        }
        return y;
    }

    @Test
    void badInputsFailClearly() {
        KerasModel m = mlp();
        try (Trainer t = FineTune.builder(m).build()) {
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                    () -> t.fit(TrainModels.argmaxData(10, 3, 1, 7), null));
            assertTrue(shape.getMessage().contains("have shape (7,) but the model input takes (6,)"), shape.getMessage());
            IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                    () -> t.step(FloatTensor.zeros(Shape.of(1, 6)), new int[] {5}));
            assertTrue(label.getMessage().contains("label 5 is outside the model's 5 classes"), label.getMessage());
        }
        KerasModel weightless = io.kerasj.config.ModelConfigParser.parse(m.modelConfig().toString(), null, m.source());
        assertThrows(IllegalArgumentException.class, () -> FineTune.builder(weightless).build());
    }

    @Test
    void gpuTrainingOnTheCpuBuildFailsSayingWhatIsMissing() {
        io.kerasj.runtime.DeviceUnavailableException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.kerasj.runtime.DeviceUnavailableException.class,
                () -> FineTune.builder(mlp()).device(io.kerasj.runtime.Device.GPU).build());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("-Pgpu"), e.getMessage());
    }
}
