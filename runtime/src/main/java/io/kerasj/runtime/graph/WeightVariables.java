package io.kerasj.runtime.graph;

import io.kerasj.ir.FloatTensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The model's weights as TensorFlow {@code VariableV2} variables (the kind the framework
 * optimizers update), keyed layer name → Keras weight name. Each variable has a placeholder-fed
 * assign op, so values move in bulk and the same graph can be re-initialised or trained later.
 */
public final class WeightVariables {

    /** One weight: the variable, its initial value, the op that loads it, and its ops' name scope. */
    public record Entry(String layer, String weight, Variable<TFloat32> variable,
                        Placeholder<TFloat32> initialValue, Assign<TFloat32> assign, Ops scope) {
    }

    private final Map<String, Map<String, Entry>> byLayer = new LinkedHashMap<>();
    // one name scope per owner layer, so TF does not rename a layer's second weight scope
    private final Map<String, Ops> ownerScopes = new java.util.HashMap<>();
    private final java.util.Set<String> usedScopeNames = new java.util.HashSet<>();
    private final Ops root;

    WeightVariables(Ops graphRoot) {
        this.root = graphRoot.withSubScope("weights");
    }
    // imported values, kept until released so a session can be (re)initialised from them
    private final Map<String, FloatTensor> values = new java.util.concurrent.ConcurrentHashMap<>();
    private final InPlaceWeightLoad inPlace = new InPlaceWeightLoad();

    /** The variable for {@code layer/weight}, created (with its loader) on first request. */
    Variable<TFloat32> getOrCreate(String layer, String weight, FloatTensor value) {
        Map<String, Entry> weights = byLayer.computeIfAbsent(layer, k -> new LinkedHashMap<>());
        Entry e = weights.get(weight);
        if (e != null) {
            return e.variable();
        }
        Ops owner = ownerScopes.computeIfAbsent(layer, k -> root.withSubScope(uniqueScope(OpNames.sanitize(k))));
        Ops scope = owner.withSubScope(OpNames.sanitize(weight.replace('/', '.')));
        org.tensorflow.ndarray.Shape shape = TensorTransfer.toTfShape(value.shape());
        Variable<TFloat32> v = scope.withName("variable").variable(shape, TFloat32.class);
        Placeholder<TFloat32> p = scope.withName("initial_value").placeholder(TFloat32.class, Placeholder.shape(shape));
        Assign<TFloat32> a = scope.withName("assign").assign(v, p);
        Entry created = new Entry(layer, weight, v, p, a, scope);
        weights.put(weight, created);
        values.put(key(layer, weight), value);
        return v;
    }

    /** Layer name → Keras weight name → variable, in model order. */
    public Map<String, Map<String, Variable<TFloat32>>> variables() {
        Map<String, Map<String, Variable<TFloat32>>> out = new LinkedHashMap<>();
        byLayer.forEach((layer, ws) -> {
            Map<String, Variable<TFloat32>> m = new LinkedHashMap<>();
            ws.forEach((w, e) -> m.put(w, e.variable()));
            out.put(layer, Collections.unmodifiableMap(m));
        });
        return Collections.unmodifiableMap(out);
    }

    /** Every weight in creation (model) order. */
    public List<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        byLayer.values().forEach(m -> all.addAll(m.values()));
        return Collections.unmodifiableList(all);
    }

    public Operand<TFloat32> variable(String layer, String weight) {
        Map<String, Entry> m = byLayer.get(layer);
        Entry e = m == null ? null : m.get(weight);
        if (e == null) {
            throw new IllegalArgumentException("no variable for weight '" + weight + "' of layer '" + layer + "'");
        }
        return e.variable();
    }

    /**
     * Loads every variable with its imported value: in place, with one copy from the imported
     * tensor into the variable's memory ({@link InPlaceWeightLoad}), or, where TensorFlow does not
     * allow that, fed through the assign ops.
     */
    public void assignAll(Session session) {
        if (values.isEmpty() && !byLayer.isEmpty()) {
            throw new IllegalStateException("the imported weight values were released; feed the assign ops yourself");
        }
        List<InPlaceWeightLoad.Target> targets = new ArrayList<>();
        List<Entry> empty = new ArrayList<>();
        for (Entry e : entries()) {
            FloatTensor v = values.get(key(e.layer(), e.weight()));
            if (v.size() > 0) {
                targets.add(new InPlaceWeightLoad.Target(e, v));
            } else {
                empty.add(e);
            }
        }
        if (targets.isEmpty() || inPlace.load(session, targets)) {
            feed(session, empty);
        } else {
            feed(session, entries());
        }
    }

    /**
     * Feeds values through the assign ops, one layer per session run so that at most one layer's
     * weights exist twice in native memory at a time.
     */
    private void feed(Session session, List<Entry> entries) {
        Map<String, List<Entry>> perLayer = new LinkedHashMap<>();
        entries.forEach(e -> perLayer.computeIfAbsent(e.layer(), k -> new ArrayList<>()).add(e));
        for (List<Entry> layer : perLayer.values()) {
            List<TFloat32> fed = new ArrayList<>();
            try {
                Session.Runner runner = session.runner();
                for (Entry e : layer) {
                    TFloat32 t = TensorTransfer.toTensorFlow(values.get(key(e.layer(), e.weight())));
                    fed.add(t);
                    runner.feed(e.initialValue(), t).addTarget(e.assign());
                }
                runner.run().close();
            } finally {
                fed.forEach(TFloat32::close);
            }
        }
    }

    private String uniqueScope(String name) {
        String n = name;
        for (int i = 1; !usedScopeNames.add(n); i++) {
            n = name + "." + i;
        }
        return n;
    }

    private static String key(String layer, String weight) {
        return layer + '\u0000' + weight;
    }

    /** Drops the references to the imported values (after loading) so the heap copy can be freed. */
    public void releaseValues() {
        values.clear();
    }

    /** The imported value of a weight, while not released. */
    public java.util.Optional<FloatTensor> initialValue(Entry e) {
        return java.util.Optional.ofNullable(values.get(key(e.layer(), e.weight())));
    }
}
