package io.kerasj.runtime.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.config.ModelConfigParser;
import io.kerasj.fill.FillRule;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.ir.SourceInfo;
import io.kerasj.ir.Weight;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.parity.ParityReport;
import io.kerasj.runtime.parity.Tolerance;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Functional model with two inputs, two outputs and a nested Sequential holding a
 * BatchNormalization (non-trainable moving statistics): signature keys, the checkpoint's nested
 * object graph, Keras weight order inside the nested model, and the self-check's pairing by name
 * (TensorFlow lists signature keys sorted, which is not the model's order here).
 */
class MultiIoNestedExportTest {
    private static final String CONFIG = """
            {"class_name": "Functional", "config": {"name": "multi", "layers": [
              {"class_name": "InputLayer", "name": "z_in", "config": {"name": "z_in", "batch_input_shape": [null, 4]},
               "inbound_nodes": []},
              {"class_name": "InputLayer", "name": "a_in", "config": {"name": "a_in", "batch_input_shape": [null, 3]},
               "inbound_nodes": []},
              {"class_name": "Sequential", "name": "inner", "config": {"name": "inner", "layers": [
                {"class_name": "InputLayer", "config": {"name": "inner_in", "batch_input_shape": [null, 4]}},
                {"class_name": "Dense", "config": {"name": "d1", "units": 3, "activation": "relu"}},
                {"class_name": "BatchNormalization", "config": {"name": "bn", "axis": -1, "epsilon": 0.001}},
                {"class_name": "Dense", "config": {"name": "d2", "units": 2}}]},
               "inbound_nodes": [[["z_in", 0, 0, {}]]]},
              {"class_name": "Dense", "name": "proj", "config": {"name": "proj", "units": 2},
               "inbound_nodes": [[["a_in", 0, 0, {}]]]},
              {"class_name": "Add", "name": "z_out", "config": {"name": "z_out"},
               "inbound_nodes": [[["inner", 0, 0, {}], ["proj", 0, 0, {}]]]},
              {"class_name": "Dense", "name": "a_out", "config": {"name": "a_out", "units": 1, "activation": "sigmoid"},
               "inbound_nodes": [[["a_in", 0, 0, {}]]]}],
              "input_layers": [["z_in", 0, 0], ["a_in", 0, 0]],
              "output_layers": [["z_out", 0, 0], ["a_out", 0, 0]]}}""";

    private static KerasModel model() {
        return FillRule.fill(ModelConfigParser.parse(CONFIG, null, new SourceInfo("json", "2.4.0", "tensorflow", null)));
    }

    @Test
    void exportsAndConvertsBackWithKerasOrderInsideTheNestedModel() {
        KerasModel m = model();
        Path out = Fixtures.workDir("export-multi").resolve("sm");
        SavedModelExport export = SavedModelExporter.export(m, out);
        assertEquals(List.of("z_in", "a_in"), export.inputs());
        assertEquals(List.of("z_out", "a_out"), export.outputs());
        // inner: d1 kernel+bias, bn gamma/beta/moving_mean/moving_variance, d2 kernel+bias; proj; a_out
        assertEquals(8 + 2 + 2, export.variables());

        KerasModel back = SavedModelConverter.convert(out);
        List<Weight> a = m.layer("inner").weights();
        List<Weight> b = back.layer("inner").weights();
        assertEquals(a.stream().map(Weight::name).toList(), b.stream().map(Weight::name).toList());
        assertEquals("bn/moving_mean", b.get(6).name(), "non-trainable weights come last in Keras order");
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).value().toArray(), b.get(i).value().toArray(), 0f, a.get(i).name());
        }
        assertEquals(m.totalParams(), back.totalParams());
        assertEquals(m.nonTrainableParams(), back.nonTrainableParams());

        List<FloatTensor> x = List.of(FillRule.input(3, 4), FillRule.input(3, 3));
        List<FloatTensor> expected;
        try (Predictor p = KerasRuntime.builder(m).build()) {
            expected = p.predict(x);
        }
        try (SavedModelPredictor asIs = SavedModelPredictor.load(out)) {
            assertEquals(List.of("a_in", "z_in"), asIs.inputNames(), "TensorFlow lists signature keys sorted");
            assertEquals(List.of("a_out", "z_out"), asIs.outputNames());
            List<FloatTensor> y = asIs.predict(List.of(x.get(1), x.get(0)));
            assertEquals(expected.get(1), y.get(0));
            assertEquals(expected.get(0), y.get(1));
            try (Predictor converted = KerasRuntime.builder(back).build()) {
                ParityReport r = SavedModelSelfCheck.check(converted, asIs, x, new Tolerance(0, 0));
                assertTrue(r.passed(), r.toText());
                assertEquals(List.of("z_out", "a_out"), r.checks().stream().map(c -> c.name()).toList());
                assertEquals(0.0, r.checks().get(0).maxAbsError());
            }
        }
    }

    @Test
    void selfCheckRefusesOutputsItCannotPair() {
        KerasModel m = model();
        Path out = Fixtures.workDir("export-multi-pairing").resolve("sm");
        SavedModelExporter.export(m, out);
        KerasModel renamed = SavedModelConverter.convert(out);
        try (SavedModelPredictor asIs = SavedModelPredictor.load(out);
             Predictor converted = new RenamedOutputs(KerasRuntime.builder(renamed).build())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SavedModelSelfCheck.check(
                    converted, asIs, List.of(FillRule.input(2, 4), FillRule.input(2, 3)), Tolerance.finalOutputs()));
            assertTrue(e.getMessage().contains("no outputs named 'first'"), e.getMessage());
            assertFalse(e.getMessage().isBlank());
        }
    }

    /** A predictor whose outputs carry other names than the signature's. */
    private record RenamedOutputs(Predictor inner) implements Predictor {
        @Override
        public List<String> inputNames() {
            return inner.inputNames();
        }

        @Override
        public List<Shape> inputShapes() {
            return inner.inputShapes();
        }

        @Override
        public List<String> outputNames() {
            return List.of("first", "second");
        }

        @Override
        public List<Shape> outputShapes() {
            return inner.outputShapes();
        }

        @Override
        public List<FloatTensor> predict(List<FloatTensor> inputs) {
            return inner.predict(inputs);
        }

        @Override
        public java.util.Map<String, FloatTensor> predictLayers(List<FloatTensor> inputs, java.util.Collection<String> names) {
            return inner.predictLayers(inputs, names);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
