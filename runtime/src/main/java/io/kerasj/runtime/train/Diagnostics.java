package io.kerasj.runtime.train;

import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.runtime.data.Batches;
import io.kerasj.runtime.data.Dataset;
import io.kerasj.runtime.graph.CompiledModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Measures a collapsed run on probe batches of training data. Dead ReLU units: for every layer
 * whose output is a {@code Relu}/{@code Relu6} op, the channels (last axis) whose maximum over all
 * probe samples and positions is 0, in training mode. Gradient norms: the L2 norm of each layer's
 * trained-weight gradients on the first probe batch. Softmax: in inference mode, the share of
 * probe samples whose largest probability exceeds 0.999, the mean largest probability, and the
 * spread of the probabilities across samples. The measuring ops are added to the graph when a diagnosis is made.
 */
final class Diagnostics {
    private static final double SATURATION = 0.999;

    private final Session session;
    private final TrainingGraph g;
    private final CompiledModel compiled;
    private final KerasModel model;
    private final int batchSize;

    Diagnostics(Session session, TrainingGraph g, CompiledModel compiled, KerasModel model, int batchSize) {
        this.session = session;
        this.g = g;
        this.compiled = compiled;
        this.model = model;
        this.batchSize = batchSize;
    }

    /** The op computing a layer output, behind the Identity the lowering fetches layer outputs through. */
    private static GraphOperation producer(Operand<TFloat32> layerOutput) {
        if (!(layerOutput.op() instanceof GraphOperation op)) {
            return null;
        }
        while (op.type().equals("Identity") && op.numInputs() == 1 && op.input(0).op() instanceof GraphOperation in) {
            op = in;
        }
        return op;
    }

    CollapseDiagnosis measure(Dataset data, int probe, int epoch, double loss, double accuracy, CollapseDetector detector) {
        Ops tf = compiled.ops().withSubScope("diagnosis");
        // ReLU layers and their per-channel maxima
        List<String> reluLayers = new ArrayList<>();
        List<Operand<TFloat32>> channelMax = new ArrayList<>();
        for (Map.Entry<String, Operand<TFloat32>> e : compiled.layerOutputs().entrySet()) {
            GraphOperation op = producer(e.getValue());
            if (op != null && (op.type().equals("Relu") || op.type().equals("Relu6"))) {
                Operand<TFloat32> out = e.getValue();
                int rank = out.shape().numDimensions();
                int[] axes = new int[Math.max(rank - 1, 0)];
                for (int i = 0; i < axes.length; i++) {
                    axes[i] = i;
                }
                reluLayers.add(e.getKey());
                channelMax.add(tf.max(out, tf.constant(axes)));
            }
        }
        // squared gradient norm per trained weight, grouped by layer afterwards
        List<Operand<TFloat32>> gradSq = new ArrayList<>();
        for (TrainingGraph.Trained t : g.trained) {
            int rank = t.gradient().shape().numDimensions();
            int[] axes = new int[rank];
            for (int i = 0; i < rank; i++) {
                axes[i] = i;
            }
            gradSq.add(tf.reduceSum(tf.math.square(t.gradient()), tf.constant(axes)));
        }
        float[][] maxima = new float[reluLayers.size()][];
        double[] gradSquares = new double[gradSq.size()];
        int k = g.output.shape().size(-1) > 0 ? (int) g.output.shape().size(-1) : 1;
        List<float[]> probabilities = new ArrayList<>();
        int size = data.sampleSize();
        int[] order = new int[probe];
        for (int i = 0; i < probe; i++) {
            order[i] = i;
        }
        float[] x = new float[batchSize * size];
        int[] y = new int[batchSize];
        for (int from = 0; from < probe; from += batchSize) {
            int n = Math.min(batchSize, probe - from);
            Batches.fill(data, order, from, n, x, y);
            boolean first = from == 0;
            try (TFloat32 xt = tensor(x, n, data.sampleShape()); TInt32 yt = TInt32.vectorOf(Arrays.copyOf(y, n));
                 TBool on = TBool.scalarOf(true)) {
                Session.Runner r = session.runner().feed(g.input, xt).feed(g.labels, yt).feed(g.flag, on);
                channelMax.forEach(r::fetch);
                if (first) {
                    gradSq.forEach(r::fetch);
                }
                try (Result res = r.run()) {
                    for (int i = 0; i < maxima.length; i++) {
                        float[] m = read((TFloat32) res.get(i));
                        if (maxima[i] == null) {
                            maxima[i] = m;
                        } else {
                            for (int c = 0; c < m.length; c++) {
                                maxima[i][c] = Math.max(maxima[i][c], m[c]);
                            }
                        }
                    }
                    if (first) {
                        for (int i = 0; i < gradSquares.length; i++) {
                            gradSquares[i] = ((TFloat32) res.get(maxima.length + i)).getFloat();
                        }
                    }
                }
                try (Result res = session.runner().feed(g.input, xt).fetch(g.output).run()) {
                    float[] p = read((TFloat32) res.get(0));
                    for (int s = 0; s < n; s++) {
                        probabilities.add(Arrays.copyOfRange(p, s * k, (s + 1) * k));
                    }
                }
            }
        }
        // per layer: dead fraction, non-finite fraction, units, trained (0/1), squared gradient norm
        Map<String, double[]> perLayer = new LinkedHashMap<>();
        for (Layer l : model.layers()) {
            perLayer.put(l.name(), new double[] {Double.NaN, 0, 0, 0, 0});
        }
        for (int i = 0; i < reluLayers.size(); i++) {
            float[] m = maxima[i];
            int dead = 0;
            int nonFinite = 0;
            for (float v : m) {
                if (!Float.isFinite(v)) {
                    nonFinite++;
                } else if (!(v > 0)) {
                    dead++;
                }
            }
            double[] e = perLayer.computeIfAbsent(reluLayers.get(i), n -> new double[] {Double.NaN, 0, 0, 0, 0});
            e[0] = (double) dead / m.length;
            e[1] = (double) nonFinite / m.length;
            e[2] = m.length;
        }
        for (int i = 0; i < g.trained.size(); i++) {
            double[] e = perLayer.computeIfAbsent(g.trained.get(i).layer(), n -> new double[] {Double.NaN, 0, 0, 0, 0});
            e[3] = 1;
            e[4] += gradSquares[i];
        }
        List<CollapseDiagnosis.LayerStat> stats = new ArrayList<>();
        perLayer.forEach((name, e) -> {
            if (!Double.isNaN(e[0]) || e[3] > 0) {
                stats.add(new CollapseDiagnosis.LayerStat(name, (int) e[2], e[0], e[1], e[3] > 0,
                        e[3] > 0 ? Math.sqrt(e[4]) : Double.NaN));
            }
        });
        return new CollapseDiagnosis(epoch, loss, detector.lnK(), accuracy, detector.chance(), stats,
                saturated(probabilities), meanMax(probabilities), spread(probabilities, k), probe);
    }

    private static double saturated(List<float[]> probs) {
        int s = 0;
        for (float[] p : probs) {
            if (max(p) > SATURATION) {
                s++;
            }
        }
        return (double) s / probs.size();
    }

    private static double meanMax(List<float[]> probs) {
        double sum = 0;
        for (float[] p : probs) {
            sum += max(p);
        }
        return sum / probs.size();
    }

    private static double spread(List<float[]> probs, int k) {
        double total = 0;
        for (int c = 0; c < k; c++) {
            double mean = 0;
            for (float[] p : probs) {
                mean += p[c];
            }
            mean /= probs.size();
            double var = 0;
            for (float[] p : probs) {
                var += (p[c] - mean) * (p[c] - mean);
            }
            total += Math.sqrt(var / probs.size());
        }
        return total / k;
    }

    private static float max(float[] p) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : p) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static float[] read(TFloat32 t) {
        float[] a = new float[(int) t.shape().size()];
        t.asRawTensor().data().asFloats().read(a);
        return a;
    }

    private static TFloat32 tensor(float[] x, int n, io.kerasj.ir.Shape sample) {
        long[] dims = new long[sample.rank() + 1];
        dims[0] = n;
        for (int i = 0; i < sample.rank(); i++) {
            dims[i + 1] = sample.dim(i);
        }
        return TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(dims),
                DataBuffers.of(x, true, false).narrow((long) n * sample.size()));
    }
}
