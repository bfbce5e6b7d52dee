package io.kerasj.runtime.batching;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.Predictor;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A real predictor seen through a window: it records every batch the batching layer sends, and
 * can be told to fail any engine call whose first input matches a rule (an engine error that the
 * input check cannot foresee).
 */
class RecordingEngine implements Predictor {
    final Predictor real;
    final List<FloatTensor> batches = new CopyOnWriteArrayList<>();
    private final Predicate<FloatTensor> failWhen;

    RecordingEngine(Predictor real) {
        this(real, t -> false);
    }

    RecordingEngine(Predictor real, Predicate<FloatTensor> failWhen) {
        this.real = real;
        this.failWhen = failWhen;
    }

    @Override
    public List<FloatTensor> predict(List<FloatTensor> inputs) {
        batches.add(inputs.get(0));
        if (failWhen.test(inputs.get(0))) {
            throw new IllegalStateException("engine refused a batch of " + inputs.get(0).shape());
        }
        return real.predict(inputs);
    }

    @Override
    public List<String> inputNames() {
        return real.inputNames();
    }

    @Override
    public List<Shape> inputShapes() {
        return real.inputShapes();
    }

    @Override
    public List<String> outputNames() {
        return real.outputNames();
    }

    @Override
    public List<Shape> outputShapes() {
        return real.outputShapes();
    }

    @Override
    public Map<String, FloatTensor> predictLayers(List<FloatTensor> inputs, Collection<String> layerNames) {
        return real.predictLayers(inputs, layerNames);
    }

    @Override
    public void close() {
        real.close();
    }
}
