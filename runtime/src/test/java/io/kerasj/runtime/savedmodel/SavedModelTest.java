package io.kerasj.runtime.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Shape;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SavedModels run as-is, and Keras-written ones converted to the IR. */
class SavedModelTest {

    @Test
    void recognisesSavedModelDirectories() {
        assertTrue(SavedModels.isSavedModelDir(SavedModelFixtures.simpleModel()));
        assertTrue(SavedModels.hasKerasMetadata(SavedModelFixtures.simpleModel()));
        assertTrue(SavedModels.isSavedModelDir(SavedModelFixtures.counterModel()));
        assertFalse(SavedModels.hasKerasMetadata(SavedModelFixtures.counterModel()));
        assertFalse(SavedModels.isSavedModelDir(SavedModelFixtures.simpleModel().resolve("variables")));
    }

    @Test
    void convertsSimpleModelWithExactWeights() throws Exception {
        Path dir = SavedModelFixtures.simpleModel();
        KerasModel m = SavedModelConverter.convert(dir);
        assertEquals("savedmodel", m.source().format());
        assertEquals("2.11.0", m.source().kerasVersion());
        assertEquals(List.of("input_1", "flatten", "dense", "dense_1", "softmax"),
                m.layers().stream().map(Layer::name).toList());
        assertEquals(Shape.of(-1, 28, 28, 1), m.inputShapes().get(0));
        assertEquals(Shape.of(-1, 10), m.outputShapes().get(0));
        assertEquals(784 * 100 + 100 + 100 * 10 + 10, m.totalParams());
        assertTrue(m.hasWeights());
        FloatTensor kernel1 = SavedModelFixtures.readNpy(dir.resolve("kernel1.npy"));
        FloatTensor bias0 = SavedModelFixtures.readNpy(dir.resolve("bias0.npy"));
        assertEquals(kernel1.shape(), m.layer("dense_1").weight("kernel").value().shape());
        assertArrayEquals(kernel1.toArray(), m.layer("dense_1").weight("kernel").value().toArray(), 0f);
        assertArrayEquals(bias0.toArray(), m.layer("dense").weight("bias").value().toArray(), 0f);
    }

    @Test
    void runsSimpleModelAsIsAndAgreesWithTheConvertedWeights() {
        Path dir = SavedModelFixtures.simpleModel();
        KerasModel m = SavedModelConverter.convert(dir);
        FloatTensor x = input(Shape.of(2, 28, 28, 1), 3);
        try (SavedModelPredictor p = SavedModelPredictor.load(dir)) {
            assertEquals(1, p.inputNames().size());
            assertEquals(Shape.of(-1, 28, 28, 1), p.inputShapes().get(0));
            assertEquals(Shape.of(-1, 10), p.outputShapes().get(0));
            FloatTensor y = p.predict(x);
            assertEquals(Shape.of(2, 10), y.shape());
            float[] expected = denseReference(m, x);
            float[] actual = y.toArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-5, "output " + i);
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.predictLayers(List.of(x), List.of("dense")));
            assertTrue(e.getMessage().contains("not layers [dense]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> p.predict(input(Shape.of(2, 27, 28, 1), 1)));
        }
    }

    @Test
    void predictorIsThreadSafeAndRefusesUseAfterClose() throws Exception {
        Path dir = SavedModelFixtures.simpleModel();
        SavedModelPredictor p = SavedModelPredictor.load(dir);
        FloatTensor x = input(Shape.of(3, 28, 28, 1), 9);
        FloatTensor expected = p.predict(x);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<FloatTensor>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(pool.submit(() -> p.predict(x)));
            }
            for (var f : runs) {
                assertEquals(expected, f.get());
            }
        } finally {
            pool.shutdown();
        }
        p.close();
        p.close();
        assertThrows(IllegalStateException.class, () -> p.predict(x));
    }

    @Test
    void kerasModelsLoadsKerasSavedModelsThroughTheRegisteredReader() {
        KerasModel m = io.kerasj.KerasModels.load(SavedModelFixtures.simpleModel());
        assertEquals("savedmodel", m.source().format());
        assertEquals(79_510, m.totalParams());
    }

    @Test
    void convertsAnLstmAndAgreesWithTensorFlowRunningIt() {
        Path dir = SavedModelFixtures.lstmModel();
        FloatTensor x = input(Shape.of(4, 5, 3), 5);
        FloatTensor asIs;
        try (SavedModelPredictor p = SavedModelPredictor.load(dir)) {
            assertEquals(Shape.of(-1, 5, 3), p.inputShapes().get(0));
            asIs = p.predict(x);
            assertEquals(Shape.of(4, 1), asIs.shape());
            for (float v : asIs.toArray()) {
                assertTrue(v > 0 && v < 1, "sigmoid output " + v);
            }
        }
        // the LSTM's variables sit below its cell in the checkpoint's object graph
        KerasModel m = SavedModelConverter.convert(dir);
        assertEquals("LSTM", m.layer("lstm").className());
        try (io.kerasj.runtime.Predictor p = io.kerasj.runtime.KerasRuntime.builder(m).build()) {
            FloatTensor converted = p.predict(x);
            for (int i = 0; i < 4; i++) {
                assertEquals(asIs.get(i), converted.get(i), 1e-6, "sample " + i);
            }
        }
    }

    @Test
    void runsACustomLayerAsIsButRefusesToConvertIt() throws java.io.IOException {
        Path dir = SavedModelFixtures.withCustomRecurrentLayer(java.nio.file.Files.createTempDirectory("kerasj-custom"));
        try (SavedModelPredictor p = SavedModelPredictor.load(dir)) {
            assertEquals(Shape.of(4, 1), p.predict(input(Shape.of(4, 5, 3), 5)).shape());
        }
        KerasImportException e = assertThrows(KerasImportException.class, () -> SavedModelConverter.convert(dir));
        assertTrue(e.getMessage().contains("lstm") && e.getMessage().contains("unsupported layer class 'LSTX'"),
                e.getMessage());
    }

    @Test
    void counterWithoutKerasMetadataRunsButDoesNotConvert() {
        Path dir = SavedModelFixtures.counterModel();
        KerasImportException noDefault = assertThrows(KerasImportException.class, () -> SavedModelPredictor.load(dir));
        assertTrue(noDefault.getMessage().contains("no 'serving_default' signature")
                && noDefault.getMessage().contains("incr_counter_by"), noDefault.getMessage());
        float start;
        try (SavedModelPredictor get = SavedModelPredictor.load(dir, "get_counter")) {
            assertEquals(List.of(), get.inputNames());
            FloatTensor v = get.predict(List.of()).get(0);
            assertEquals(Shape.of(), v.shape());
            start = v.get(0);
        }
        try (SavedModelPredictor incr = SavedModelPredictor.load(dir, "incr_counter_by")) {
            assertEquals(List.of("delta"), incr.inputNames());
            FloatTensor after = incr.predict(FloatTensor.wrap(Shape.of(), new float[] {2.5f}));
            assertEquals(start + 2.5f, after.get(0), 0f);
            assertEquals(start + 5f, incr.predict(FloatTensor.wrap(Shape.of(), new float[] {2.5f})).get(0), 0f);
        }
        KerasImportException e = assertThrows(KerasImportException.class, () -> SavedModelConverter.convert(dir));
        assertTrue(e.getMessage().contains("no keras_metadata.pb"), e.getMessage());
    }

    @Test
    void notASavedModelIsRefused() {
        Path dir = Fixtures.workDir("not-a-savedmodel");
        assertThrows(KerasImportException.class, () -> SavedModelPredictor.load(dir));
        assertThrows(KerasImportException.class, () -> SavedModelConverter.convert(dir));
    }

    /** Deterministic pseudo-random input in [0, 1). */
    static FloatTensor input(Shape shape, int seed) {
        float[] v = new float[Math.toIntExact(shape.size())];
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat();
        }
        return FloatTensor.wrap(shape, v);
    }

    /** flatten → dense(relu) → dense_1 → softmax, in double precision from the converted weights. */
    private static float[] denseReference(KerasModel m, FloatTensor x) {
        FloatTensor k0 = m.layer("dense").weight("kernel").value();
        FloatTensor b0 = m.layer("dense").weight("bias").value();
        FloatTensor k1 = m.layer("dense_1").weight("kernel").value();
        FloatTensor b1 = m.layer("dense_1").weight("bias").value();
        int batch = x.shape().dim(0);
        int in = 784;
        int hidden = 100;
        int classes = 10;
        float[] out = new float[batch * classes];
        for (int n = 0; n < batch; n++) {
            double[] h = new double[hidden];
            for (int j = 0; j < hidden; j++) {
                double s = b0.get(j);
                for (int i = 0; i < in; i++) {
                    s += x.get(n * in + i) * (double) k0.get(i * hidden + j);
                }
                h[j] = Math.max(0, s);
            }
            double[] z = new double[classes];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double s = b1.get(c);
                for (int j = 0; j < hidden; j++) {
                    s += h[j] * k1.get(j * classes + c);
                }
                z[c] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                z[c] = Math.exp(z[c] - max);
                sum += z[c];
            }
            for (int c = 0; c < classes; c++) {
                out[n * classes + c] = (float) (z[c] / sum);
            }
        }
        return out;
    }
}
