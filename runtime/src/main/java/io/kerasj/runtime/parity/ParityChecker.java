package io.kerasj.runtime.parity;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.Predictor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a predictor on a reference's inputs and compares every recorded layer and output with
 * allclose tolerances (separate ones for intermediate layers and final outputs).
 */
public final class ParityChecker {
    private final Tolerance layers;
    private final Tolerance outputs;

    public ParityChecker(Tolerance layers, Tolerance outputs) {
        this.layers = layers;
        this.outputs = outputs;
    }

    /** Layers at atol 1e-4 / rtol 1e-3, final outputs at atol 1e-5 / rtol 1e-4. */
    public static ParityChecker defaults() {
        return new ParityChecker(Tolerance.intermediate(), Tolerance.finalOutputs());
    }

    public ParityReport check(Predictor predictor, Reference ref) {
        List<LayerCheck> checks = new ArrayList<>();
        List<String> exposed = predictor.layerNames();
        List<String> fetch = new ArrayList<>();
        for (LayerExpectation e : ref.layers()) {
            if (exposed.isEmpty() || exposed.contains(e.name())) {
                fetch.add(e.name());
            }
        }
        Map<String, FloatTensor> actual = fetch.isEmpty() ? Map.of() : predictor.predictLayers(ref.inputs(), fetch);
        // in reference (model) order, so the first failing check is the first diverging layer
        for (LayerExpectation e : ref.layers()) {
            FloatTensor a = actual.get(e.name());
            checks.add(a != null ? compare(e, a, layers, false)
                    : missing(e.name(), e, false, "the model has no layer of this name"));
        }
        if (!ref.outputs().isEmpty()) {
            List<FloatTensor> outs = predictor.predict(ref.inputs());
            if (outs.size() != ref.outputs().size()) {
                checks.add(missing("outputs", null, true, "the model has " + outs.size() + " outputs, the reference "
                        + ref.outputs().size()));
            } else {
                for (int i = 0; i < outs.size(); i++) {
                    checks.add(compare(ref.outputs().get(i), outs.get(i), outputs, true));
                }
            }
        }
        return new ParityReport(ref.description(), layers, outputs, checks);
    }

    private static LayerCheck missing(String name, LayerExpectation e, boolean output, String problem) {
        return new LayerCheck(name, output, e == null ? null : e.shape(), null, 0, Double.NaN, Double.NaN, -1,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, false, problem);
    }

    /** Compares one tensor with its expectation under {@code tol}. */
    public static LayerCheck compare(LayerExpectation e, FloatTensor a, Tolerance tol, boolean output) {
        Shape got = a.shape();
        if (!got.equals(e.shape())) {
            return new LayerCheck(e.name(), output, e.shape(), got, 0, Double.NaN, Double.NaN, -1, Double.NaN,
                    Double.NaN, Double.NaN, a.sum(), false, "shape " + got + " differs from the reference " + e.shape());
        }
        Worst w = new Worst();
        if (e.isFull()) {
            FloatTensor x = e.values();
            for (int i = 0; i < x.size(); i++) {
                w.see(i, a.get(i), x.get(i), tol);
            }
            return w.result(e.name(), output, e.shape(), got, x.sum(), a.sum(), null);
        }
        LayerExpectation.Summary s = e.summary();
        for (int k = 0; k < s.sampleIndices().length; k++) {
            long idx = s.sampleIndices()[k];
            if (idx < 0 || idx >= a.size()) {
                return new LayerCheck(e.name(), output, e.shape(), got, 0, Double.NaN, Double.NaN, -1, Double.NaN,
                        Double.NaN, s.sum(), a.sum(), false, "sample index " + idx + " is outside the tensor");
            }
            w.see(idx, a.get((int) idx), s.samples()[k], tol);
        }
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < a.size(); i++) {
            double v = a.get(i);
            sum += v;
            sumSq += v * v;
        }
        String problem = null;
        double sumBound = tol.sumBound(a.size(), s.sumSq());
        double sumSqBound = tol.sumSqBound(a.size(), s.sumSq());
        if (!(Math.abs(sum - s.sum()) <= sumBound)) {
            problem = String.format(java.util.Locale.ROOT, "sum %.9g differs from %.9g by more than %.3g", sum, s.sum(), sumBound);
        } else if (!(Math.abs(sumSq - s.sumSq()) <= sumSqBound)) {
            problem = String.format(java.util.Locale.ROOT, "sum of squares %.9g differs from %.9g by more than %.3g",
                    sumSq, s.sumSq(), sumSqBound);
        }
        return w.result(e.name(), output, e.shape(), got, s.sum(), sum, problem);
    }

    /** Running maxima over compared elements. */
    private static final class Worst {
        long compared;
        double maxAbs;
        double maxRel;
        double worstRatio;
        long worstIndex = -1;
        double worstActual = Double.NaN;
        double worstExpected = Double.NaN;
        boolean allOk = true;
        final ErrorHistogram.Counter errors = new ErrorHistogram.Counter();

        void see(long index, double actual, double expected, Tolerance tol) {
            compared++;
            boolean ok = tol.accepts(actual, expected);
            double abs = Math.abs(actual - expected);
            if (Double.isNaN(abs)) {
                abs = ok ? 0 : Double.POSITIVE_INFINITY;
            }
            double rel = expected != 0 ? abs / Math.abs(expected) : (abs == 0 ? 0 : Double.POSITIVE_INFINITY);
            errors.add(abs);
            maxAbs = Math.max(maxAbs, abs);
            maxRel = Math.max(maxRel, rel);
            // how much of its allowance an element uses: > 1 exactly when it fails
            double allowed = tol.allowed(expected);
            double ratio;
            if (ok) {
                ratio = allowed > 0 ? abs / allowed : 0;
            } else {
                ratio = allowed > 0 && Double.isFinite(abs) ? abs / allowed : Double.POSITIVE_INFINITY;
            }
            if (worstIndex < 0 || ratio > worstRatio) {
                worstRatio = ratio;
                worstIndex = index;
                worstActual = actual;
                worstExpected = expected;
            }
            allOk &= ok;
        }

        LayerCheck result(String name, boolean output, Shape expShape, Shape got, double expSum, double actSum,
                          String problem) {
            boolean passed = allOk && problem == null;
            String p = problem;
            if (!allOk) {
                p = "values outside tolerance" + (problem == null ? "" : "; " + problem);
            }
            return new LayerCheck(name, output, expShape, got, compared, maxAbs, maxRel, worstIndex, worstActual,
                    worstExpected, expSum, actSum, passed, p, errors.result());
        }
    }
}
