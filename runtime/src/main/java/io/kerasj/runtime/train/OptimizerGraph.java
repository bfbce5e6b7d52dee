package io.kerasj.runtime.train;

import io.kerasj.ir.FloatTensor;
import io.kerasj.runtime.graph.TensorTransfer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The training step of an optimizer on a graph: slot variables (zero-initialised, as Keras
 * creates them), the {@code iterations} counter, and one op that applies every update after all
 * gradients exist (so no weight changes while a gradient still reads it) and then counts the step.
 */
public final class OptimizerGraph {
    private final Ops tf;
    private final Variable<TInt64> iterations;
    private final List<Op> initOps = new ArrayList<>();
    private final Map<Variable<TFloat32>, Map<String, Variable<TFloat32>>> slots = new IdentityHashMap<>();
    private final Map<Double, Operand<TFloat32>> powers = new LinkedHashMap<>();
    private Operand<TFloat32> localStep;
    private Op step;
    private Placeholder<TInt64> restoreIterationsValue;
    private Op restoreIterations;
    private final Map<Variable<TFloat32>, Placeholder<TFloat32>> restoreSlots = new IdentityHashMap<>();
    private final Map<Variable<TFloat32>, Op> restoreSlotOps = new IdentityHashMap<>();

    private OptimizerGraph(Ops tf) {
        this.tf = tf;
        this.iterations = tf.withName("iterations").variable(Shape.scalar(), TInt64.class);
        initOps.add(tf.assign(iterations, tf.constant(0L)));
    }

    /**
     * Builds the step for {@code vars} and their {@code grads} (same order).
     *
     * @param tf ops scoped where the optimizer's variables should live (e.g. {@code optimizer/})
     * @param extraUpdates ops to run in the same step (BatchNormalization's moving statistics)
     */
    public static OptimizerGraph build(Ops tf, Optimizer optimizer, List<Variable<TFloat32>> vars,
                                       List<Operand<TFloat32>> grads, List<Op> extraUpdates) {
        if (vars.size() != grads.size()) {
            throw new IllegalArgumentException(vars.size() + " variables but " + grads.size() + " gradients");
        }
        OptimizerGraph g = new OptimizerGraph(tf);
        List<Op> gradOps = new ArrayList<>();
        for (Operand<TFloat32> grad : grads) {
            Operation producer = grad.op();
            gradOps.add(() -> producer);
        }
        Ops gated = tf.withControlDependencies(gradOps);
        List<Op> updates = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            updates.add(optimizer.update(gated, g, vars.get(i), grads.get(i)));
        }
        updates.addAll(extraUpdates);
        g.step = tf.withControlDependencies(updates).withName("train_step").assignAdd(g.iterations, tf.constant(1L));
        return g;
    }

    /** The op to run once per batch (fetch the loss alongside it). */
    public Op step() {
        return step;
    }

    public Variable<TInt64> iterations() {
        return iterations;
    }

    /** Zeroes every slot variable and the step counter. */
    public void initialize(Session session) {
        Session.Runner r = session.runner();
        initOps.forEach(r::addTarget);
        r.run().close();
    }

    /** Slot {@code name} of {@code var}, created zero-initialised on first use. */
    public Variable<TFloat32> slot(Variable<TFloat32> var, String name) {
        return slots.computeIfAbsent(var, k -> new LinkedHashMap<>()).computeIfAbsent(name, n -> {
            Shape shape = var.shape();
            String base = var.op().name().replace('/', '_');
            Variable<TFloat32> s = tf.withSubScope("slots").withName(base + "_" + n).variable(shape, TFloat32.class);
            initOps.add(tf.assign(s, tf.zeros(tf.constant(shape.asArray()), TFloat32.class)));
            return s;
        });
    }

    /** All slot variables of {@code var} by name. */
    public Map<String, Variable<TFloat32>> slots(Variable<TFloat32> var) {
        return slots.getOrDefault(var, Map.of());
    }

    /** The step counter's value in {@code session}. */
    public long iterations(Session session) {
        try (Result r = session.runner().fetch(iterations).run()) {
            return ((TInt64) r.get(0)).getLong();
        }
    }

    /** The value of one slot variable in {@code session}. */
    public FloatTensor value(Session session, Variable<TFloat32> slot) {
        try (Result r = session.runner().fetch(slot).run()) {
            return TensorTransfer.fromTensorFlow((TFloat32) r.get(0));
        }
    }

    /**
     * Sets the step counter and the given slot variables (a resumed run). The assign ops are
     * added to the graph on first use; TensorFlow extends a live session with them.
     */
    public void restore(Session session, long iterationCount, Map<Variable<TFloat32>, FloatTensor> slotValues) {
        if (restoreIterations == null) {
            Ops r = tf.withSubScope("restore");
            restoreIterationsValue = r.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
            restoreIterations = r.assign(iterations, restoreIterationsValue);
        }
        List<AutoCloseable> fed = new ArrayList<>();
        try {
            TInt64 it = TInt64.scalarOf(iterationCount);
            fed.add(it);
            Session.Runner run = session.runner().feed(restoreIterationsValue, it).addTarget(restoreIterations);
            for (Map.Entry<Variable<TFloat32>, FloatTensor> e : slotValues.entrySet()) {
                Variable<TFloat32> slot = e.getKey();
                if (!slot.shape().equals(TensorTransfer.toTfShape(e.getValue().shape()))) {
                    throw new IllegalArgumentException("slot " + slot.op().name() + " has shape " + slot.shape()
                            + " but the stored value has " + e.getValue().shape());
                }
                Placeholder<TFloat32> value = restoreSlots.computeIfAbsent(slot, k -> {
                    Ops r = tf.withSubScope("restore");
                    Placeholder<TFloat32> p = r.placeholder(TFloat32.class, Placeholder.shape(k.shape()));
                    restoreSlotOps.put(k, r.assign(k, p));
                    return p;
                });
                TFloat32 t = TensorTransfer.toTensorFlow(e.getValue());
                fed.add(t);
                run.feed(value, t).addTarget(restoreSlotOps.get(slot));
            }
            run.run().close();
        } finally {
            for (AutoCloseable c : fed) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // tensors close without checked failures
                }
            }
        }
    }

    /** A float32 scalar constant (hyper-parameters are float32 in Keras' update ops). */
    public Operand<TFloat32> scalar(double v) {
        return tf.constant((float) v);
    }

    /** {@code beta^(iterations + 1)} in float32, as Keras' Adam computes its bias corrections. */
    public Operand<TFloat32> power(double beta) {
        return powers.computeIfAbsent(beta, b -> {
            if (localStep == null) {
                localStep = tf.dtypes.cast(tf.math.add(iterations, tf.constant(1L)), TFloat32.class);
            }
            return tf.math.pow(tf.constant((float) beta), localStep);
        });
    }
}
