package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.WeightSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A Keras recurrent layer: its cell multiplies the input by {@code kernel} (features, gates·units)
 * and the previous output by {@code recurrent_kernel} (units, gates·units), gates side by side in
 * Keras' order, plus {@code bias}. Weights are declared in Keras 2/3's layout whatever the file's
 * version (Keras 1 per-gate weights are concatenated on import, as Keras 2's loader does).
 */
public interface RecurrentSpec extends LayerSpec {
    RecurrentOptions options();

    /** Gate blocks in the kernel: 1 (SimpleRNN), 4 (LSTM: i, f, c, o), 3 (GRU: z, r, h). */
    int gates();

    /** State tensors the cell carries: 2 for LSTM (h, c), 1 otherwise. */
    int states();

    /** The same layer running the other way (go_backwards flipped): Bidirectional's backward copy. */
    RecurrentSpec reversed();

    /** The Keras class name, for messages. */
    String kind();

    /** The bias shape: (gates·units), or (2, gates·units) for GRU with reset_after. */
    default int[] biasShape() {
        return new int[] {gates() * options().units()};
    }

    @Override
    default List<Shape> outputShapes(List<Shape> inputs) {
        return options().outputShapes(inputs, kind(), states());
    }

    @Override
    default List<WeightSpec> weights(List<Shape> inputs) {
        int units = options().units();
        List<WeightSpec> w = new ArrayList<>();
        w.add(WeightSpec.trainable("kernel", inputs.get(0).dim(2), gates() * units));
        w.add(WeightSpec.trainable("recurrent_kernel", units, gates() * units));
        if (options().useBias()) {
            w.add(WeightSpec.trainable("bias", biasShape()));
        }
        return w;
    }

    @Override
    default String detail() {
        return options().detail();
    }
}
