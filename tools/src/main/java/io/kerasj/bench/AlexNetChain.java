package io.kerasj.bench;

import java.util.List;
import java.util.function.BiFunction;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * seed000's layers as a plain chain of TF ops, shared by the hand-built baselines: five Conv2D
 * (11×11/4 valid, then same) with ReLU, three 3×3/2 max pools, Flatten, two Dense+ReLU each
 * followed by Dropout, and the last Dense's logits.
 */
final class AlexNetChain {
    /** The weight variable of {@code layer}'s {@code weight} ({@code kernel}, {@code bias}). */
    interface Weights {
        Operand<TFloat32> get(String layer, String weight);
    }

    private AlexNetChain() {
    }

    /**
     * @param flat the flattened size (the first dimension of {@code dense}'s kernel)
     * @param dropout applied after each hidden Dense with its stream number (1, 2); identity for inference
     */
    static Operand<TFloat32> logits(Ops tf, Operand<TFloat32> input, int flat, Weights w,
                                    BiFunction<Operand<TFloat32>, Long, Operand<TFloat32>> dropout) {
        Operand<TFloat32> x = conv(tf, w, "conv2d", input, 4, "VALID");
        x = pool(tf, x);
        x = conv(tf, w, "conv2d_1", x, 1, "SAME");
        x = pool(tf, x);
        x = conv(tf, w, "conv2d_2", x, 1, "SAME");
        x = conv(tf, w, "conv2d_3", x, 1, "SAME");
        x = conv(tf, w, "conv2d_4", x, 1, "SAME");
        x = pool(tf, x);
        x = tf.reshape(x, tf.constant(new int[] {-1, flat}));
        x = dropout.apply(tf.nn.relu(dense(tf, w, "dense", x)), 1L);
        x = dropout.apply(tf.nn.relu(dense(tf, w, "dense_1", x)), 2L);
        return dense(tf, w, "dense_2", x);
    }

    private static Operand<TFloat32> conv(Ops tf, Weights w, String layer, Operand<TFloat32> x, long stride, String padding) {
        Operand<TFloat32> y = tf.nn.conv2d(x, w.get(layer, "kernel"), List.of(1L, stride, stride, 1L), padding);
        return tf.nn.relu(tf.nn.biasAdd(y, w.get(layer, "bias")));
    }

    private static Operand<TFloat32> pool(Ops tf, Operand<TFloat32> x) {
        return tf.nn.maxPool(x, tf.constant(new int[] {1, 3, 3, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
    }

    private static Operand<TFloat32> dense(Ops tf, Weights w, String layer, Operand<TFloat32> x) {
        return tf.nn.biasAdd(tf.linalg.matMul(x, w.get(layer, "kernel")), w.get(layer, "bias"));
    }
}
