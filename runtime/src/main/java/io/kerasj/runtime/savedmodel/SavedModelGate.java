package io.kerasj.runtime.savedmodel;

import io.kerasj.io.OpPolicy;
import io.kerasj.io.OpRefusals;
import io.kerasj.ir.KerasImportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Decides, before TensorFlow loads a SavedModel, whether its graph may run: every op in every
 * {@code serve} meta graph and in its whole function library must be a pure computation op
 * ({@link TfOps#POLICY}). Checkpoint I/O is allowed only where TensorFlow's loader needs it to
 * restore the model's own variables:
 * <ul>
 *   <li>a checkpoint <em>reader</em> ({@code RestoreV2}) may be reachable only from the saver's
 *       restore op, and must take its file prefix from the saver's filename tensor — which the
 *       loader feeds with the SavedModel's own {@code variables/variables} when it runs that op —
 *       through nothing but {@code Identity} nodes and function-call arguments (an init op or a
 *       signature would run it with the filename tensor unfed, reading whatever path it holds);</li>
 *   <li>a checkpoint <em>writer</em> ({@code SaveV2}, {@code MergeV2Checkpoints}) may sit only on
 *       the saver's save path, which neither loading nor predicting runs.</li>
 * </ul>
 * What the loader runs is the saver's restore op (fed the filename) and the init op
 * ({@code saved_model_main_op} / {@code legacy_init_op} / the {@code __saved_model_init_op}
 * signature); predicting runs a signature's outputs. Reachability follows data and control inputs
 * and every function an op names in its attributes (calls, loop bodies, branches), transitively.
 */
public final class SavedModelGate {
    private static final Set<String> CALL_OPS = Set.of("StatefulPartitionedCall", "PartitionedCall");
    private static final Set<String> INIT_COLLECTIONS = Set.of("saved_model_main_op", "legacy_init_op", "main_op");
    private static final String INIT_SIGNATURE = "__saved_model_init_op";
    private static final int MAX_TRACE_DEPTH = 64;

    private final Path dir;
    private final OpRefusals refusals = new OpRefusals();

    private SavedModelGate(Path dir) {
        this.dir = dir;
    }

    /**
     * Throws a {@link KerasImportException} naming every refused op and node when the SavedModel in
     * {@code dir} may not run as-is; returns normally when it only computes.
     */
    public static void check(Path dir) {
        SavedModel sm = read(dir);
        SavedModelGate gate = new SavedModelGate(dir);
        boolean any = false;
        for (MetaGraphDef mg : sm.getMetaGraphsList()) {
            if (mg.getMetaInfoDef().getTagsList().contains(SavedModels.SERVE_TAG)) {
                gate.check(mg);
                any = true;
            }
        }
        if (!any) {
            throw new KerasImportException(dir, null, "the SavedModel has no meta graph tagged '" + SavedModels.SERVE_TAG + "'");
        }
        gate.refusals.throwIfAny(dir, "this SavedModel", "load it with SavedModelPredictor.loadTrustingModelCode or run "
                + "`kerasj predict` with --trust-model-code");
    }

    /** The SavedModel proto TensorFlow's loader would read: {@code saved_model.pb}, else {@code saved_model.pbtxt}. */
    static SavedModel read(Path dir) {
        Path pb = dir.resolve(SavedModels.SAVED_MODEL_PB);
        Path txt = dir.resolve(SavedModels.SAVED_MODEL_PBTXT);
        try {
            if (Files.isRegularFile(pb)) {
                return SavedModel.parseFrom(Files.readAllBytes(pb));
            }
            SavedModel.Builder b = SavedModel.newBuilder();
            com.google.protobuf.TextFormat.getParser().merge(Files.readString(txt, StandardCharsets.UTF_8), b);
            return b.build();
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            throw new KerasImportException(dir, "cannot read the SavedModel graph: " + e.getMessage(),
                    e instanceof Error ? null : e);
        }
    }

    private void check(MetaGraphDef mg) {
        Graph g = new Graph(mg.getGraphDef());
        // 1. every op anywhere must be known to only compute (checkpoint ops are judged by where they sit)
        for (Scope s : g.scopes()) {
            for (NodeDef n : s.nodes.values()) {
                String op = n.getOp();
                if (g.functions.containsKey(op) || TfOps.CHECKPOINT_READERS.contains(op)
                        || TfOps.CHECKPOINT_WRITERS.contains(op)) {
                    continue;
                }
                String why = TfOps.POLICY.refusal(op);
                if (why == null) {
                    why = TfOps.attributeRefusal(n);
                }
                if (why != null) {
                    refusals.refuse(op, n.getName(), s.label(), why);
                }
            }
        }
        // 2. checkpoint ops on what loading and predicting run
        String filenameNode = nodeName(mg.getSaverDef().getFilenameTensorName());
        Reach restoring = g.reach(restoreRoots(mg));
        Reach running = g.reach(runRoots(mg));
        for (Scope s : g.scopes()) {
            for (NodeDef n : s.nodes.values()) {
                boolean restore = restoring.contains(s, n);
                boolean run = running.contains(s, n);
                if (TfOps.CHECKPOINT_WRITERS.contains(n.getOp()) && (restore || run)) {
                    refusals.refuse(n.getOp(), n.getName(), s.label(), "writes files while the model loads or runs "
                            + "(only the saver's save path, which kerasj never runs, may write a checkpoint)");
                } else if (TfOps.CHECKPOINT_READERS.contains(n.getOp()) && run) {
                    // outside the restore op the filename tensor is not fed: it reads whatever path it holds
                    refusals.refuse(n.getOp(), n.getName(), s.label(), "reads a checkpoint while predicting or "
                            + "initialising (only the saver's restore op may, fed the model's own variables)");
                } else if (TfOps.CHECKPOINT_READERS.contains(n.getOp()) && restore) {
                    List<String> in = dataInputs(n);
                    if (filenameNode.isEmpty() || in.isEmpty()
                            || !g.fromFilename(s, in.get(0), filenameNode, 0)) {
                        refusals.refuse(n.getOp(), n.getName(), s.label(), "reads a checkpoint other than the "
                                + "SavedModel's own variables (its file prefix does not come from the saver's "
                                + "filename tensor '" + mg.getSaverDef().getFilenameTensorName() + "')");
                    }
                }
            }
        }
    }

    /** What TensorFlow's loader runs to restore the variables: the saver's restore op, its filename fed. */
    private static Set<String> restoreRoots(MetaGraphDef mg) {
        String restore = mg.getSaverDef().getRestoreOpName();
        return restore.isEmpty() ? Set.of() : Set.of(nodeName(restore));
    }

    /** What runs without the filename fed: the loader's init op and every signature. */
    private static Set<String> runRoots(MetaGraphDef mg) {
        Set<String> roots = new HashSet<>();
        for (Map.Entry<String, CollectionDef> c : mg.getCollectionDefMap().entrySet()) {
            if (INIT_COLLECTIONS.contains(c.getKey())) {
                c.getValue().getNodeList().getValueList().forEach(v -> roots.add(nodeName(v)));
            }
        }
        for (Map.Entry<String, SignatureDef> e : mg.getSignatureDefMap().entrySet()) {
            for (TensorInfo t : e.getValue().getInputsMap().values()) {
                tensorNames(t, roots);
            }
            for (TensorInfo t : e.getValue().getOutputsMap().values()) {
                tensorNames(t, roots);
            }
        }
        return roots;
    }

    private static void tensorNames(TensorInfo t, Set<String> out) {
        if (!t.getName().isEmpty()) {
            out.add(nodeName(t.getName()));
        }
        if (t.hasCooSparse()) {
            out.add(nodeName(t.getCooSparse().getValuesTensorName()));
            out.add(nodeName(t.getCooSparse().getIndicesTensorName()));
            out.add(nodeName(t.getCooSparse().getDenseShapeTensorName()));
        }
        if (t.hasCompositeTensor()) {
            t.getCompositeTensor().getComponentsList().forEach(c -> tensorNames(c, out));
        }
    }

    /** {@code ^node}, {@code node}, {@code node:1} (graph) or {@code node:out:0} (function) → {@code node}. */
    static String nodeName(String input) {
        String s = input.startsWith("^") ? input.substring(1) : input;
        int colon = s.indexOf(':');
        return colon < 0 ? s : s.substring(0, colon);
    }

    private static List<String> dataInputs(NodeDef n) {
        List<String> out = new ArrayList<>();
        for (String in : n.getInputList()) {
            if (!in.startsWith("^")) {
                out.add(in);
            }
        }
        return out;
    }

    /** The function names an op refers to through its attributes (call targets, loop bodies, branches). */
    private static List<String> functionAttrs(NodeDef n) {
        List<String> out = new ArrayList<>();
        for (AttrValue v : n.getAttrMap().values()) {
            if (v.hasFunc()) {
                out.add(v.getFunc().getName());
            }
            if (v.hasList()) {
                v.getList().getFuncList().forEach(f -> out.add(f.getName()));
            }
        }
        return out;
    }

    /** The top-level graph ({@code function == null}) or one library function, with its nodes by name. */
    private record Scope(FunctionDef function, Map<String, NodeDef> nodes, List<String> args) {
        String label() {
            return function == null ? "the graph" : "function '" + function.getSignature().getName() + "'";
        }
    }

    /** Where a function is called from, and whether every call passes arguments positionally. */
    private record CallSite(Scope scope, NodeDef node, boolean positional) {
    }

    private record Reach(Set<String> graphNodes, Set<String> functions) {
        boolean contains(Scope s, NodeDef n) {
            return s.function == null ? graphNodes.contains(n.getName())
                    : functions.contains(s.function.getSignature().getName());
        }
    }

    private static final class Graph {
        final Scope top;
        final Map<String, Scope> functions = new HashMap<>();
        final Map<String, List<CallSite>> callers = new HashMap<>();

        Graph(GraphDef def) {
            top = new Scope(null, byName(def.getNodeList()), List.of());
            for (FunctionDef f : def.getLibrary().getFunctionList()) {
                List<String> args = new ArrayList<>();
                f.getSignature().getInputArgList().forEach(a -> args.add(a.getName()));
                functions.put(f.getSignature().getName(), new Scope(f, byName(f.getNodeDefList()), args));
            }
            for (Scope s : scopes()) {
                for (NodeDef n : s.nodes.values()) {
                    if (functions.containsKey(n.getOp())) {
                        callers.computeIfAbsent(n.getOp(), k -> new ArrayList<>()).add(new CallSite(s, n, true));
                    }
                    for (Map.Entry<String, AttrValue> a : n.getAttrMap().entrySet()) {
                        List<String> named = new ArrayList<>();
                        if (a.getValue().hasFunc()) {
                            named.add(a.getValue().getFunc().getName());
                        }
                        if (a.getValue().hasList()) {
                            a.getValue().getList().getFuncList().forEach(fn -> named.add(fn.getName()));
                        }
                        boolean positional = CALL_OPS.contains(n.getOp()) && a.getKey().equals("f");
                        for (String fn : named) {
                            callers.computeIfAbsent(fn, k -> new ArrayList<>()).add(new CallSite(s, n, positional));
                        }
                    }
                }
            }
        }

        private static Map<String, NodeDef> byName(List<NodeDef> nodes) {
            Map<String, NodeDef> m = new HashMap<>();
            for (NodeDef n : nodes) {
                m.putIfAbsent(n.getName(), n);
            }
            return m;
        }

        List<Scope> scopes() {
            List<Scope> all = new ArrayList<>();
            all.add(top);
            all.addAll(functions.values());
            return all;
        }

        /** Graph nodes reachable backwards from {@code roots}, and every function they may call. */
        Reach reach(Set<String> roots) {
            Set<String> nodes = new HashSet<>();
            Set<String> fns = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>(roots);
            Deque<String> fnTodo = new ArrayDeque<>();
            while (!todo.isEmpty()) {
                String name = todo.pop();
                NodeDef n = top.nodes.get(name);
                if (n == null || !nodes.add(name)) {
                    continue;
                }
                n.getInputList().forEach(in -> todo.push(nodeName(in)));
                calls(n, fnTodo);
            }
            while (!fnTodo.isEmpty()) {
                String f = fnTodo.pop();
                Scope s = functions.get(f);
                if (s == null || !fns.add(f)) {
                    continue;
                }
                // a function body is taken as run whole: no pruning of nodes that feed no output
                s.nodes.values().forEach(n -> calls(n, fnTodo));
            }
            return new Reach(nodes, fns);
        }

        private void calls(NodeDef n, Deque<String> fnTodo) {
            if (functions.containsKey(n.getOp())) {
                fnTodo.push(n.getOp());
            }
            fnTodo.addAll(functionAttrs(n));
        }

        /**
         * True when tensor {@code input} in scope {@code s} is the saver's filename tensor, passed
         * on only through {@code Identity} nodes and positional function-call arguments.
         */
        boolean fromFilename(Scope s, String input, String filenameNode, int depth) {
            if (depth > MAX_TRACE_DEPTH || input.startsWith("^")) {
                return false;
            }
            String name = nodeName(input);
            if (s.function == null && name.equals(filenameNode)) {
                return true;
            }
            if (s.function != null && input.indexOf(':') < 0 && s.args.contains(name) && !s.nodes.containsKey(name)) {
                int index = s.args.indexOf(name);
                List<CallSite> sites = callers.getOrDefault(s.function.getSignature().getName(), List.of());
                if (sites.isEmpty()) {
                    return false;
                }
                for (CallSite c : sites) {
                    List<String> args = dataInputs(c.node);
                    if (!c.positional || index >= args.size()
                            || !fromFilename(c.scope, args.get(index), filenameNode, depth + 1)) {
                        return false;
                    }
                }
                return true;
            }
            NodeDef n = s.nodes.get(name);
            if (n != null && n.getOp().equals("Identity")) {
                List<String> in = dataInputs(n);
                return !in.isEmpty() && fromFilename(s, in.get(0), filenameNode, depth + 1);
            }
            return false;
        }
    }
}
