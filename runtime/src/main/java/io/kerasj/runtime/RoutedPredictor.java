package io.kerasj.runtime;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Shape;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * {@link Engine#AUTO}'s predictor: calls with fewer than {@code crossover} samples go to one
 * predictor, larger ones to the other (the same one when it won both measurements). Both see the
 * same model, so names and shapes are read from the small-batch one.
 */
final class RoutedPredictor implements Predictor {
    private final Predictor small;
    private final Predictor large;
    private final int crossover;
    private final String measured;

    RoutedPredictor(Predictor small, Predictor large, int crossover, String measured) {
        this.small = small;
        this.large = large;
        this.crossover = crossover;
        this.measured = measured;
    }

    /** The predictor a call with {@code batch} samples runs on. */
    Predictor forBatch(int batch) {
        return batch < crossover ? small : large;
    }

    private Predictor forInputs(List<FloatTensor> inputs) {
        return inputs.isEmpty() ? small : forBatch(inputs.get(0).shape().dim(0));
    }

    @Override
    public List<String> inputNames() {
        return small.inputNames();
    }

    @Override
    public List<Shape> inputShapes() {
        return small.inputShapes();
    }

    @Override
    public List<String> outputNames() {
        return small.outputNames();
    }

    @Override
    public List<Shape> outputShapes() {
        return small.outputShapes();
    }

    @Override
    public List<FloatTensor> predict(List<FloatTensor> inputs) {
        return forInputs(inputs).predict(inputs);
    }

    @Override
    public Map<String, FloatTensor> predictLayers(List<FloatTensor> inputs, Collection<String> layerNames) {
        return forInputs(inputs).predictLayers(inputs, layerNames);
    }

    @Override
    public List<String> layerNames() {
        return small.layerNames();
    }

    @Override
    public void close() {
        try {
            small.close();
        } finally {
            if (large != small) {
                large.close();
            }
        }
    }

    /** Which engine serves which batch sizes, and the measurement that decided it. */
    @Override
    public String toString() {
        String s = engineName(small);
        String l = engineName(large);
        String route = s.equals(l) ? "every batch on " + s
                : "batch < " + crossover + " on " + s + ", larger on " + l;
        return "Engine.AUTO: " + route + " (" + measured + ")";
    }

    private static String engineName(Predictor p) {
        return p instanceof TfPredictor ? "TensorFlow" : "ONNX Runtime";
    }
}
