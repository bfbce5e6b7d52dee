package io.kerasj.runtime.graph;

import io.kerasj.config.NestedModelSpec;
import io.kerasj.ir.CallOrder;
import io.kerasj.ir.ImportProblem;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Node;
import java.util.ArrayList;
import java.util.HashSet;
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
        if (record) {
            for (int i = 0; i < model.inputs().size(); i++) {
                layerOutputs.putIfAbsent(pathPrefix + model.inputs().get(i).layer(), inputs.get(i));
            }
        }
        return CallOrder.walk(model, inputs, pathPrefix, problems, (l, call, node, in) -> {
            List<Operand<TFloat32>> out = lowerCall(tf, l, call, node, in, pathPrefix, owner, weightPrefix, record);
            if (record && out != null && call == 0 && out.get(0) != null) {
                layerOutputs.put(pathPrefix + l.name(), out.get(0));
            }
            return out;
        });
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

    private String unique(String parent, String name) {
        String n = name;
        for (int i = 1; !usedScopes.add(parent + n); i++) {
            n = name + "." + i;
        }
        return n;
    }
}
