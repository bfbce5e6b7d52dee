package io.kerasj.runtime.graph;

import io.kerasj.config.NestedModelSpec;
import io.kerasj.ir.ImportProblem;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Node;
import io.kerasj.ir.CallOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
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
        if (record) {
            for (int i = 0; i < model.inputs().size(); i++) {
                layerOutputs.putIfAbsent(pathPrefix + model.inputs().get(i).layer(), inputs.get(i));
            }
        }
        List<Flow> fed = new ArrayList<>();
        for (Operand<TFloat32> x : inputs) {
            fed.add(new Flow(x, null));
        }
        List<Flow> outs = CallOrder.walk(model, fed, pathPrefix, problems, (l, call, node, in) -> {
            List<Operand<TFloat32>> values = new ArrayList<>(in.size());
            List<Operand<TBool>> inMasks = new ArrayList<>(in.size());
            for (Flow f : in) {
                values.add(f.value());
                inMasks.add(f.mask());
            }
            Lowered lowered = lowerCall(tf, l, call, node, values, inMasks, pathPrefix, owner, weightPrefix, record);
            if (lowered == null) {
                return null;
            }
            if (record && call == 0 && lowered.outputs().get(0) != null) {
                layerOutputs.put(pathPrefix + l.name(), fetchable(tf, pathPrefix, l.name(), lowered.outputs().get(0)));
            }
            List<Flow> out = new ArrayList<>(lowered.outputs().size());
            for (int t = 0; t < lowered.outputs().size(); t++) {
                Operand<TFloat32> v = lowered.outputs().get(t);
                out.add(v == null ? null : new Flow(v, lowered.masks().get(t)));
            }
            return out;
        });
        List<Operand<TFloat32>> values = new ArrayList<>(outs.size());
        for (Flow f : outs) {
            values.add(f == null ? null : f.value());
        }
        return values;
    }

    /** A tensor with the Keras mask (or null) riding along it. */
    private record Flow(Operand<TFloat32> value, Operand<TBool> mask) {
    }

    /** One call's outputs and the Keras mask (or null) riding along each. */
    private record Lowered(List<Operand<TFloat32>> outputs, List<Operand<TBool>> masks) {
    }

    private Lowered lowerCall(Ops tf, Layer l, int call, Node node, List<Operand<TFloat32>> in,
                              List<Operand<TBool>> inMasks, String pathPrefix, Layer owner, String weightPrefix,
                              boolean record) {
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
                // masks do not cross into or out of a nested model
                return new Lowered(out, MaskPropagation.none(out.size()));
            }
            LayerContext ctx = new LayerContext(scoped, l, node, options, variables, effectiveOwner, ownWeightPrefix, training);
            ctx.setInputMasks(inMasks);
            List<Operand<TFloat32>> out = LayerLowering.lower(ctx, in);
            List<Operand<TBool>> outMasks = ctx.outputMasks() != null ? ctx.outputMasks()
                    : MaskPropagation.defaults(ctx, inMasks, out.size());
            return new Lowered(out, outMasks);
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
