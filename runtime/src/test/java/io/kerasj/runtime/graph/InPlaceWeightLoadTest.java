package io.kerasj.runtime.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.KerasModels;
import io.kerasj.fill.FillRule;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Weight;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * Weights written straight into the variables' memory (one copy) on this TensorFlow CPU path: the
 * in-place load is taken, not the fed fallback, every variable then holds exactly its imported
 * value, and loading again (re-initialising) neither grows the graph nor changes a value.
 */
class InPlaceWeightLoadTest {
    private static final String MODEL = "deeplearning4j__dl4j-test-resources/src/main/resources/keras/simple/cnn_tf_model.h5";

    @Test
    void variablesHoldTheImportedValuesAfterOneInPlaceCopy() {
        KerasModel model = KerasModels.load(Fixtures.corpus(MODEL));
        try (CompiledModel c = CompiledModel.compile(model); Session s = new Session(c.graph())) {
            WeightVariables w = c.weights();
            List<InPlaceWeightLoad.Target> targets = new ArrayList<>();
            InPlaceWeightLoad load = new InPlaceWeightLoad();
            for (WeightVariables.Entry e : w.entries()) {
                targets.add(new InPlaceWeightLoad.Target(e, w.initialValue(e).orElseThrow()));
            }
            assertFalse(targets.isEmpty());
            assertTrue(load.load(s, targets), "TensorFlow's CPU variables share their memory with fetched tensors");
            assertHoldsImportedValues(model, c, s);
        }
    }

    @Test
    void initialisingTwiceKeepsTheGraphAndTheValues() {
        KerasModel model = KerasModels.load(Fixtures.corpus(MODEL));
        try (CompiledModel c = CompiledModel.compile(model); Session s = new Session(c.graph())) {
            c.initialize(s);
            assertHoldsImportedValues(model, c, s);
            long ops = operations(c);
            c.initialize(s);
            assertEquals(ops, operations(c));
            assertHoldsImportedValues(model, c, s);
        }
    }

    @Test
    void heapHeldValuesLoadAlike() {
        // fill-rule weights live in heap arrays, not in a mapped file
        KerasModel model = FillRule.fill(KerasModels.load(Fixtures.corpus(MODEL)));
        try (CompiledModel c = CompiledModel.compile(model); Session s = new Session(c.graph())) {
            c.initialize(s);
            assertHoldsImportedValues(model, c, s);
        }
    }

    private static long operations(CompiledModel c) {
        long n = 0;
        for (var it = c.graph().operations(); it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }

    private static void assertHoldsImportedValues(KerasModel model, CompiledModel c, Session s) {
        Map<String, Map<String, org.tensorflow.op.core.Variable<TFloat32>>> vars = c.weights().variables();
        int checked = 0;
        for (Layer l : model.layers()) {
            for (Weight w : l.weights()) {
                try (Result r = s.runner().fetch(vars.get(l.name()).get(w.name())).run()) {
                    FloatTensor loaded = TensorTransfer.fromTensorFlow((TFloat32) r.get(0));
                    assertEquals(w.value(), loaded, l.name() + "/" + w.name());
                    checked++;
                }
            }
        }
        assertTrue(checked > 0);
    }
}
