package io.kerasj.runtime.graph;

import io.kerasj.ir.FloatTensor;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Empty;
import org.tensorflow.types.TFloat32;

/**
 * Loads weights into {@code VariableV2} variables with one copy: one session run gives every
 * variable fresh, uninitialised memory ({@code Assign(variable, Empty(shape))}) and fetches the
 * variables, whose fetched tensors share that memory on the CPU; each imported value is then copied
 * straight into it (from a memory-mapped model file: file pages to variable, nothing between).
 * Feeding values through placeholders instead costs two more copies of the model (into a fed
 * tensor, then Assign's copy into the variable, since the fed tensor stays referenced) and a
 * session run per layer.
 *
 * <p>That a fetched tensor shares its variable's memory is TensorFlow's behaviour on the CPU, not
 * a promise, so it is checked: a second run fetches the variables again and every tensor must
 * still point at the memory written. When not (a GPU, another TensorFlow), nothing is claimed and
 * the caller loads the values the fed way, which overwrites whatever was written here.
 */
final class InPlaceWeightLoad {
    // built on the first load only, so re-initialising a session does not grow the graph
    private final Map<WeightVariables.Entry, Assign<TFloat32>> allocations = new HashMap<>();

    /** One weight to load (with at least one value): its variable and value. */
    record Target(WeightVariables.Entry entry, FloatTensor value) {
    }

    /** True when every value now sits in its variable; false when the caller must load them another way. */
    boolean load(Session session, List<Target> targets) {
        Session.Runner allocate = session.runner();
        for (Target t : targets) {
            allocate.fetch(allocations.computeIfAbsent(t.entry(), e -> {
                Ops s = e.scope();
                return s.withName("allocate").assign(e.variable(),
                        s.empty(s.constant(t.value().shape().dims()), TFloat32.class, Empty.init(false)));
            }));
        }
        long[] written = new long[targets.size()];
        try (Result fetched = allocate.run()) {
            for (int i = 0; i < targets.size(); i++) {
                TFloat32 memory = (TFloat32) fetched.get(i);
                written[i] = TensorTransfer.nativeAddress(memory);
                FloatBuffer view = TensorTransfer.writableView(memory);
                if (written[i] == 0 || view == null) {
                    return false;
                }
                targets.get(i).value().copyTo(view);
            }
        }
        Session.Runner check = session.runner();
        targets.forEach(t -> check.fetch(t.entry().variable()));
        try (Result again = check.run()) {
            for (int i = 0; i < targets.size(); i++) {
                if (TensorTransfer.nativeAddress((TFloat32) again.get(i)) != written[i]) {
                    return false;
                }
            }
        }
        return true;
    }
}
