package io.kerasj.hdf5;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.layers.GRUSpec;
import io.kerasj.layers.LSTMSpec;
import java.util.List;

/**
 * Keras 1 recurrent layers (default {@code consume_less='cpu'}) stored one weight per gate:
 * LSTM {@code W_i, U_i, b_i, W_c, U_c, b_c, W_f, U_f, b_f, W_o, U_o, b_o} and GRU
 * {@code W_z, U_z, b_z, W_r, U_r, b_r, W_h, U_h, b_h}. Keras 2's loader concatenates them along the
 * last axis into kernel, recurrent_kernel and bias in Keras 2's gate order (LSTM i, f, c, o; GRU
 * z, r, h), and so do we. SimpleRNN's W, U, b and {@code consume_less='gpu'} layers already match.
 */
final class LegacyRecurrentWeights {
    private static final int[] LSTM_ORDER = {0, 2, 1, 3}; // stored i, c, f, o -> i, f, c, o

    private LegacyRecurrentWeights() {
    }

    /** True when {@code spec} stored {@code count} per-gate weights that Keras 2 would combine. */
    static boolean isPerGate(LayerSpec spec, int count) {
        return (spec instanceof LSTMSpec s && s.options().useBias() && count == 12)
                || (spec instanceof GRUSpec g && g.options().useBias() && !g.resetAfter() && count == 9);
    }

    /** kernel, recurrent_kernel, bias from the per-gate tensors in stored order. */
    static List<FloatTensor> combine(LayerSpec spec, List<FloatTensor> stored) {
        int gates = stored.size() / 3;
        int[] order = spec instanceof LSTMSpec ? LSTM_ORDER : new int[] {0, 1, 2};
        FloatTensor[] kernel = new FloatTensor[gates];
        FloatTensor[] recurrent = new FloatTensor[gates];
        FloatTensor[] bias = new FloatTensor[gates];
        for (int g = 0; g < gates; g++) {
            int at = 3 * order[g];
            kernel[g] = stored.get(at);
            recurrent[g] = stored.get(at + 1);
            bias[g] = stored.get(at + 2);
        }
        return List.of(concatLastAxis(kernel), concatLastAxis(recurrent), concatLastAxis(bias));
    }

    /** Concatenates tensors of equal leading shape along their last axis. */
    static FloatTensor concatLastAxis(FloatTensor[] parts) {
        Shape first = parts[0].shape();
        int rank = first.rank();
        int rows = 1;
        for (int i = 0; i < rank - 1; i++) {
            rows *= first.dim(i);
        }
        int total = 0;
        for (FloatTensor p : parts) {
            Shape s = p.shape();
            if (s.rank() != rank || (rank > 1 && !s.withDim(-1, 0).equals(first.withDim(-1, 0)))) {
                throw new IllegalArgumentException("per-gate weights differ in shape: " + first + " and " + s);
            }
            total += s.dim(-1);
        }
        float[] out = new float[rows * total];
        int offset = 0;
        for (FloatTensor p : parts) {
            int cols = p.shape().dim(-1);
            float[] src = p.toArray();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(src, r * cols, out, r * total + offset, cols);
            }
            offset += cols;
        }
        return FloatTensor.wrap(first.withDim(-1, total), out);
    }
}
