package io.kerasj.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.KerasModels;
import io.kerasj.export.KerasArchiveWriter;
import io.kerasj.export.LegacyH5Writer;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Weight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sequence models of the corpus (Keras 1 per-gate LSTMs included) and a masked GRU model
 * written as legacy .h5 and as Keras 3 .keras: each re-imports with the same layers, shapes,
 * parameter counts, bit-identical weights (Keras 3 keeps a recurrent layer's variables on its
 * cell) and bit-identical predictions.
 */
class SequenceExportRoundTripTest {
    static final String KONDUIT = SequenceCorpusParityTest.KONDUIT;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {
            "simple_lstm/simple_lstm_tf_keras_1_model.h5",
            "simple_lstm/simple_lstm_th_keras_1_model.h5",
            "simple_lstm/simple_lstm_tf_keras_2_model.h5",
            "simple_flatten_lstm/simple_flatten_lstm_tf_keras_2_model.h5",
            "simple_flatten_rnn/simple_flatten_rnn_tf_keras_2_model.h5",
            "masking/masking_two_lstm.h5",
            "masking_gru_embedding",
            "bidirectional",
            "time_distributed"})
    void exportsReimportBitIdentically(String name) throws Exception {
        KerasModel model = name.endsWith(".h5") ? KerasModels.load(Fixtures.corpus(KONDUIT + name))
                : name.equals("bidirectional") ? bidirectional() : name.equals("time_distributed") ? timeDistributed()
                : maskedGru("sigmoid");
        FloatTensor x = input(model);
        FloatTensor expected = TestModels.run(model, x);
        Path h5 = dir.resolve("m.h5");
        LegacyH5Writer.forModel(model).writeModel(model, h5);
        List<Path> files = new java.util.ArrayList<>(List.of(h5));
        boolean hardSigmoid = model.layers().stream().anyMatch(l -> (l.spec() instanceof io.kerasj.layers.RecurrentSpec r
                && r.options().recurrentActivation().equals("hard_sigmoid")));
        Path keras = dir.resolve("m.keras");
        if (hardSigmoid) {
            // Keras 3 redefined hard_sigmoid: a .keras file would compute something else
            io.kerasj.export.ExportException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.kerasj.export.ExportException.class, () -> new KerasArchiveWriter().write(model, keras));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("recurrent_activation=hard_sigmoid")
                    && e.getMessage().contains("export this model as .h5"), e.getMessage());
        } else {
            new KerasArchiveWriter().write(model, keras);
            files.add(keras);
        }
        for (Path p : files) {
            KerasModel back = KerasModels.load(p);
            String what = name + " via " + p.getFileName();
            assertEquals(classNames(model), classNames(back), what);
            assertEquals(model.totalParams(), back.totalParams(), what);
            assertEquals(model.outputShapes(), back.outputShapes(), what);
            List<Weight> want = model.weights();
            List<Weight> got = back.weights();
            assertEquals(want.size(), got.size(), what);
            for (int i = 0; i < want.size(); i++) {
                assertEquals(want.get(i).spec(), got.get(i).spec(), what + " weight " + i);
                assertEquals(want.get(i).value(), got.get(i).value(), what + " weight " + i + " values");
            }
            FloatTensor y = TestModels.run(back, x);
            assertEquals(expected, y, what + " predictions");
            Files.delete(p);
        }
    }

    /** Layer classes without the InputLayer a format may add or drop. */
    private static List<String> classNames(KerasModel m) {
        return m.layers().stream().map(Layer::className).filter(c -> !c.equals("InputLayer")).toList();
    }

    /** Embedding(mask_zero) → GRU(reset_after, return_sequences) → GRU: masks, both bias layouts' neighbour. */
    static KerasModel maskedGru(String recurrentActivation) {
        return TestModels.sequential(new int[] {6},
                TestModels.layer("Embedding", "emb", "\"input_dim\": 12, \"output_dim\": 5, \"mask_zero\": true"),
                TestModels.layer("GRU", "gru_a", "\"units\": 4, \"reset_after\": true, \"return_sequences\": true,"
                        + " \"recurrent_activation\": \"sigmoid\""),
                TestModels.layer("GRU", "gru_b", "\"units\": 3, \"reset_after\": false, \"go_backwards\": true,"
                        + " \"recurrent_activation\": \"" + recurrentActivation + "\""));
    }

    /** Embedding(mask_zero) → Bidirectional(LSTM, sequences, concat) → Bidirectional(GRU, ave). */
    static KerasModel bidirectional() {
        return TestModels.sequential(new int[] {6},
                TestModels.layer("Embedding", "emb", "\"input_dim\": 12, \"output_dim\": 5, \"mask_zero\": true"),
                TestModels.layer("Bidirectional", "bi_a", "\"layer\": {\"class_name\": \"LSTM\", \"config\": {\"name\": \"a\","
                        + " \"units\": 4, \"return_sequences\": true, \"recurrent_activation\": \"sigmoid\"}}"),
                TestModels.layer("Bidirectional", "bi_b", "\"merge_mode\": \"ave\", \"layer\": {\"class_name\": \"GRU\","
                        + " \"config\": {\"name\": \"b\", \"units\": 3, \"reset_after\": true, \"recurrent_activation\": \"sigmoid\"}}"));
    }

    /** LSTM(sequences) → TimeDistributed(Dense). */
    static KerasModel timeDistributed() {
        return TestModels.sequential(new int[] {4, 3},
                TestModels.layer("LSTM", "rnn", "\"units\": 5, \"return_sequences\": true, \"recurrent_activation\": \"sigmoid\""),
                TestModels.layer("TimeDistributed", "td", "\"layer\": {\"class_name\": \"Dense\", \"config\": {\"name\": \"d\","
                        + " \"units\": 2}}"));
    }

    private static FloatTensor input(KerasModel m) {
        int[] dims = m.inputShapes().get(0).featureDims();
        int batch = m.inputShapes().get(0).isKnown(0) ? m.inputShapes().get(0).dim(0) : 3;
        FloatTensor x = TestModels.input(batch, dims);
        if (dims.length == 1) {
            // token ids for the Embedding model, zeros (padding) included
            float[] v = x.toArray();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) Math.floor((v[i] + 1) * 6);
            }
            return FloatTensor.wrap(x.shape(), v);
        }
        return x;
    }
}
