package io.kerasj.onnx.export;

import io.kerasj.layers.ActivationFunction;
import io.kerasj.layers.ELUSpec;
import io.kerasj.layers.LeakyReLUSpec;
import io.kerasj.layers.PReLUSpec;
import io.kerasj.layers.ReLUSpec;
import io.kerasj.layers.SoftmaxSpec;
import java.util.List;

/** Keras activation functions and activation layers as ONNX ops. */
final class ActivationExport {
    private ActivationExport() {
    }

    /**
     * A built-in activation by its Keras name, with Keras' defaults. Element-wise ones keep the
     * stored layout; softmax and log_softmax work on Keras' last axis.
     */
    static OnnxValue apply(LayerCall c, String name, OnnxValue v) {
        ActivationFunction f = ActivationFunction.find(name)
                .orElseThrow(() -> new ExportFailure("activation '" + name + "' is not a Keras built-in activation"));
        return switch (f) {
            case LINEAR -> v;
            case SOFTMAX -> OnnxValue.keras(c.op("Softmax", List.of(c.keras(v)), Attrs.i("axis", -1)));
            case LOG_SOFTMAX -> OnnxValue.keras(c.op("LogSoftmax", List.of(c.keras(v)), Attrs.i("axis", -1)));
            default -> v.withName(elementwise(c, f, v.name()));
        };
    }

    private static String elementwise(LayerCall c, ActivationFunction f, String x) {
        return switch (f) {
            case RELU -> c.op("Relu", List.of(x));
            case RELU6 -> clip(c, x, 0, 6);
            case SIGMOID -> c.op("Sigmoid", List.of(x));
            // Keras 2: clip(0.2x + 0.5, 0, 1); Keras 3: relu6(x + 3) / 6
            case HARD_SIGMOID -> c.kerasMajor() >= 3 ? hardSigmoid3(c, x)
                    : c.op("HardSigmoid", List.of(x), Attrs.f("alpha", 0.2), Attrs.f("beta", 0.5));
            case TANH -> c.op("Tanh", List.of(x));
            case ELU -> c.op("Elu", List.of(x), Attrs.f("alpha", 1.0));
            // ONNX's default alpha and gamma are the constants Keras uses
            case SELU -> c.op("Selu", List.of(x));
            case SOFTPLUS -> c.op("Softplus", List.of(x));
            case SOFTSIGN -> c.op("Softsign", List.of(x));
            case EXPONENTIAL -> c.op("Exp", List.of(x));
            case SILU -> c.op("Mul", List.of(x, c.op("Sigmoid", List.of(x))));
            case GELU -> gelu(c, x);
            // Keras 3 activations.leaky_relu default negative_slope
            case LEAKY_RELU -> c.op("LeakyRelu", List.of(x), Attrs.f("alpha", 0.2));
            case MISH -> c.op("Mul", List.of(x, c.op("Tanh", List.of(c.op("Softplus", List.of(x))))));
            case HARD_SILU -> c.op("Mul", List.of(x, hardSigmoid3(c, x)));
            default -> throw new ExportFailure("activation '" + f.canonicalName() + "' has no element-wise ONNX form");
        };
    }

    /** Exact form (approximate=False), the default of tf.keras and Keras 3: 0.5 x (1 + erf(x / sqrt 2)). */
    private static String gelu(LayerCall c, String x) {
        String erf = c.op("Erf", List.of(c.op("Mul", List.of(x, c.graph().scalar(1.0 / Math.sqrt(2.0))))));
        String half = c.op("Mul", List.of(c.graph().scalar(0.5), x));
        return c.op("Mul", List.of(half, c.op("Add", List.of(c.graph().scalar(1.0), erf))));
    }

    private static String hardSigmoid3(LayerCall c, String x) {
        return c.op("Div", List.of(clip(c, c.op("Add", List.of(x, c.graph().scalar(3.0))), 0, 6), c.graph().scalar(6.0)));
    }

    static String clip(LayerCall c, String x, double min, double max) {
        return c.op("Clip", List.of(x, c.graph().scalar(min), c.graph().scalar(max)));
    }

    static OnnxValue leakyRelu(LayerCall c, LeakyReLUSpec s, OnnxValue v) {
        return v.withName(c.op("LeakyRelu", List.of(v.name()), Attrs.f("alpha", s.alpha())));
    }

    /** ONNX's Elu is alpha·(exp(x) − 1) below 0, as Keras' ELU layer. */
    static OnnxValue elu(LayerCall c, ELUSpec s, OnnxValue v) {
        return v.withName(c.op("Elu", List.of(v.name()), Attrs.f("alpha", s.alpha())));
    }

    static OnnxValue softmax(LayerCall c, SoftmaxSpec s, OnnxValue v) {
        return OnnxValue.keras(c.op("Softmax", List.of(c.keras(v)), Attrs.i("axis", s.axis())));
    }

    /** Keras {@code relu(x, negative_slope, max_value, threshold)}. */
    static OnnxValue relu(LayerCall c, ReLUSpec s, OnnxValue v) {
        String x = v.name();
        double alpha = s.negativeSlope();
        double threshold = s.threshold();
        boolean clip = !Double.isNaN(s.maxValue());
        if (alpha != 0 && !clip && threshold == 0) {
            return v.withName(c.op("LeakyRelu", List.of(x), Attrs.f("alpha", alpha)));
        }
        String negativePart = null;
        if (alpha != 0) {
            String neg = c.op("Neg", List.of(x));
            negativePart = c.op("Relu", List.of(threshold != 0 ? c.op("Add", List.of(neg, c.graph().scalar(threshold))) : neg));
        }
        String y;
        if (threshold != 0) {
            String above = c.op("Cast", List.of(c.op("Greater", List.of(x, c.graph().scalar(threshold)))), Attrs.i("to", 1));
            y = c.op("Mul", List.of(x, above));
        } else {
            y = c.op("Relu", List.of(x));
        }
        if (clip) {
            y = clip(c, y, 0, s.maxValue());
        }
        if (negativePart != null) {
            y = c.op("Sub", List.of(y, c.op("Mul", List.of(c.graph().scalar(alpha), negativePart))));
        }
        return v.withName(y);
    }

    /** Keras PReLU: x above 0, alpha·x below, alpha broadcast over Keras' feature axes. */
    static OnnxValue prelu(LayerCall c, PReLUSpec s, OnnxValue v) {
        return OnnxValue.keras(c.op("PRelu", List.of(c.keras(v), c.initializer("alpha"))));
    }
}
