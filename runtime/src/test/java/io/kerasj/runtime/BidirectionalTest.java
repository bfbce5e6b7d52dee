package io.kerasj.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Shape;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bidirectional against the float64 reference: the forward layer and the backward copy
 * (go_backwards, its sequence re-reversed), every merge mode, sequences or last outputs, with an
 * Embedding(mask_zero) mask (Keras zeroes masked steps' outputs in Bidirectional sequences), and
 * Keras' parameter count (twice the wrapped layer's).
 */
class BidirectionalTest {
    static final int STEPS = 5;
    static final int EMB = 3;
    static final int UNITS = 4;
    static final float[] IDS = {0, 3, 7, 0, 9, 1, 2, 0, 0, 5, 4, 4, 8, 6, 0};

    @ParameterizedTest
    @CsvSource({"LSTM, concat, true", "LSTM, sum, false", "GRU, ave, true", "GRU, mul, false", "SimpleRNN, null, true",
            "LSTM, null, false"})
    void mergesBothDirectionsLikeKeras(String cell, String merge, boolean sequences) {
        String mergeJson = merge.equals("null") ? "null" : "\"" + merge + "\"";
        String inner = "{\"class_name\": \"" + cell + "\", \"config\": {\"name\": \"rnn\", \"units\": " + UNITS
                + ", \"return_sequences\": " + sequences + ", \"recurrent_activation\": \"sigmoid\", \"reset_after\": true}}";
        // functional, so merge_mode None can expose both outputs
        String json = "{\"class_name\": \"Model\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"name\": \"in\", \"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_input_shape\": [null, "
                + STEPS + "]}, \"inbound_nodes\": []},"
                + "{\"name\": \"emb\", \"class_name\": \"Embedding\", \"config\": {\"name\": \"emb\", \"input_dim\": 10, \"output_dim\": "
                + EMB + ", \"mask_zero\": true}, \"inbound_nodes\": [[[\"in\", 0, 0, {}]]]},"
                + "{\"name\": \"bi\", \"class_name\": \"Bidirectional\", \"config\": {\"name\": \"bi\", \"merge_mode\": " + mergeJson
                + ", \"layer\": " + inner + "}, \"inbound_nodes\": [[[\"emb\", 0, 0, {}]]]}],"
                + "\"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"bi\", 0, 0]"
                + (merge.equals("null") ? ", [\"bi\", 0, 1]" : "") + "]}}";
        KerasModel m = io.kerasj.fill.FillRule.fill(TestModels.parse(json, 2));
        Layer bi = m.layer("bi");
        int gates = cell.equals("LSTM") ? 4 : cell.equals("GRU") ? 3 : 1;
        int biasRows = cell.equals("GRU") ? 2 : 1;
        assertEquals(2L * gates * (EMB * UNITS + UNITS * UNITS + biasRows * UNITS), bi.params(), "Keras' count");
        Shape one = sequences ? Shape.batch(STEPS, UNITS) : Shape.batch(UNITS);
        List<Shape> expectedShapes = switch (merge) {
            case "concat" -> List.of(one.withDim(-1, 2 * UNITS));
            case "null" -> List.of(one, one);
            default -> List.of(one);
        };
        assertEquals(expectedShapes, bi.outputShapes());
        assertEquals(List.of("forward_rnn/kernel", "forward_rnn/recurrent_kernel", "forward_rnn/bias",
                "backward_rnn/kernel", "backward_rnn/recurrent_kernel", "backward_rnn/bias"),
                bi.weights().stream().map(w -> w.name()).toList());

        FloatTensor x = FloatTensor.wrap(Shape.of(3, STEPS), IDS);
        List<FloatTensor> out;
        try (Predictor p = KerasRuntime.builder(m).build()) {
            out = p.predict(List.of(x));
        }
        NaiveRnn.Kind kind = cell.equals("LSTM") ? NaiveRnn.Kind.LSTM : cell.equals("GRU") ? NaiveRnn.Kind.GRU_RESET_AFTER
                : NaiveRnn.Kind.SIMPLE;
        NaiveRnn fwd = reference(bi, "forward_rnn/", kind);
        NaiveRnn bwd = reference(bi, "backward_rnn/", kind);
        float[] table = m.layer("emb").weight("embeddings").value().toArray();
        for (int b = 0; b < 3; b++) {
            double[][] seq = new double[STEPS][];
            boolean[] mask = new boolean[STEPS];
            for (int t = 0; t < STEPS; t++) {
                int id = (int) IDS[b * STEPS + t];
                seq[t] = NaiveRnn.vector(table, id * EMB, EMB);
                mask[t] = id != 0;
            }
            double[][] f = fwd.run(seq, mask, false);
            double[][] r = bwd.run(seq, mask, true);
            for (int t = 0; t < (sequences ? STEPS : 1); t++) {
                // backward outputs come in processing order: step t of the input is index STEPS-1-t
                double[] fy = sequences ? zeroIfMasked(f[t], mask[t]) : f[STEPS];
                double[] by = sequences ? zeroIfMasked(r[STEPS - 1 - t], mask[t]) : r[STEPS];
                int row = sequences ? b * STEPS + t : b;
                for (int j = 0; j < UNITS; j++) {
                    String what = cell + " " + merge + " sample " + b + " step " + t + " unit " + j;
                    switch (merge) {
                        case "concat" -> {
                            assertEquals(fy[j], out.get(0).get(row * 2 * UNITS + j), 2e-6, what);
                            assertEquals(by[j], out.get(0).get(row * 2 * UNITS + UNITS + j), 2e-6, what);
                        }
                        case "sum" -> assertEquals(fy[j] + by[j], out.get(0).get(row * UNITS + j), 2e-6, what);
                        case "ave" -> assertEquals((fy[j] + by[j]) / 2, out.get(0).get(row * UNITS + j), 2e-6, what);
                        case "mul" -> assertEquals(fy[j] * by[j], out.get(0).get(row * UNITS + j), 2e-6, what);
                        default -> {
                            assertEquals(fy[j], out.get(0).get(row * UNITS + j), 2e-6, what);
                            assertEquals(by[j], out.get(1).get(row * UNITS + j), 2e-6, what);
                        }
                    }
                }
            }
        }
    }

    private static double[] zeroIfMasked(double[] v, boolean keep) {
        return keep ? v : new double[v.length];
    }

    private static NaiveRnn reference(Layer bi, String prefix, NaiveRnn.Kind kind) {
        float[] k = bi.weight(prefix + "kernel").value().toArray();
        float[] u = bi.weight(prefix + "recurrent_kernel").value().toArray();
        float[] bias = bi.weight(prefix + "bias").value().toArray();
        int width = u.length / UNITS;
        boolean twoRows = kind == NaiveRnn.Kind.GRU_RESET_AFTER;
        return new NaiveRnn(kind, UNITS, NaiveRnn.matrix(k, EMB, width), NaiveRnn.matrix(u, UNITS, width),
                NaiveRnn.vector(bias, 0, width), twoRows ? NaiveRnn.vector(bias, width, width) : null, "tanh", "sigmoid");
    }
}
