package io.kerasj.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.runtime.Engine;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.parity.LayerCheck;
import io.kerasj.runtime.parity.LayerExpectation;
import io.kerasj.runtime.parity.ParityChecker;
import io.kerasj.runtime.parity.ParityReport;
import io.kerasj.runtime.parity.Reference;
import io.kerasj.runtime.parity.Tolerance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every layer of a model on ONNX Runtime against the same layer on TensorFlow. */
final class EngineParity {
    private EngineParity() {
    }

    /** Compares all layers and outputs; returns the report after asserting it passed. */
    static ParityReport check(KerasModel model, List<FloatTensor> inputs, double atol, double rtol) {
        Reference tf;
        try (Predictor p = KerasRuntime.builder(model).build()) {
            List<String> layers = new ArrayList<>(p.layerNames());
            layers.removeAll(p.inputNames());
            Map<String, FloatTensor> acts = p.predictLayers(inputs, layers);
            List<LayerExpectation> expected = new ArrayList<>();
            acts.forEach((n, t) -> expected.add(LayerExpectation.full(n, t)));
            List<FloatTensor> outs = p.predict(inputs);
            List<LayerExpectation> outRefs = new ArrayList<>();
            for (int i = 0; i < outs.size(); i++) {
                outRefs.add(LayerExpectation.full(p.outputNames().get(i), outs.get(i)));
            }
            tf = new Reference("TensorFlow engine", inputs, expected, outRefs);
        }
        try (Predictor p = KerasRuntime.builder(model).engine(Engine.ONNX_RUNTIME).build()) {
            Tolerance tol = new Tolerance(atol, rtol);
            ParityReport r = new ParityChecker(tol, tol).check(p, tf);
            System.out.println(r.toText());
            assertTrue(r.passed(), r.toText());
            assertEquals(tf.layers().size() + tf.outputs().size(), r.checks().size());
            for (LayerCheck c : r.checks()) {
                assertEquals(c.expectedShape().size(), c.compared(), c.describe());
            }
            return r;
        }
    }
}
