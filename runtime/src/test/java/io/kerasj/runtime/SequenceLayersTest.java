package io.kerasj.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Recurrent, Embedding and Masking layers against the independent float64 reference
 * {@link NaiveRnn}: every cell kind, both GRU conventions, go_backwards, return_sequences,
 * return_state, masks from Embedding(mask_zero) and Masking, and Keras' parameter counts.
 */
class SequenceLayersTest {
    static final int STEPS = 5;
    static final int FEATURES = 3;
    static final int UNITS = 4;
    static final double TOL = 2e-6;

    @ParameterizedTest
    @CsvSource({
            "SimpleRNN, '\"activation\": \"tanh\"', SIMPLE, false, 32",
            "SimpleRNN, '\"activation\": \"relu\", \"go_backwards\": true', SIMPLE, true, 32",
            "LSTM, '\"recurrent_activation\": \"sigmoid\"', LSTM, true, 128",
            "LSTM, '\"recurrent_activation\": \"hard_sigmoid\", \"go_backwards\": true', LSTM, false, 128",
            "GRU, '\"recurrent_activation\": \"sigmoid\", \"reset_after\": true', GRU_RESET_AFTER, true, 108",
            "GRU, '\"recurrent_activation\": \"hard_sigmoid\", \"reset_after\": true, \"go_backwards\": true', GRU_RESET_AFTER, false, 108",
            "GRU, '\"recurrent_activation\": \"hard_sigmoid\", \"reset_after\": false, \"go_backwards\": true', GRU, true, 96",
            "GRU, '\"recurrent_activation\": \"sigmoid\"', GRU, false, 96"})
    void cellsMatchTheFloat64Reference(String cls, String options, NaiveRnn.Kind kind, boolean sequences, long params) {
        boolean backwards = options.contains("go_backwards");
        KerasModel m = TestModels.sequential(new int[] {STEPS, FEATURES}, TestModels.layer(cls, "rnn",
                "\"units\": " + UNITS + ", \"return_sequences\": " + sequences + ", " + options));
        Layer rnn = m.layer("rnn");
        assertEquals(params, rnn.params(), "Keras' parameter count");
        assertEquals(sequences ? Shape.batch(STEPS, UNITS) : Shape.batch(UNITS), rnn.outputShape());
        FloatTensor x = TestModels.input(3, STEPS, FEATURES);
        FloatTensor y = TestModels.run(m, x);
        String recurrentActivation = options.contains("hard_sigmoid") ? "hard_sigmoid" : "sigmoid";
        String activation = options.contains("relu") ? "relu" : "tanh";
        NaiveRnn ref = reference(rnn, kind, activation, recurrentActivation);
        for (int b = 0; b < 3; b++) {
            double[][] r = ref.run(sample(x, b), null, backwards);
            if (sequences) {
                for (int t = 0; t < STEPS; t++) {
                    assertRow(r[t], y, (b * STEPS + t) * UNITS, "sample " + b + " step " + t);
                }
            } else {
                assertRow(r[STEPS], y, b * UNITS, "sample " + b);
            }
        }
    }

    @Test
    void embeddingMaskZeroMakesTheLstmSkipPaddingSteps() {
        KerasModel m = TestModels.sequential(new int[] {STEPS},
                TestModels.layer("Embedding", "emb", "\"input_dim\": 10, \"output_dim\": " + FEATURES
                        + ", \"mask_zero\": true, \"input_length\": " + STEPS),
                TestModels.layer("LSTM", "rnn", "\"units\": " + UNITS + ", \"return_sequences\": true,"
                        + " \"recurrent_activation\": \"sigmoid\""));
        assertEquals(30, m.layer("emb").params());
        assertEquals(Shape.batch(STEPS, FEATURES), m.layer("emb").outputShape());
        // padding at the start, the middle and the end
        float[] ids = {0, 3, 7, 0, 9, 1, 2, 0, 0, 5, 4, 4, 8, 6, 0};
        FloatTensor x = FloatTensor.wrap(Shape.of(3, STEPS), ids);
        FloatTensor y = TestModels.run(m, x);
        float[] table = m.layer("emb").weight("embeddings").value().toArray();
        NaiveRnn ref = reference(m.layer("rnn"), NaiveRnn.Kind.LSTM, "tanh", "sigmoid");
        for (int b = 0; b < 3; b++) {
            double[][] seq = new double[STEPS][];
            boolean[] mask = new boolean[STEPS];
            for (int t = 0; t < STEPS; t++) {
                int id = (int) ids[b * STEPS + t];
                seq[t] = NaiveRnn.vector(table, id * FEATURES, FEATURES);
                mask[t] = id != 0;
            }
            double[][] r = ref.run(seq, mask, false);
            for (int t = 0; t < STEPS; t++) {
                assertRow(r[t], y, (b * STEPS + t) * UNITS, "sample " + b + " step " + t);
            }
        }
        // a masked first step outputs the zero initial state
        for (int j = 0; j < UNITS; j++) {
            assertEquals(0f, y.get(j), "sample 0 step 0 is padding");
        }
    }

    @Test
    void maskingThenReturnStateGivesSequenceAndBothFinalStates() {
        String json = """
                {"class_name": "Model", "config": {"name": "m",
                 "layers": [
                  {"name": "in", "class_name": "InputLayer", "config": {"name": "in", "batch_input_shape": [null, 5, 3]}, "inbound_nodes": []},
                  {"name": "mask", "class_name": "Masking", "config": {"name": "mask", "mask_value": 0.5}, "inbound_nodes": [[["in", 0, 0, {}]]]},
                  {"name": "rnn", "class_name": "LSTM", "config": {"name": "rnn", "units": 4, "return_sequences": true,
                    "return_state": true, "recurrent_activation": "sigmoid"}, "inbound_nodes": [[["mask", 0, 0, {}]]]}],
                 "input_layers": [["in", 0, 0]],
                 "output_layers": [["rnn", 0, 0], ["rnn", 0, 1], ["rnn", 0, 2]]}}""";
        KerasModel m = FillRule.fill(TestModels.parse(json, 2));
        assertEquals(List.of(Shape.batch(STEPS, UNITS), Shape.batch(UNITS), Shape.batch(UNITS)), m.layer("rnn").outputShapes());
        FloatTensor x = TestModels.input(2, STEPS, FEATURES);
        float[] v = x.toArray();
        boolean[][] masks = {{true, false, true, true, false}, {false, true, true, false, true}};
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < STEPS; t++) {
                if (!masks[b][t]) {
                    java.util.Arrays.fill(v, (b * STEPS + t) * FEATURES, (b * STEPS + t + 1) * FEATURES, 0.5f);
                }
            }
        }
        x = FloatTensor.wrap(x.shape(), v);
        List<FloatTensor> out;
        try (Predictor p = KerasRuntime.builder(m).build()) {
            out = p.predict(List.of(x));
        }
        NaiveRnn ref = reference(m.layer("rnn"), NaiveRnn.Kind.LSTM, "tanh", "sigmoid");
        for (int b = 0; b < 2; b++) {
            double[][] seq = sample(x, b);
            for (int t = 0; t < STEPS; t++) {
                if (!masks[b][t]) {
                    // Masking zeroes the masked steps' values
                    seq[t] = new double[FEATURES];
                }
            }
            double[][] r = ref.run(seq, masks[b], false);
            for (int t = 0; t < STEPS; t++) {
                assertRow(r[t], out.get(0), (b * STEPS + t) * UNITS, "sequence sample " + b + " step " + t);
            }
            assertRow(r[STEPS], out.get(1), b * UNITS, "final h sample " + b);
            assertRow(r[STEPS + 1], out.get(2), b * UNITS, "final c sample " + b);
        }
    }

    @Test
    void statefulLayersAreRefusedWithTheReason() {
        KerasImportException e = assertThrows(KerasImportException.class, () -> TestModels.sequential(
                new int[] {STEPS, FEATURES}, TestModels.layer("LSTM", "rnn", "\"units\": 4, \"stateful\": true")));
        assertTrue(e.getMessage().contains("rnn") && e.getMessage().contains("stateful=True"), e.getMessage());
    }

    @Test
    void unknownSequenceLengthIsRefusedAtCompileTimeWithTheReason() {
        KerasModel m = TestModels.sequential(new int[] {-1, FEATURES}, TestModels.layer("GRU", "rnn", "\"units\": 4"));
        assertEquals(Shape.batch(UNITS), m.layer("rnn").outputShape());
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasRuntime.builder(m).build());
        assertTrue(e.getMessage().contains("rnn") && e.getMessage().contains("unknown number of time steps"), e.getMessage());
    }

    static NaiveRnn reference(Layer rnn, NaiveRnn.Kind kind, String activation, String recurrentActivation) {
        float[] k = rnn.weight("kernel").value().toArray();
        float[] u = rnn.weight("recurrent_kernel").value().toArray();
        float[] bias = rnn.weight("bias").value().toArray();
        int width = u.length / UNITS;
        int features = k.length / width;
        boolean twoRows = kind == NaiveRnn.Kind.GRU_RESET_AFTER;
        return new NaiveRnn(kind, UNITS, NaiveRnn.matrix(k, features, width), NaiveRnn.matrix(u, UNITS, width),
                NaiveRnn.vector(bias, 0, width), twoRows ? NaiveRnn.vector(bias, width, width) : null,
                activation, recurrentActivation);
    }

    static double[][] sample(FloatTensor x, int b) {
        int steps = x.shape().dim(1);
        int features = x.shape().dim(2);
        double[][] out = new double[steps][];
        float[] v = x.toArray();
        for (int t = 0; t < steps; t++) {
            out[t] = NaiveRnn.vector(v, (b * steps + t) * features, features);
        }
        return out;
    }

    static void assertRow(double[] expected, FloatTensor actual, int offset, String what) {
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], actual.get(offset + j), TOL, what + " unit " + j);
        }
    }
}
