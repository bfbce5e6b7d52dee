package io.kerasj.io;

import java.util.Map;
import java.util.Set;

/**
 * Which graph operations a model file may contain when its graph is run as-is (a SavedModel by
 * TensorFlow; an ONNX file by an ONNX runtime). A model file is data: running it may compute but
 * never touch the file system, the network or an interpreter. So the policy is an allow-list of
 * pure computation ops — anything not on it, including ops this version of kerasj has never heard
 * of, is refused. A few well-known dangerous ops carry a specific reason in the message.
 *
 * <p>Shared by every "run as-is" path: the SavedModel gate in the runtime module
 * ({@code io.kerasj.runtime.savedmodel.SavedModelGate}) builds one for TensorFlow op names; an ONNX
 * gate builds one for ONNX operator types (and refuses custom operator domains before asking it).
 * Findings are collected with {@link OpRefusals}.
 */
public final class OpPolicy {
    private final String engine;
    private final Set<String> allowed;
    private final Map<String, String> dangerous;

    /**
     * @param engine what would run the graph, for messages ("TensorFlow")
     * @param allowed op types that only compute
     * @param dangerous op types known to do I/O or leave the engine, with why (refused like any unknown op)
     */
    public OpPolicy(String engine, Set<String> allowed, Map<String, String> dangerous) {
        this.engine = engine;
        this.allowed = Set.copyOf(allowed);
        this.dangerous = Map.copyOf(dangerous);
        for (String op : this.dangerous.keySet()) {
            if (this.allowed.contains(op)) {
                throw new IllegalArgumentException("op " + op + " is both allowed and dangerous");
            }
        }
    }

    public String engine() {
        return engine;
    }

    public boolean allows(String op) {
        return allowed.contains(op);
    }

    /** Why {@code op} is refused, or {@code null} when it is allowed. */
    public String refusal(String op) {
        if (allowed.contains(op)) {
            return null;
        }
        String why = dangerous.get(op);
        return why != null ? why : "not on kerasj's allow-list of pure " + engine + " computation ops";
    }
}
