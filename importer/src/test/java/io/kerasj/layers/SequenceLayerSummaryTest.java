package io.kerasj.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.config.ModelConfigParser;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.ir.SourceInfo;
import io.kerasj.summary.SummaryParser;
import io.kerasj.summary.SummaryPrinter;
import io.kerasj.summary.SummaryValidator;
import io.kerasj.summary.ValidationReport;
import org.junit.jupiter.api.Test;

/**
 * Shapes and parameter counts of the sequence layers as Keras' summary() prints them — the usual
 * traps: GRU's reset_after bias row (3·units more), LSTM's four gates, Embedding without
 * input_length (unknown timesteps) — checked against tf.keras-layout summary text.
 */
class SequenceLayerSummaryTest {
    static final SourceInfo TF_KERAS = new SourceInfo("json", "2.4.0", "tensorflow", null);

    /** The TensorFlow RNN guide's models: Embedding(1000, 64) → GRU(256, sequences) → SimpleRNN(128) → Dense(10). */
    @Test
    void grUAndSimpleRnnCountsMatchKerasSummary() {
        KerasModel m = ModelConfigParser.parse("""
                {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
                  {"class_name": "InputLayer", "config": {"name": "input", "batch_input_shape": [null, null]}},
                  {"class_name": "Embedding", "config": {"name": "embedding", "input_dim": 1000, "output_dim": 64}},
                  {"class_name": "GRU", "config": {"name": "gru", "units": 256, "return_sequences": true, "reset_after": true,
                    "recurrent_activation": "sigmoid"}},
                  {"class_name": "SimpleRNN", "config": {"name": "simple_rnn", "units": 128}},
                  {"class_name": "Dense", "config": {"name": "dense", "units": 10}}]}}""", null, TF_KERAS);
        String keras = """
                Model: "sequential"
                _________________________________________________________________
                Layer (type)                 Output Shape              Param #
                =================================================================
                embedding (Embedding)        (None, None, 64)          64000
                _________________________________________________________________
                gru (GRU)                    (None, None, 256)         247296
                _________________________________________________________________
                simple_rnn (SimpleRNN)       (None, 128)               49280
                _________________________________________________________________
                dense (Dense)                (None, 10)                1290
                =================================================================
                Total params: 361,866
                Trainable params: 361,866
                Non-trainable params: 0
                _________________________________________________________________
                """;
        ValidationReport r = SummaryValidator.validateBest(m, SummaryParser.parse(keras));
        assertTrue(r.passed(), r.toText());
        assertEquals(Shape.of(2, 768), m.layer("gru").weight("bias").spec().shape());
    }

    @Test
    void lstmAndResetBeforeGruCounts() {
        KerasModel m = ModelConfigParser.parse("""
                {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
                  {"class_name": "InputLayer", "config": {"name": "input", "batch_input_shape": [null, null]}},
                  {"class_name": "Embedding", "config": {"name": "embedding", "input_dim": 1000, "output_dim": 64}},
                  {"class_name": "LSTM", "config": {"name": "lstm", "units": 128, "return_sequences": true}},
                  {"class_name": "GRU", "config": {"name": "gru", "units": 32}},
                  {"class_name": "Dense", "config": {"name": "dense", "units": 10}}]}}""", null, TF_KERAS);
        // LSTM 4·(64·128 + 128·128 + 128); GRU without reset_after 3·(128·32 + 32·32 + 32)
        assertEquals(98_816, m.layer("lstm").params());
        assertEquals(15_456, m.layer("gru").params());
        assertEquals(Shape.of(-1, -1, 128), m.layer("lstm").outputShape());
        String printed = SummaryPrinter.print(m, SummaryPrinter.Style.parse("keras2"));
        assertTrue(printed.contains("lstm (LSTM)") && printed.contains("(None, None, 128)") && printed.contains("98816"), printed);
        assertTrue(printed.contains("Total params: 178,602"), printed);
    }

    @Test
    void keras1ConfigsReadOutputDimAndInnerActivation() {
        KerasModel m = ModelConfigParser.parse("""
                {"class_name": "Sequential", "config": [
                  {"class_name": "Embedding", "config": {"name": "embedding_1", "input_dim": 20000, "output_dim": 50,
                    "input_length": 400, "batch_input_shape": [null, 400], "mask_zero": false, "init": "uniform"}},
                  {"class_name": "GRU", "config": {"name": "gru_1", "output_dim": 8, "inner_activation": "hard_sigmoid",
                    "init": "glorot_uniform", "inner_init": "orthogonal", "consume_less": "cpu"}}]}""", null,
                new SourceInfo("json", "1.2.2", null, null));
        assertEquals(Shape.batch(400, 50), m.layer("embedding_1").outputShape());
        GRUSpec gru = (GRUSpec) m.layer("gru_1").spec();
        assertEquals("hard_sigmoid", gru.options().recurrentActivation());
        assertEquals(false, gru.resetAfter());
        assertEquals(3 * (50 * 8 + 8 * 8 + 8), m.layer("gru_1").params());
    }

    @Test
    void lstmWithInitialStatesAndBidirectionalReturningStates() {
        KerasModel m = ModelConfigParser.parse("""
                {"class_name": "Model", "config": {"name": "m", "layers": [
                  {"name": "x", "class_name": "InputLayer", "config": {"name": "x", "batch_input_shape": [null, 7, 4]}, "inbound_nodes": []},
                  {"name": "h", "class_name": "InputLayer", "config": {"name": "h", "batch_input_shape": [null, 6]}, "inbound_nodes": []},
                  {"name": "c", "class_name": "InputLayer", "config": {"name": "c", "batch_input_shape": [null, 6]}, "inbound_nodes": []},
                  {"name": "lstm", "class_name": "LSTM", "config": {"name": "lstm", "units": 6, "return_state": true},
                   "inbound_nodes": [[["x", 0, 0, {}], ["h", 0, 0, {}], ["c", 0, 0, {}]]]},
                  {"name": "bi", "class_name": "Bidirectional", "config": {"name": "bi", "merge_mode": "concat",
                   "layer": {"class_name": "GRU", "config": {"name": "l", "units": 3, "return_sequences": true,
                   "return_state": true, "reset_after": true}}}, "inbound_nodes": [[["x", 0, 0, {}]]]}],
                 "input_layers": [["x", 0, 0], ["h", 0, 0], ["c", 0, 0]], "output_layers": [["lstm", 0, 0], ["bi", 0, 0]]}}""",
                null, TF_KERAS);
        assertEquals(java.util.List.of(Shape.batch(6), Shape.batch(6), Shape.batch(6)), m.layer("lstm").outputShapes());
        assertEquals(java.util.List.of(Shape.batch(7, 6), Shape.batch(3), Shape.batch(3)), m.layer("bi").outputShapes());
        assertEquals(2 * 3 * (4 * 3 + 3 * 3 + 2 * 3), m.layer("bi").params());
        KerasImportException e = assertThrows(KerasImportException.class, () -> ModelConfigParser.parse("""
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "Bidirectional", "config": {"name": "bi", "batch_input_shape": [null, 5, 2],
                   "layer": {"class_name": "Dense", "config": {"name": "d", "units": 3}}}}]}}""", null, TF_KERAS));
        assertTrue(e.getMessage().contains("bi") && e.getMessage().contains("SimpleRNN, LSTM or GRU"), e.getMessage());
    }
}
