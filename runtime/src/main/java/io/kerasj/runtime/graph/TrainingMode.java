package io.kerasj.runtime.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.op.random.RandomUniformInt;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras' learning phase in one graph: a boolean {@link #flag()} (false unless fed) selects between
 * the training and the inference behaviour of the layers that have one (Keras' {@code training=}
 * argument: Dropout, BatchNormalization, and any {@link TfLayer} that asks
 * {@link LayerContext#training()}), so the same graph and variables serve training steps and
 * evaluation. Layers register their state updates (BatchNormalization's moving statistics) with
 * {@link #addUpdate}; random layers draw their streams from {@link #seed()} and {@link #nextStream()},
 * statelessly per training {@link #step()} with {@link #nextStatelessSeed}.
 */
public final class TrainingMode {
    private final Ops tf;
    private final long seed;
    private final PlaceholderWithDefault<TBool> flag;
    private final PlaceholderWithDefault<TInt64> step;
    private final List<Op> updates = new ArrayList<>();
    private final List<Operand<TFloat32>> losses = new ArrayList<>();
    private long streams;

    TrainingMode(Ops tf, long seed) {
        this.tf = tf;
        this.seed = seed;
        this.flag = tf.withName("flag").placeholderWithDefault(tf.constant(false), org.tensorflow.ndarray.Shape.scalar());
        // unfed, every run draws a fresh step from a seeded stream, so each run gets new random draws
        Operand<TInt64> drawn = tf.random.randomUniformInt(tf.constant(new int[0]), tf.constant(0L),
                tf.constant(Long.MAX_VALUE), RandomUniformInt.seed(seed), RandomUniformInt.seed2(0L));
        this.step = tf.withName("random_step").placeholderWithDefault(drawn, org.tensorflow.ndarray.Shape.scalar());
    }

    /**
     * The step random layers draw for: a trainer feeds its optimizer step count, so a draw is a pure
     * function of (seed, stream, step) and a run restarted from a checkpoint draws what the
     * uninterrupted run drew.
     */
    public Operand<TInt64> step() {
        return step;
    }

    /**
     * The key of a new random stream for TF's stateless random ops: {@code [seed mixed with the
     * stream number, step]}. No hidden RNG state lives in the session, so none has to survive a restart.
     */
    public Operand<TInt64> nextStatelessSeed(Ops t) {
        Operand<TInt64> key = t.constant(new long[] {seed ^ (0x9E3779B97F4A7C15L * nextStream())});
        return t.concat(List.of(key, t.reshape(step, t.constant(new int[] {1}))), t.constant(0));
    }

    /** Feed {@code true} for a training step; unfed, the graph runs in inference mode. */
    public Operand<TBool> flag() {
        return flag;
    }

    /** State updates (e.g. BatchNormalization's moving statistics); run them with each training step. */
    public List<Op> updateOps() {
        return Collections.unmodifiableList(updates);
    }

    /** Registers an op to run with every training step. */
    public void addUpdate(Op update) {
        updates.add(update);
    }

    /** Registers a loss term a layer adds (Keras' {@code add_loss}, e.g. ActivityRegularization). */
    public void addLoss(Operand<TFloat32> term) {
        losses.add(term);
    }

    /** The sum of the layers' loss terms (0 without any); Keras adds it in training and evaluation alike. */
    public Operand<TFloat32> regularizationLoss() {
        return losses.isEmpty() ? tf.constant(0f) : tf.math.addN(losses);
    }

    /** Ops in the training scope (outside any layer's), for update ops on shared variables. */
    public Ops ops() {
        return tf;
    }

    /** The graph-level seed of the random training behaviour. */
    public long seed() {
        return seed;
    }

    /** A fresh per-layer random stream number (TF's seed2), so each random layer has its own reproducible stream. */
    public long nextStream() {
        return ++streams;
    }
}
