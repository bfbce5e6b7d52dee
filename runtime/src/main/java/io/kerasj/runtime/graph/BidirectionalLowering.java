package io.kerasj.runtime.graph;

import io.kerasj.layers.BidirectionalSpec;
import io.kerasj.layers.RecurrentOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Keras Bidirectional: the forward and the backward recurrent layer run on the same input (and
 * mask), the backward sequence is reversed back to input order, and the two are merged
 * (concat on the last axis, sum, mul, ave, or both returned). With a mask and return_sequences,
 * Keras sets both layers' {@code zero_output_for_mask}, so masked steps output zeros.
 */
final class BidirectionalLowering {
    private BidirectionalLowering() {
    }

    static List<Operand<TFloat32>> lower(LayerContext ctx, BidirectionalSpec s, List<Operand<TFloat32>> in) {
        Ops tf = ctx.tf;
        RecurrentOptions o = s.forward().options();
        boolean zeroMasked = o.returnSequences();
        RecurrentLowering.Run f = RecurrentLowering.run(ctx, s.forward(), in, s.forwardName() + "/", zeroMasked);
        RecurrentLowering.Run b = RecurrentLowering.run(ctx, s.backward(), in, s.backwardName() + "/", zeroMasked);
        Operand<TFloat32> fy = f.output();
        Operand<TFloat32> by = b.output();
        if (o.returnSequences()) {
            by = tf.reverse(by, tf.constant(new int[] {1}));
        }
        List<Operand<TFloat32>> out = new ArrayList<>();
        switch (s.mergeMode()) {
            case CONCAT -> out.add(tf.concat(List.of(fy, by), tf.constant(-1)));
            case SUM -> out.add(tf.math.add(fy, by));
            case MUL -> out.add(tf.math.mul(fy, by));
            case AVE -> out.add(tf.math.mul(tf.math.add(fy, by), tf.constant(0.5f)));
            case NONE -> {
                out.add(fy);
                out.add(by);
            }
            default -> throw new LoweringException("merge mode " + s.mergeMode() + " is not supported");
        }
        int sequences = out.size();
        if (o.returnState()) {
            out.addAll(f.states());
            out.addAll(b.states());
        }
        Operand<TBool> mask = o.returnSequences() ? ctx.inputMask(0) : null;
        List<Operand<TBool>> masks = new ArrayList<>(Collections.nCopies(sequences, mask));
        masks.addAll(Collections.nCopies(out.size() - sequences, null));
        ctx.setOutputMasks(masks);
        return out;
    }
}
