package io.kerasj.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.config.ModelConfigParser;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.SourceInfo;
import io.kerasj.summary.SummaryParser;
import io.kerasj.summary.SummaryPrinter;
import io.kerasj.summary.SummaryValidator;
import io.kerasj.summary.ValidationReport;
import org.junit.jupiter.api.Test;

/**
 * Summaries of models made of the issue-18 layers: a {@code model.summary()} as tf.keras 2.9+ prints
 * it (type column wrapped at its edge) validates row for row, and kerasj's own Keras 2 print has
 * Keras' rows and totals.
 */
class BreadthSummaryTest {
    private static final String CONFIG = """
            {"class_name": "Sequential", "config": {"name": "breadth", "layers": [
              {"class_name": "InputLayer", "config": {"name": "in", "batch_input_shape": [null, 12, 3]}},
              {"class_name": "Conv1D", "config": {"name": "conv1d", "filters": 5, "kernel_size": [3], "padding": "causal", "dilation_rate": [2]}},
              {"class_name": "LayerNormalization", "config": {"name": "layer_normalization", "axis": [-1]}},
              {"class_name": "MaxPooling1D", "config": {"name": "max_pooling1d", "pool_size": [2]}},
              {"class_name": "UpSampling1D", "config": {"name": "up_sampling1d", "size": 2}},
              {"class_name": "GlobalAveragePooling1D", "config": {"name": "global_average_pooling1d"}},
              {"class_name": "Dense", "config": {"name": "dense", "units": 3}}]}}""";

    // tf.keras 2.9+ layout: leading space, type cut at the column edge and continued on the next line
    private static final String KERAS_2_9 = """
            Model: "breadth"
            _________________________________________________________________
             Layer (type)                Output Shape              Param #  \s
            =================================================================
             conv1d (Conv1D)             (None, 12, 5)             50       \s
                                                                            \s
             layer_normalization (LayerN  (None, 12, 5)            10       \s
             ormalization)                                                  \s
                                                                            \s
             max_pooling1d (MaxPooling1D  (None, 6, 5)             0        \s
             )                                                              \s
                                                                            \s
             up_sampling1d (UpSampling1D  (None, 12, 5)            0        \s
             )                                                              \s
                                                                            \s
             global_average_pooling1d (G  (None, 5)                0        \s
             lobalAveragePooling1D)                                         \s
                                                                            \s
             dense (Dense)               (None, 3)                 18       \s
                                                                            \s
            =================================================================
            Total params: 78
            Trainable params: 78
            Non-trainable params: 0
            _________________________________________________________________
            """;

    @Test
    void kerasPrintedSummaryValidates() {
        KerasModel m = ModelConfigParser.parse(CONFIG, null, new SourceInfo("json", "2.9.0", "tensorflow", null));
        assertEquals(78, m.totalParams());
        ValidationReport r = SummaryValidator.validateBest(m, SummaryParser.parse(KERAS_2_9));
        assertTrue(r.passed(), r.toText());
        assertEquals(6, r.rowsMatched(), r.toText());
    }

    @Test
    void printedKeras2SummaryHasKerasRows() {
        KerasModel m = ModelConfigParser.parse(CONFIG, null, new SourceInfo("json", "2.9.0", "tensorflow", null));
        String text = SummaryPrinter.print(m, SummaryPrinter.Style.parse("keras2"));
        assertTrue(text.contains("conv1d (Conv1D)              (None, 12, 5)             50"), text);
        assertTrue(text.contains("global_average_pooling1d (Gl (None, 5)"), text);
        assertTrue(text.contains("Total params: 78"), text);
        ValidationReport r = SummaryValidator.validateBest(m, SummaryParser.parse(text));
        assertTrue(r.passed(), r.toText());
    }
}
