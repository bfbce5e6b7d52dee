package io.kerasj.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.KerasModels;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.KerasModel;
import io.kerasj.runtime.parity.Dl4jReference;
import io.kerasj.runtime.parity.ParityChecker;
import io.kerasj.runtime.parity.ParityReport;
import io.kerasj.runtime.parity.Reference;
import io.kerasj.runtime.parity.Tolerance;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The recurrent models of the layer-breadth corpus reproduce Keras' own recorded outputs (and
 * every per-layer activation the file holds), from the full-model file and from its
 * config + weights twin. Keras 1 files store LSTM weights per gate; Keras 2 files use hard_sigmoid.
 */
class SequenceCorpusParityTest {
    static final String KONDUIT = "KonduitAI__dl4j-test-resources/src/main/resources/modelimport/keras/examples/";
    static final String DL4J = "deeplearning4j__dl4j-test-resources/src/main/resources/modelimport/keras/examples/";
    // float32 recurrences over one step of 50 units: TF's matmul order may differ from Keras' by a few ulps
    static final Tolerance TOLERANCE = new Tolerance(1e-5, 1e-5);

    /** Model file stem and the number of per-layer activations its inputs_and_outputs.h5 records. */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> recordedModels() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("simple_lstm/simple_lstm_tf_keras_1", 2),
                org.junit.jupiter.params.provider.Arguments.of("simple_lstm/simple_lstm_th_keras_1", 2),
                org.junit.jupiter.params.provider.Arguments.of("simple_flatten_lstm/simple_flatten_lstm_tf_keras_2", 2),
                org.junit.jupiter.params.provider.Arguments.of("simple_flatten_rnn/simple_flatten_rnn_tf_keras_2", 3));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("recordedModels")
    void fullModelMatchesKeras(String model, int layerActivations) {
        check(KerasModels.load(Fixtures.corpus(KONDUIT + model + "_model.h5")), KONDUIT + model, layerActivations);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("recordedModels")
    void configPlusWeightsMatchesKeras(String model, int layerActivations) {
        check(KerasModels.load(Fixtures.corpus(KONDUIT + model + "_config.json"),
                Fixtures.corpus(KONDUIT + model + "_weights.h5")), KONDUIT + model, layerActivations);
    }

    @org.junit.jupiter.api.Test
    void simpleRnnMatchesKeras() {
        check(KerasModels.load(Fixtures.corpus(DL4J + "simple_rnn/simple_rnn_tf_keras_2_model.h5")),
                DL4J + "simple_rnn/simple_rnn_tf_keras_2", 2);
        check(KerasModels.load(Fixtures.corpus(KONDUIT + "simple_rnn/simple_rnn_tf_keras_2_config.json"),
                Fixtures.corpus(KONDUIT + "simple_rnn/simple_rnn_tf_keras_2_weights.h5")),
                DL4J + "simple_rnn/simple_rnn_tf_keras_2", 2);
    }

    /**
     * This file's {@code inputs_and_outputs.h5} holds the training targets only (no predictions or
     * activations), so its model is checked against the float64 reference instead: Keras 2.0.6,
     * hard_sigmoid, one step of 50 units, then Dense(1).
     */
    @org.junit.jupiter.api.Test
    void keras2LstmWithoutRecordedPredictionsMatchesTheFloat64Reference() {
        String base = KONDUIT + "simple_lstm/simple_lstm_tf_keras_2";
        KerasModel model = KerasModels.load(Fixtures.corpus(base + "_model.h5"));
        try (Predictor p = KerasRuntime.builder(model).build()) {
            Reference ref = Dl4jReference.read(Fixtures.corpus(base + "_inputs_and_outputs.h5"), p.inputNames(), p.outputNames());
            assertTrue(ref.outputs().isEmpty() && ref.layers().isEmpty(), "the file records no model results");
            io.kerasj.ir.FloatTensor x = ref.inputs().get(0);
            // the model was built with a fixed batch of 25 (batch_input_shape [25, 1, 1]): run it in four batches
            assertEquals(io.kerasj.ir.Shape.of(25, 1, 1), model.inputShapes().get(0));
            float[] all = new float[100];
            for (int from = 0; from < 100; from += 25) {
                float[] part = java.util.Arrays.copyOfRange(x.toArray(), from, from + 25);
                io.kerasj.ir.FloatTensor out = p.predict(io.kerasj.ir.FloatTensor.wrap(io.kerasj.ir.Shape.of(25, 1, 1), part));
                System.arraycopy(out.toArray(), 0, all, from, 25);
            }
            io.kerasj.ir.FloatTensor y = io.kerasj.ir.FloatTensor.wrap(io.kerasj.ir.Shape.of(100, 1), all);
            io.kerasj.ir.Layer lstm = model.layer("lstm_1");
            float[] k = lstm.weight("kernel").value().toArray();
            float[] u = lstm.weight("recurrent_kernel").value().toArray();
            float[] b = lstm.weight("bias").value().toArray();
            NaiveRnn rnn = new NaiveRnn(NaiveRnn.Kind.LSTM, 50, NaiveRnn.matrix(k, 1, 200), NaiveRnn.matrix(u, 50, 200),
                    NaiveRnn.vector(b, 0, 200), null, "tanh", "hard_sigmoid");
            float[] w = model.layer("dense_1").weight("kernel").value().toArray();
            float bias = model.layer("dense_1").weight("bias").value().get(0);
            assertEquals(100, x.shape().dim(0));
            for (int s = 0; s < 100; s++) {
                double[] h = rnn.run(new double[][] {{x.get(s)}}, null, false)[1];
                double expected = bias;
                for (int j = 0; j < 50; j++) {
                    expected += h[j] * w[j];
                }
                assertEquals(expected, y.get(s), 1e-5 * Math.max(1, Math.abs(expected)), "sample " + s);
            }
        }
    }

    /**
     * The corpus' Masking → LSTM models (Keras 2.2.0, no recorded outputs): steps whose 42 features
     * all equal mask_value (0 or 2) are skipped, the state carried over them — against the float64
     * reference fed the same mask, with masked steps at the start, middle and end.
     */
    @ParameterizedTest
    @CsvSource({"masking_zero_lstm, lstm_1, 0", "masking_two_lstm, lstm_2, 2"})
    void maskingModelsSkipMaskedSteps(String file, String lstmName, float maskValue) {
        KerasModel model = KerasModels.load(Fixtures.corpus(KONDUIT + "masking/" + file + ".h5"));
        assertEquals(io.kerasj.ir.Shape.batch(10, 42), model.inputShapes().get(0));
        boolean[][] keep = {
                {false, false, true, true, true, true, true, true, true, true},
                {true, true, true, false, false, true, true, true, true, true},
                {true, true, true, true, true, true, true, false, false, false}};
        io.kerasj.ir.FloatTensor x = TestModels.input(3, 10, 42);
        float[] v = x.toArray();
        for (int b = 0; b < 3; b++) {
            for (int t = 0; t < 10; t++) {
                if (!keep[b][t]) {
                    java.util.Arrays.fill(v, (b * 10 + t) * 42, (b * 10 + t + 1) * 42, maskValue);
                }
            }
        }
        x = io.kerasj.ir.FloatTensor.wrap(x.shape(), v);
        io.kerasj.ir.FloatTensor y = TestModels.run(model, x);
        io.kerasj.ir.Layer lstm = model.layer(lstmName);
        NaiveRnn rnn = new NaiveRnn(NaiveRnn.Kind.LSTM, 32,
                NaiveRnn.matrix(lstm.weight("kernel").value().toArray(), 42, 128),
                NaiveRnn.matrix(lstm.weight("recurrent_kernel").value().toArray(), 32, 128),
                NaiveRnn.vector(lstm.weight("bias").value().toArray(), 0, 128), null, "tanh", "hard_sigmoid");
        for (int b = 0; b < 3; b++) {
            double[] h = rnn.run(SequenceLayersTest.sample(x, b), keep[b], false)[10];
            for (int j = 0; j < 32; j++) {
                assertEquals(h[j], y.get(b * 32 + j), 2e-6, "sample " + b + " unit " + j);
            }
        }
    }

    private static void check(KerasModel model, String reference, int layerActivations) {
        Path io = Fixtures.corpus(reference + "_inputs_and_outputs.h5");
        try (Predictor p = KerasRuntime.builder(model).build()) {
            Reference ref = Dl4jReference.read(io, p.inputNames(), p.outputNames());
            ParityReport r = new ParityChecker(TOLERANCE, TOLERANCE).check(p, ref);
            System.out.println(r.toText());
            assertTrue(r.passed(), r.toText());
            assertEquals(layerActivations, ref.layers().size(), "per-layer activations in " + io.getFileName());
            assertEquals(ref.layers().size() + ref.outputs().size(), r.checks().size());
        }
    }
}
