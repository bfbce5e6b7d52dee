package io.kerasj.runtime.graph;

import io.kerasj.config.NestedModelSpec;
import io.kerasj.ir.ImportProblem;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Node;
import io.kerasj.ir.TensorRef;
import io.kerasj.layers.InputLayerSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Walks a model's layer calls in dependency order and lowers each one. Shared layers are lowered
 * once per call with the same variables; nested models are inlined (their layers appear as
 * {@code outer/inner}). Every layer that cannot be lowered is reported; layers that depend on it
 * are skipped silently so the report names causes, not consequences.
 */
final class ModelLowering {
    private final WeightVariables variables;
    private final LoweringOptions options;
    private final Map<String, Operand<TFloat32>> layerOutputs = new LinkedHashMap<>();
    private final List<ImportProblem> problems = new ArrayList<>();
    private final Set<String> usedScopes = new HashSet<>();
    private final TrainingMode training;

    ModelLowering(WeightVariables variables, LoweringOptions options, TrainingMode training) {
        this.variables = variables;
        this.options = options;
        this.training = training;
    }

    Map<String, Operand<TFloat32>> layerOutputs() {
        return layerOutputs;
    }

    List<ImportProblem> problems() {
        return problems;
    }

    /**
     * Lowers {@code model} fed by {@code inputs} and returns its outputs (null entries where a
     * problem was recorded).
     *
     * @param owner the top-level layer whose weights these layers use (null at top level)
     * @param weightPrefix prefix of inner weight names inside {@code owner} ("" at top level)
     */
    List<Operand<TFloat32>> lower(Ops tf, KerasModel model, List<Operand<TFloat32>> inputs, String pathPrefix,
                                  Layer owner, String weightPrefix, boolean record) {
        Map<TensorRef, Operand<TFloat32>> available = new HashMap<>();
        Set<TensorRef> failed = new HashSet<>();
        for (int i = 0; i < model.inputs().size(); i++) {
            TensorRef ref = model.inputs().get(i);
            available.put(ref, inputs.get(i));
            if (record) {
                layerOutputs.putIfAbsent(pathPrefix + ref.layer(), inputs.get(i));
            }
        }
        List<int[]> pending = new ArrayList<>();
        List<Layer> layers = model.layers();
        for (int li = 0; li < layers.size(); li++) {
            Layer l = layers.get(li);
            if (l.spec() instanceof InputLayerSpec && l.nodes().size() == 1 && l.node().inputs().isEmpty()) {
                if (!available.containsKey(new TensorRef(l.name(), 0, 0))) {
                    problems.add(new ImportProblem(pathPrefix + l.name(), "input layer is not one of the model inputs"));
                }
                continue;
            }
            for (int k = 0; k < l.nodes().size(); k++) {
                pending.add(new int[] {li, k});
            }
        }
        boolean progress = true;
        while (progress && !pending.isEmpty()) {
            progress = false;
            for (Iterator<int[]> it = pending.iterator(); it.hasNext();) {
                int[] p = it.next();
                Layer l = layers.get(p[0]);
                Node node = l.nodes().get(p[1]);
                List<Operand<TFloat32>> in = new ArrayList<>();
                boolean ready = true;
                boolean upstreamFailed = false;
                for (TensorRef r : node.inputs()) {
                    if (failed.contains(r)) {
                        upstreamFailed = true;
                    } else if (!available.containsKey(r)) {
                        ready = false;
                    } else {
                        in.add(available.get(r));
                    }
                }
                if (!ready && !upstreamFailed) {
                    continue;
                }
                it.remove();
                progress = true;
                List<Operand<TFloat32>> out = upstreamFailed ? null : lowerCall(tf, l, p[1], node, in, pathPrefix, owner, weightPrefix, record);
                for (int t = 0; t < node.outputShapes().size(); t++) {
                    TensorRef ref = new TensorRef(l.name(), p[1], t);
                    if (out == null || out.get(t) == null) {
                        failed.add(ref);
                    } else {
                        available.put(ref, out.get(t));
                    }
                }
                if (record && out != null && p[1] == 0 && out.get(0) != null) {
                    layerOutputs.put(pathPrefix + l.name(), fetchable(tf, pathPrefix, l.name(), out.get(0)));
                }
            }
        }
        for (int[] p : pending) {
            problems.add(new ImportProblem(pathPrefix + layers.get(p[0]).name(),
                    "call " + p[1] + " waits for inputs that are never produced (a cycle or a missing layer)"));
        }
        List<Operand<TFloat32>> outs = new ArrayList<>();
        for (TensorRef r : model.outputs()) {
            outs.add(available.get(r));
        }
        return outs;
    }

    private List<Operand<TFloat32>> lowerCall(Ops tf, Layer l, int call, Node node, List<Operand<TFloat32>> in,
                                              String pathPrefix, Layer owner, String weightPrefix, boolean record) {
        String path = pathPrefix + l.name();
        String scopeName = OpNames.sanitize(call == 0 ? l.name() : l.name() + ".call" + call);
        Ops scoped = tf.withSubScope(unique(pathPrefix, scopeName));
        Layer effectiveOwner = owner == null ? l : owner;
        String ownWeightPrefix = owner == null ? "" : weightPrefix + l.name() + "/";
        try {
            if (l.spec() instanceof NestedModelSpec nested) {
                List<Operand<TFloat32>> out = lower(scoped, nested.inner(), in, path + "/", effectiveOwner, ownWeightPrefix,
                        record && call == 0);
                if (out.contains(null)) {
                    return null;
                }
                return out;
            }
            LayerContext ctx = new LayerContext(scoped, l, node, options, variables, effectiveOwner, ownWeightPrefix, training);
            return LayerLowering.lower(ctx, in);
        } catch (LoweringException e) {
            problems.add(new ImportProblem(path, e.getMessage()));
        } catch (IllegalArgumentException | IllegalStateException | org.tensorflow.exceptions.TensorFlowException e) {
            // TensorFlow's shape inference rejected the op: report it against the layer
            problems.add(new ImportProblem(path, l.className() + " could not be built as a TensorFlow graph: " + e.getMessage()));
        }
        return null;
    }

    /**
     * What a caller fetches as a layer's output: an Identity of it, outside the data path. With
     * oneDNN on, TF 2.18's remapper fuses e.g. Conv2D+BiasAdd+LeakyRelu into one op even when the
     * BiasAdd is itself fetched, and the fetch then fails ("Tensor .../BiasAdd:0 ... was not found in
     * the Graph"). The Identity gives the producer a second consumer only in runs that fetch it;
     * runs that do not prune it away and keep the fusion.
     */
    private Operand<TFloat32> fetchable(Ops tf, String pathPrefix, String layer, Operand<TFloat32> x) {
        String name = unique(pathPrefix + "layer_outputs/", OpNames.sanitize(layer));
        return tf.withSubScope("layer_outputs").withName(name).identity(x);
    }

    private String unique(String parent, String name) {
        String n = name;
        for (int i = 1; !usedScopes.add(parent + n); i++) {
            n = name + "." + i;
        }
        return n;
    }
}
