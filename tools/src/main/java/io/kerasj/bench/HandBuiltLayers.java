package io.kerasj.bench;

import io.kerasj.ir.Layer;
import io.kerasj.ir.Shape;
import io.kerasj.lambda.LambdaOp;
import io.kerasj.layers.ActivationSpec;
import io.kerasj.layers.BatchNormalizationSpec;
import io.kerasj.layers.Conv2DSpec;
import io.kerasj.layers.CustomLayerSpec;
import io.kerasj.layers.DenseSpec;
import io.kerasj.layers.DropoutSpec;
import io.kerasj.layers.FlattenSpec;
import io.kerasj.layers.LambdaSpec;
import io.kerasj.layers.Pooling2DSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.op.nn.LocalResponseNormalization;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The plain layer kinds of the AlexNet seeds as the tf.nn ops a TF Java user would write by hand:
 * conv2d + biasAdd + activation, maxPool/avgPool, fusedBatchNorm in inference (NHWC) or the
 * textbook formula elsewhere, reshape, matMul + biasAdd, LRN, softmax. Channels-last only; no
 * graph rewriting of any kind (no BN folding, no fusion beyond what TF's optimiser does itself).
 */
final class HandBuiltLayers {
    /** Makes the graph variable holding {@code layer}'s weight {@code name} ({@code kernel}, {@code bias}, ...). */
    interface Weights {
        Operand<TFloat32> variable(Layer layer, String name);
    }

    /** What a Dropout layer computes: the identity for inference, masks for a training step. */
    interface Dropout {
        Operand<TFloat32> apply(Layer layer, DropoutSpec spec, Operand<TFloat32> x);
    }

    private final Ops tf;
    private final Weights weights;
    private final Dropout dropout;

    /** For inference: Dropout is the identity. */
    HandBuiltLayers(Ops tf, Weights weights) {
        this(tf, weights, (layer, spec, x) -> x);
    }

    HandBuiltLayers(Ops tf, Weights weights, Dropout dropout) {
        this.tf = tf;
        this.weights = weights;
        this.dropout = dropout;
    }

    /** Why this builder cannot write {@code layer} by hand, or empty when it can. */
    static Optional<String> unsupported(Layer layer, Shape input) {
        Object s = layer.spec();
        String problem;
        if (s instanceof Conv2DSpec c) {
            problem = c.groups() != 1 ? "grouped convolution (groups=" + c.groups() + ")"
                    : channelsFirst(c.dataFormat()) ? "channels_first" : activation(c.activation());
        } else if (s instanceof DenseSpec d) {
            problem = input.rank() != 2 ? "Dense on a rank-" + input.rank() + " input" : activation(d.activation());
        } else if (s instanceof Pooling2DSpec p) {
            problem = channelsFirst(p.dataFormat()) ? "channels_first" : null;
        } else if (s instanceof BatchNormalizationSpec b) {
            problem = b.resolvedAxis(input.rank()) != input.rank() - 1 ? "BatchNormalization not on the last axis" : null;
        } else if (s instanceof FlattenSpec f) {
            problem = input.rank() == 4 && channelsFirst(f.dataFormat()) ? "channels_first" : null;
        } else if (s instanceof ActivationSpec a) {
            problem = activation(a.function());
        } else if (s instanceof DropoutSpec d) {
            problem = d.spatial() ? "spatial dropout" : null;
        } else if (s instanceof LambdaSpec l) {
            problem = lrn(l).isPresent() ? null : "a Lambda other than LRN";
        } else if (s instanceof CustomLayerSpec c) {
            problem = c.op() instanceof LambdaOp.Lrn && !channelsFirst(c.dataFormat()) ? null
                    : "a custom layer other than channels_last LRN";
        } else {
            problem = "layer kind " + layer.className();
        }
        return Optional.ofNullable(problem);
    }

    private static Optional<LambdaOp.Lrn> lrn(LambdaSpec l) {
        return l.op().filter(LambdaOp.Lrn.class::isInstance).map(LambdaOp.Lrn.class::cast);
    }

    private static boolean channelsFirst(String dataFormat) {
        return "channels_first".equals(dataFormat);
    }

    private static String activation(String name) {
        return List.of("linear", "relu", "softmax", "sigmoid", "tanh").contains(name) ? null : "activation " + name;
    }

    /** {@code layer} applied to {@code x} (a layer {@link #unsupported} accepted). */
    Operand<TFloat32> apply(Layer layer, Operand<TFloat32> x) {
        Object s = layer.spec();
        if (s instanceof Conv2DSpec c) {
            Operand<TFloat32> y = tf.nn.conv2d(x, weight(layer, "kernel"), List.of(1L, (long) c.strides()[0],
                    (long) c.strides()[1], 1L), padding(c.padding()),
                    Conv2d.dilations(List.of(1L, (long) c.dilationRate()[0], (long) c.dilationRate()[1], 1L)));
            return activate(c.activation(), bias(layer, c.useBias(), y));
        } else if (s instanceof DenseSpec d) {
            return activate(d.activation(), bias(layer, d.useBias(), tf.linalg.matMul(x, weight(layer, "kernel"))));
        } else if (s instanceof Pooling2DSpec p) {
            return pool(p, x);
        } else if (s instanceof BatchNormalizationSpec b) {
            return batchNorm(layer, b, x);
        } else if (s instanceof FlattenSpec) {
            return tf.reshape(x, tf.constant(new int[] {-1, (int) layer.node().inputShapes().get(0).featureSize()}));
        } else if (s instanceof ActivationSpec a) {
            return activate(a.function(), x);
        } else if (s instanceof DropoutSpec d) {
            return dropout.apply(layer, d, x);
        } else if (s instanceof LambdaSpec l) {
            return lrn(lrn(l).orElseThrow(), x);
        } else if (s instanceof CustomLayerSpec c) {
            return lrn((LambdaOp.Lrn) c.op(), x);
        }
        throw new IllegalArgumentException("not hand-buildable: " + layer.className());
    }

    /**
     * A softmax Dense layer's logits (its matMul + biasAdd), what a training step feeds to
     * softmax cross-entropy.
     */
    Operand<TFloat32> logits(Layer layer, Operand<TFloat32> x) {
        if (!(layer.spec() instanceof DenseSpec d) || !"softmax".equals(d.activation())) {
            throw new IllegalArgumentException(layer.name() + " is not a softmax Dense layer");
        }
        return bias(layer, d.useBias(), tf.linalg.matMul(x, weight(layer, "kernel")));
    }

    private Operand<TFloat32> weight(Layer layer, String name) {
        return weights.variable(layer, name);
    }

    private Operand<TFloat32> bias(Layer layer, boolean useBias, Operand<TFloat32> x) {
        return useBias ? tf.nn.biasAdd(x, weight(layer, "bias")) : x;
    }

    private static String padding(String keras) {
        return keras.toUpperCase(Locale.ROOT);
    }

    private Operand<TFloat32> activate(String name, Operand<TFloat32> x) {
        return switch (name) {
            case "linear" -> x;
            case "relu" -> tf.nn.relu(x);
            case "softmax" -> tf.nn.softmax(x);
            case "sigmoid" -> tf.math.sigmoid(x);
            case "tanh" -> tf.math.tanh(x);
            default -> throw new IllegalArgumentException("activation " + name);
        };
    }

    private Operand<TFloat32> pool(Pooling2DSpec p, Operand<TFloat32> x) {
        Operand<TInt32> size = tf.constant(new int[] {1, p.poolSize()[0], p.poolSize()[1], 1});
        Operand<TInt32> strides = tf.constant(new int[] {1, p.strides()[0], p.strides()[1], 1});
        if (p.kind() == Pooling2DSpec.Kind.MAX) {
            return tf.nn.maxPool(x, size, strides, padding(p.padding()));
        }
        return tf.nn.avgPool(x, List.of(1L, (long) p.poolSize()[0], (long) p.poolSize()[1], 1L),
                List.of(1L, (long) p.strides()[0], (long) p.strides()[1], 1L), padding(p.padding()));
    }

    /** Inference BN: TF's fused kernel on NHWC images (what tf.keras runs), the formula on other ranks. */
    private Operand<TFloat32> batchNorm(Layer layer, BatchNormalizationSpec b, Operand<TFloat32> x) {
        int n = layer.node().inputShapes().get(0).dim(-1);
        Operand<TFloat32> gamma = b.scale() ? weight(layer, "gamma") : tf.constant(ones(n, 1f));
        Operand<TFloat32> beta = b.center() ? weight(layer, "beta") : tf.constant(ones(n, 0f));
        Operand<TFloat32> mean = weight(layer, "moving_mean");
        Operand<TFloat32> variance = weight(layer, "moving_variance");
        if (layer.node().inputShapes().get(0).rank() == 4 && b.epsilon() >= 1.001e-5) {
            return tf.nn.fusedBatchNorm(x, gamma, beta, mean, variance, FusedBatchNorm.epsilon((float) b.epsilon()),
                    FusedBatchNorm.isTraining(false), FusedBatchNorm.dataFormat("NHWC")).y();
        }
        Operand<TFloat32> scale = tf.math.mul(gamma, tf.math.rsqrt(tf.math.add(variance, tf.constant((float) b.epsilon()))));
        return tf.math.add(tf.math.mul(tf.math.sub(x, mean), scale), beta);
    }

    private static float[] ones(int n, float value) {
        float[] v = new float[n];
        Arrays.fill(v, value);
        return v;
    }

    /** TF's LRN: alpha multiplies the plain window sum (not divided by the window, unlike ONNX). */
    private Operand<TFloat32> lrn(LambdaOp.Lrn l, Operand<TFloat32> x) {
        return tf.nn.localResponseNormalization(x, LocalResponseNormalization.depthRadius((long) l.depthRadius()),
                LocalResponseNormalization.bias((float) l.bias()), LocalResponseNormalization.alpha((float) l.alpha()),
                LocalResponseNormalization.beta((float) l.beta()));
    }
}
