package io.kerasj.runtime.graph;

import io.kerasj.ir.LayerSpec;
import io.kerasj.layers.BatchNormalizationSpec;
import io.kerasj.layers.DenseSpec;
import io.kerasj.layers.DropoutSpec;
import io.kerasj.layers.ElementwiseSpec;
import io.kerasj.layers.InputLayerSpec;
import io.kerasj.layers.MergeSpec;
import io.kerasj.layers.PReLUSpec;
import io.kerasj.layers.TimeDistributedSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;

/**
 * Keras masks riding along tensors: a (batch, timesteps) boolean per tensor, or none. Layers that
 * make or change a mask (Embedding, Masking, recurrent layers) set their output masks while they
 * are lowered; for every other layer this class applies Keras' default: a layer that supports
 * masking without changing it passes its input's mask on (element-wise layers such as activations,
 * Dense, Dropout, BatchNormalization, PReLU), element-wise merges and last-axis Concatenate combine masks with a logical
 * and, and any other layer drops the mask (Keras 3 drops it; Keras 2 refused to build such a
 * model, so no Keras 2 file relies on it).
 */
final class MaskPropagation {
    private static final Set<Class<? extends LayerSpec>> PASS_THROUGH = Set.of(DenseSpec.class, DropoutSpec.class,
            BatchNormalizationSpec.class, InputLayerSpec.class, PReLUSpec.class, TimeDistributedSpec.class);

    private MaskPropagation() {
    }

    /** No masks: one null per output. */
    static List<Operand<TBool>> none(int outputs) {
        return Collections.nCopies(outputs, null);
    }

    /** The output masks Keras gives a layer that did not set its own. */
    static List<Operand<TBool>> defaults(LayerContext ctx, List<Operand<TBool>> inputMasks, int outputs) {
        LayerSpec spec = ctx.layer.spec();
        if (inputMasks.stream().allMatch(Objects::isNull)) {
            return none(outputs);
        }
        if ((spec instanceof ElementwiseSpec || PASS_THROUGH.contains(spec.getClass())) && outputs == 1) {
            return Collections.singletonList(inputMasks.get(0));
        }
        int rank = ctx.outputShape(0).rank();
        if (spec instanceof MergeSpec m && (m.op() != MergeSpec.Op.CONCATENATE || m.axis() == -1 || m.axis() == rank - 1)) {
            return Collections.singletonList(and(ctx.tf, inputMasks));
        }
        return none(outputs);
    }

    /** Logical and of the masks present (a missing mask keeps every step). */
    private static Operand<TBool> and(Ops tf, List<Operand<TBool>> masks) {
        List<Operand<TBool>> present = new ArrayList<>();
        masks.stream().filter(Objects::nonNull).forEach(present::add);
        Operand<TBool> out = present.get(0);
        for (int i = 1; i < present.size(); i++) {
            out = tf.math.logicalAnd(out, present.get(i));
        }
        return out;
    }
}
