package io.kerasj.onnx.export;

import io.kerasj.layers.ActivationSpec;
import io.kerasj.layers.PReLUSpec;
import java.util.List;

/** Keras activation functions and activation layers as ONNX ops. */
final class ActivationExport {
    private ActivationExport() {
    }

    /**
     * A built-in activation by its canonical Keras name with Keras' defaults. Element-wise ones
     * keep the stored layout; softmax and log_softmax work on Keras' last axis.
     */
    static OnnxValue apply(LayerCall c, String name, OnnxValue v) {
        switch (name) {
            case "linear":
                return v;
            case "softmax":
                return OnnxValue.keras(c.op("Softmax", List.of(c.keras(v)), Attrs.i("axis", -1)));
            case "log_softmax":
                return OnnxValue.keras(c.op("LogSoftmax", List.of(c.keras(v)), Attrs.i("axis", -1)));
            default:
                return v.withName(elementwise(c, name, v.name()));
        }
    }

    private static String elementwise(LayerCall c, String name, String x) {
        switch (name) {
            case "relu":
                return c.op("Relu", List.of(x));
            case "relu6":
                return clip(c, x, 0, 6);
            case "sigmoid":
                return c.op("Sigmoid", List.of(x));
            case "hard_sigmoid":
                // Keras 2: clip(0.2x + 0.5, 0, 1); Keras 3: relu6(x + 3) / 6
                return c.kerasMajor() >= 3 ? hardSigmoid3(c, x)
                        : c.op("HardSigmoid", List.of(x), Attrs.f("alpha", 0.2), Attrs.f("beta", 0.5));
            case "tanh":
                return c.op("Tanh", List.of(x));
            case "elu":
                return c.op("Elu", List.of(x), Attrs.f("alpha", 1.0));
            case "selu":
                // ONNX's default alpha and gamma are the constants Keras uses
                return c.op("Selu", List.of(x));
            case "softplus":
                return c.op("Softplus", List.of(x));
            case "softsign":
                return c.op("Softsign", List.of(x));
            case "exponential":
                return c.op("Exp", List.of(x));
            case "silu":
            case "swish":
                return c.op("Mul", List.of(x, c.op("Sigmoid", List.of(x))));
            case "gelu": {
                // exact form (approximate=False): 0.5 x (1 + erf(x / sqrt 2))
                String erf = c.op("Erf", List.of(c.op("Mul", List.of(x, c.g.scalar(1.0 / Math.sqrt(2.0))))));
                String half = c.op("Mul", List.of(c.g.scalar(0.5), x));
                return c.op("Mul", List.of(half, c.op("Add", List.of(c.g.scalar(1.0), erf))));
            }
            case "leaky_relu":
                return c.op("LeakyRelu", List.of(x), Attrs.f("alpha", 0.2));
            case "mish":
                return c.op("Mul", List.of(x, c.op("Tanh", List.of(c.op("Softplus", List.of(x))))));
            case "hard_silu":
            case "hard_swish":
                return c.op("Mul", List.of(x, hardSigmoid3(c, x)));
            default:
                throw new ExportFailure("activation '" + name + "' is not a Keras built-in activation");
        }
    }

    private static String hardSigmoid3(LayerCall c, String x) {
        return c.op("Div", List.of(clip(c, c.op("Add", List.of(x, c.g.scalar(3.0))), 0, 6), c.g.scalar(6.0)));
    }

    static String clip(LayerCall c, String x, double min, double max) {
        return c.op("Clip", List.of(x, c.g.scalar(min), c.g.scalar(max)));
    }

    /** Activation, ReLU, LeakyReLU, ELU and Softmax layers. */
    static OnnxValue layer(LayerCall c, ActivationSpec s, OnnxValue v) {
        switch (c.layer.className()) {
            case "ReLU":
                return v.withName(relu(c, v.name(), s.alpha(), s.maxValue(), s.threshold()));
            case "LeakyReLU":
                return v.withName(c.op("LeakyRelu", List.of(v.name()), Attrs.f("alpha", s.alpha())));
            case "ELU":
                // ONNX's Elu is alpha·(exp(x) − 1) below 0, as Keras' ELU layer
                return v.withName(c.op("Elu", List.of(v.name()), Attrs.f("alpha", s.alpha())));
            case "Softmax":
                return OnnxValue.keras(c.op("Softmax", List.of(c.keras(v)), Attrs.i("axis", s.axis())));
            default:
                return apply(c, s.function(), v);
        }
    }

    /** Keras {@code relu(x, alpha, max_value, threshold)}. */
    private static String relu(LayerCall c, String x, double alpha, double maxValue, double threshold) {
        boolean clip = !Double.isNaN(maxValue);
        if (alpha != 0 && !clip && threshold == 0) {
            return c.op("LeakyRelu", List.of(x), Attrs.f("alpha", alpha));
        }
        String negativePart = null;
        if (alpha != 0) {
            String neg = c.op("Neg", List.of(x));
            negativePart = c.op("Relu", List.of(threshold != 0 ? c.op("Add", List.of(neg, c.g.scalar(threshold))) : neg));
        }
        String y;
        if (threshold != 0) {
            String above = c.op("Cast", List.of(c.op("Greater", List.of(x, c.g.scalar(threshold)))), Attrs.i("to", 1));
            y = c.op("Mul", List.of(x, above));
        } else {
            y = c.op("Relu", List.of(x));
        }
        if (clip) {
            y = clip(c, y, 0, maxValue);
        }
        if (negativePart != null) {
            y = c.op("Sub", List.of(y, c.op("Mul", List.of(c.g.scalar(alpha), negativePart))));
        }
        return y;
    }

    /** Keras PReLU: x above 0, alpha·x below, alpha broadcast over Keras' feature axes. */
    static OnnxValue prelu(LayerCall c, PReLUSpec s, OnnxValue v) {
        return OnnxValue.keras(c.op("PRelu", List.of(c.keras(v), c.initializer("alpha"))));
    }
}
