package io.kerasj.ir;

import io.kerasj.layers.InputLayerSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Visits every layer call of a model in dependency order, for engines that build a graph from
 * the IR (TensorFlow lowering, ONNX export). A call whose step fails (returns null) is reported by
 * the step; calls that depend on it are skipped silently, so reports name causes, not
 * consequences. Calls that never get their inputs (a cycle, a missing layer) are reported here.
 */
public final class CallOrder {
    /** One layer call: its outputs (one per output tensor), or null when it failed. */
    @FunctionalInterface
    public interface Step<T> {
        List<T> call(Layer layer, int callIndex, Node node, List<T> inputs);
    }

    private CallOrder() {
    }

    /**
     * Runs {@code step} on each call of {@code model}'s layers fed by {@code inputs} (one per
     * model input) and returns the model's outputs (null where a problem was recorded).
     *
     * @param pathPrefix prefix of the layer names in problems ({@code outer/} inside nested models)
     */
    public static <T> List<T> walk(KerasModel model, List<T> inputs, String pathPrefix, List<ImportProblem> problems,
                                   Step<T> step) {
        Map<TensorRef, T> available = new HashMap<>();
        Set<TensorRef> failed = new HashSet<>();
        for (int i = 0; i < model.inputs().size(); i++) {
            available.put(model.inputs().get(i), inputs.get(i));
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
                List<T> in = new ArrayList<>();
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
                List<T> out = upstreamFailed ? null : step.call(l, p[1], node, in);
                for (int t = 0; t < node.outputShapes().size(); t++) {
                    TensorRef ref = new TensorRef(l.name(), p[1], t);
                    if (out == null || out.get(t) == null) {
                        failed.add(ref);
                    } else {
                        available.put(ref, out.get(t));
                    }
                }
            }
        }
        for (int[] p : pending) {
            problems.add(new ImportProblem(pathPrefix + layers.get(p[0]).name(),
                    "call " + p[1] + " waits for inputs that are never produced (a cycle or a missing layer)"));
        }
        List<T> outs = new ArrayList<>();
        for (TensorRef r : model.outputs()) {
            outs.add(available.get(r));
        }
        return outs;
    }
}
