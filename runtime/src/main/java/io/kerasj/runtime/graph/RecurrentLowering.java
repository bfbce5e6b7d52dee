package io.kerasj.runtime.graph;

import io.kerasj.ir.Shape;
import io.kerasj.layers.GRUSpec;
import io.kerasj.layers.LSTMSpec;
import io.kerasj.layers.RecurrentOptions;
import io.kerasj.layers.RecurrentSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * SimpleRNN, LSTM and GRU, unrolled over the time steps. TensorFlow's C gradient API (which
 * TF Java's training uses) cannot differentiate While loops, so the recurrence is written out
 * step by step: the graph grows with the sequence length, and a model whose length is unknown
 * (None) is refused at compile time with that reason.
 *
 * <p>Keras semantics: the input projection {@code x·kernel + bias} of all steps is one matmul;
 * each step adds {@code h_prev·recurrent_kernel} and applies the cell. {@code go_backwards}
 * reads the steps (and the mask) last to first and returns the outputs in that order. With a mask,
 * a masked step keeps the previous state and repeats the previous output (Keras'
 * {@code zero_output_for_mask=False}); states start at zero or at the initial-state inputs.
 * In a training graph, input dropout follows the learning-phase flag (see {@link #inputDropout}).
 */
final class RecurrentLowering {
    private RecurrentLowering() {
    }

    /** One recurrent pass: its output (the sequence or the last step) and its final states. */
    record Run(Operand<TFloat32> output, List<Operand<TFloat32>> states) {
    }

    static List<Operand<TFloat32>> lower(LayerContext ctx, RecurrentSpec spec, List<Operand<TFloat32>> in) {
        Run r = run(ctx, spec, in, "", false);
        List<Operand<TFloat32>> result = new ArrayList<>();
        result.add(r.output());
        if (spec.options().returnState()) {
            result.addAll(r.states());
        }
        ctx.setOutputMasks(outputMasks(ctx, spec.options(), spec));
        return result;
    }

    /**
     * Runs {@code spec} over the call's input with the weights named {@code weightPrefix + kernel}
     * etc.; {@code zeroMaskedOutput} makes masked steps output zeros (Keras' zero_output_for_mask,
     * which Bidirectional sets for sequences) instead of repeating the previous output.
     */
    static Run run(LayerContext ctx, RecurrentSpec spec, List<Operand<TFloat32>> in, String weightPrefix,
                   boolean zeroMaskedOutput) {
        Ops tf = ctx.tf;
        RecurrentOptions o = spec.options();
        Shape inShape = ctx.inputShape(0);
        int steps = inShape.dim(1);
        if (steps == Shape.UNKNOWN) {
            throw new LoweringException(spec.kind() + " input " + inShape + " has an unknown number of time steps;"
                    + " kerasj unrolls recurrent layers over a fixed length (TensorFlow cannot train through a"
                    + " While loop from Java), so the model needs a fixed sequence length: rebuild its Input with"
                    + " shape=(T, " + inShape.dim(2) + ") and load the same weights");
        }
        int units = o.units();
        int features = inShape.dim(2);
        Operand<TFloat32> x = in.get(0);
        Operand<TFloat32> kernel = ctx.weight(weightPrefix + "kernel");
        Operand<TFloat32> recurrent = ctx.weight(weightPrefix + "recurrent_kernel");
        Operand<TFloat32> bias = o.useBias() ? ctx.weight(weightPrefix + "bias") : null;
        Operand<TFloat32> inputBias = bias;
        Operand<TFloat32> recurrentBias = null;
        if (bias != null && spec instanceof GRUSpec g && g.resetAfter()) {
            List<Operand<TFloat32>> rows = unstack(tf, bias, 2, 0);
            inputBias = rows.get(0);
            recurrentBias = rows.get(1);
        }
        // every step's input projection in one matmul: (batch·T, F)·(F, gates·units)
        int width = spec.gates() * units;
        Operand<TFloat32> projected = tf.linalg.matMul(tf.reshape(inputDropout(ctx, o, x), ctx.ints(-1, features)), kernel);
        if (inputBias != null) {
            projected = tf.nn.biasAdd(projected, inputBias);
        }
        projected = tf.reshape(projected, ctx.ints(-1, steps, width));
        List<Operand<TFloat32>> xs = unstack(tf, projected, steps, 1);
        List<Operand<TFloat32>> masks = stepMasks(ctx, steps);
        if (o.goBackwards()) {
            xs = reversed(xs);
            masks = masks == null ? null : reversed(masks);
        }
        List<Operand<TFloat32>> state = initialState(ctx, spec, in, x);
        Cell cell = cell(ctx, spec, recurrent, recurrentBias);
        List<Operand<TFloat32>> outputs = new ArrayList<>(steps);
        Operand<TFloat32> previousOutput = state.get(0);
        for (int t = 0; t < steps; t++) {
            List<Operand<TFloat32>> next = cell.step(xs.get(t), state);
            Operand<TFloat32> output = next.get(0);
            if (masks != null) {
                Operand<TFloat32> m = masks.get(t);
                output = zeroMaskedOutput ? tf.math.mul(m, output) : output;
                next = keepWhereMasked(tf, m, next, state);
                // h is the step's output; a masked step repeats the previous output, which is h_prev
                output = zeroMaskedOutput ? output : next.get(0);
            }
            state = next;
            previousOutput = output;
            outputs.add(output);
        }
        return new Run(o.returnSequences() ? tf.stack(outputs, org.tensorflow.op.core.Stack.axis(1L)) : previousOutput, state);
    }

    /**
     * Training-mode input dropout as Keras 3 (and Keras 2's implementation=2) applies it: one mask
     * per sequence, shape (batch, features), the same at every step and for every gate, survivors
     * scaled by 1/(1-rate). Recurrent dropout in a training graph is refused rather than ignored.
     */
    private static Operand<TFloat32> inputDropout(LayerContext ctx, RecurrentOptions o, Operand<TFloat32> x) {
        if (ctx.training().isEmpty() || !ctx.trainable()) {
            return x;
        }
        if (o.recurrentDropout() > 0) {
            throw new LoweringException("training with recurrent_dropout=" + o.recurrentDropout() + " is not supported"
                    + " (inference is); set it to 0 to fine-tune this layer");
        }
        if (o.dropout() == 0) {
            return x;
        }
        TrainingMode training = ctx.training().get();
        Ops tf = ctx.tf;
        Operand<TInt32> shape = tf.shape(x);
        Operand<TInt32> maskShape = tf.concat(List.of(tf.slice(shape, ctx.ints(0), ctx.ints(1)),
                tf.slice(shape, ctx.ints(2), ctx.ints(1))), tf.constant(0));
        Operand<TFloat32> u = tf.random.statelessRandomUniform(maskShape, training.nextStatelessSeed(tf), TFloat32.class);
        Operand<TFloat32> keep = tf.math.mul(tf.dtypes.cast(tf.math.greaterEqual(u, ctx.scalar(o.dropout())), TFloat32.class),
                ctx.scalar(1.0 / (1.0 - o.dropout())));
        Operand<TFloat32> dropped = tf.math.mul(x, tf.expandDims(keep, tf.constant(1)));
        return tf.select(training.flag(), dropped, x);
    }

    /** Keras RNN.compute_mask: the input mask on the sequence output, none on the final states. */
    private static List<Operand<TBool>> outputMasks(LayerContext ctx, RecurrentOptions o, RecurrentSpec spec) {
        List<Operand<TBool>> out = new ArrayList<>();
        out.add(o.returnSequences() ? ctx.inputMask(0) : null);
        if (o.returnState()) {
            for (int i = 0; i < spec.states(); i++) {
                out.add(null);
            }
        }
        return out;
    }

    /** One step of a cell: the new states (h first) from the step's projected input and the old states. */
    @FunctionalInterface
    private interface Cell {
        List<Operand<TFloat32>> step(Operand<TFloat32> projectedInput, List<Operand<TFloat32>> state);
    }

    private static Cell cell(LayerContext ctx, RecurrentSpec spec, Operand<TFloat32> recurrent,
                             Operand<TFloat32> recurrentBias) {
        Ops tf = ctx.tf;
        RecurrentOptions o = spec.options();
        int units = o.units();
        int major = ctx.kerasMajor();
        if (spec instanceof LSTMSpec) {
            return (z, s) -> {
                Operand<TFloat32> a = tf.math.add(z, tf.linalg.matMul(s.get(0), recurrent));
                List<Operand<TFloat32>> g = split(tf, a, 4);
                Operand<TFloat32> i = act(tf, o.recurrentActivation(), g.get(0), major);
                Operand<TFloat32> f = act(tf, o.recurrentActivation(), g.get(1), major);
                Operand<TFloat32> candidate = act(tf, o.activation(), g.get(2), major);
                Operand<TFloat32> out = act(tf, o.recurrentActivation(), g.get(3), major);
                Operand<TFloat32> c = tf.math.add(tf.math.mul(f, s.get(1)), tf.math.mul(i, candidate));
                Operand<TFloat32> h = tf.math.mul(out, act(tf, o.activation(), c, major));
                return List.of(h, c);
            };
        }
        if (spec instanceof GRUSpec g) {
            return g.resetAfter() ? gruResetAfter(tf, o, recurrent, recurrentBias, major)
                    : gruResetBefore(tf, o, recurrent, units, major);
        }
        return (z, s) -> List.of(act(tf, o.activation(), tf.math.add(z, tf.linalg.matMul(s.get(0), recurrent)), major));
    }

    /** tf.keras 2 / Keras 3 GRU: the reset gate scales (h_prev·U_h + b_rec_h), after the product. */
    private static Cell gruResetAfter(Ops tf, RecurrentOptions o, Operand<TFloat32> recurrent,
                                      Operand<TFloat32> recurrentBias, int major) {
        return (x, s) -> {
            Operand<TFloat32> h0 = s.get(0);
            Operand<TFloat32> rec = tf.linalg.matMul(h0, recurrent);
            if (recurrentBias != null) {
                rec = tf.nn.biasAdd(rec, recurrentBias);
            }
            List<Operand<TFloat32>> xg = split(tf, x, 3);
            List<Operand<TFloat32>> rg = split(tf, rec, 3);
            Operand<TFloat32> z = act(tf, o.recurrentActivation(), tf.math.add(xg.get(0), rg.get(0)), major);
            Operand<TFloat32> r = act(tf, o.recurrentActivation(), tf.math.add(xg.get(1), rg.get(1)), major);
            Operand<TFloat32> hh = act(tf, o.activation(), tf.math.add(xg.get(2), tf.math.mul(r, rg.get(2))), major);
            return List.of(blend(tf, z, h0, hh));
        };
    }

    /** Keras 1 / Keras 2.0–2.2 GRU: the reset gate scales h_prev before the product with U_h. */
    private static Cell gruResetBefore(Ops tf, RecurrentOptions o, Operand<TFloat32> recurrent, int units, int major) {
        List<Operand<TFloat32>> u = split(tf, recurrent, 3);
        return (x, s) -> {
            Operand<TFloat32> h0 = s.get(0);
            List<Operand<TFloat32>> xg = split(tf, x, 3);
            Operand<TFloat32> z = act(tf, o.recurrentActivation(), tf.math.add(xg.get(0), tf.linalg.matMul(h0, u.get(0))), major);
            Operand<TFloat32> r = act(tf, o.recurrentActivation(), tf.math.add(xg.get(1), tf.linalg.matMul(h0, u.get(1))), major);
            Operand<TFloat32> hh = act(tf, o.activation(),
                    tf.math.add(xg.get(2), tf.linalg.matMul(tf.math.mul(r, h0), u.get(2))), major);
            return List.of(blend(tf, z, h0, hh));
        };
    }

    /** {@code z·h_prev + (1 - z)·candidate}, Keras' GRU update. */
    private static Operand<TFloat32> blend(Ops tf, Operand<TFloat32> z, Operand<TFloat32> h0, Operand<TFloat32> hh) {
        return tf.math.add(tf.math.mul(z, h0), tf.math.mul(tf.math.sub(tf.constant(1f), z), hh));
    }

    /** Initial states: the extra inputs when the call passed them, zeros (batch, units) otherwise. */
    private static List<Operand<TFloat32>> initialState(LayerContext ctx, RecurrentSpec spec, List<Operand<TFloat32>> in,
                                                        Operand<TFloat32> x) {
        if (in.size() > 1) {
            return List.copyOf(in.subList(1, in.size()));
        }
        Ops tf = ctx.tf;
        Operand<TInt32> batch = tf.slice(tf.shape(x), ctx.ints(0), ctx.ints(1));
        Operand<TFloat32> zeros = tf.fill(tf.concat(List.of(batch, ctx.ints(spec.options().units())), tf.constant(0)),
                tf.constant(0f));
        return Collections.nCopies(spec.states(), zeros);
    }

    /** The input mask as one (batch, 1) float column per step, or null without a mask. */
    private static List<Operand<TFloat32>> stepMasks(LayerContext ctx, int steps) {
        Operand<TBool> mask = ctx.inputMask(0);
        if (mask == null) {
            return null;
        }
        Ops tf = ctx.tf;
        Operand<TFloat32> m = tf.expandDims(tf.dtypes.cast(mask, TFloat32.class), ctx.ints(-1));
        return unstack(tf, m, steps, 1);
    }

    /**
     * {@code m·new + (1 - m)·old} per state, m in {0, 1}: exactly the new state where the step is
     * kept and the old one where it is masked, with gradients through plain arithmetic.
     */
    private static List<Operand<TFloat32>> keepWhereMasked(Ops tf, Operand<TFloat32> m, List<Operand<TFloat32>> next,
                                                          List<Operand<TFloat32>> old) {
        Operand<TFloat32> keepOld = tf.math.sub(tf.constant(1f), m);
        List<Operand<TFloat32>> out = new ArrayList<>();
        for (int i = 0; i < next.size(); i++) {
            out.add(tf.math.add(tf.math.mul(m, next.get(i)), tf.math.mul(keepOld, old.get(i))));
        }
        return out;
    }

    private static Operand<TFloat32> act(Ops tf, String name, Operand<TFloat32> x, int major) {
        return ActivationLowering.apply(tf, name, x, major);
    }

    private static List<Operand<TFloat32>> split(Ops tf, Operand<TFloat32> x, int parts) {
        return new ArrayList<>(tf.split(tf.constant(-1), x, (long) parts).output());
    }

    private static List<Operand<TFloat32>> unstack(Ops tf, Operand<TFloat32> x, int n, int axis) {
        return new ArrayList<>(tf.unstack(x, (long) n, Unstack.axis((long) axis)).output());
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> out = new ArrayList<>(list);
        Collections.reverse(out);
        return out;
    }
}
