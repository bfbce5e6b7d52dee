package io.kerasj.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.config.ModelConfigParser;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.ir.SourceInfo;
import io.kerasj.onnx.export.OnnxLayers;
import io.kerasj.runtime.Engine;
import io.kerasj.runtime.KerasRuntime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every layer kind kerasj runs, in small models, computes the same on ONNX Runtime as on
 * TensorFlow at every layer (atol 1e-5, rtol 1e-4): channels_last and channels_first images,
 * grouped and dilated convolutions, each activation, merges of channels-first tensors, every
 * Lambda op, nested models with two inputs and two outputs.
 */
class OnnxLayerKindsTest {

    static String layer(String cls, String name, String config) {
        return "{\"class_name\": \"" + cls + "\", \"config\": {\"name\": \"" + name + "\"" + (config.isEmpty() ? "" : ", " + config) + "}}";
    }

    static String node(String cls, String name, String config, String... inbound) {
        StringBuilder in = new StringBuilder();
        for (String i : inbound) {
            in.append(in.length() == 0 ? "" : ", ").append("[\"").append(i).append("\", 0, 0, {}]");
        }
        return "{\"class_name\": \"" + cls + "\", \"name\": \"" + name + "\", \"config\": {\"name\": \"" + name + "\""
                + (config.isEmpty() ? "" : ", " + config) + "}, \"inbound_nodes\": " + (inbound.length == 0 ? "[]" : "[[" + in + "]]") + "}";
    }

    static KerasModel sequential(int kerasMajor, int[] shape, String... layers) {
        StringBuilder dims = new StringBuilder("null");
        for (int d : shape) {
            dims.append(", ").append(d);
        }
        String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": ["
                + layer("InputLayer", "in", "\"batch_input_shape\": [" + dims + "]") + ", " + String.join(", ", layers) + "]}}";
        return parse(json, kerasMajor);
    }

    static KerasModel parse(String json, int kerasMajor) {
        return FillRule.fill(ModelConfigParser.parse(json, null, new SourceInfo("json", kerasMajor + ".0.0", "tensorflow", null)));
    }

    /** Inputs in [-1, 1). */
    static FloatTensor input(int batch, int... shape) {
        float[] v = FillRule.input(batch, shape).toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = 2 * v[i] - 1;
        }
        int[] dims = new int[shape.length + 1];
        dims[0] = batch;
        System.arraycopy(shape, 0, dims, 1, shape.length);
        return FloatTensor.wrap(Shape.of(dims), v);
    }

    @Test
    void channelsLastImageLayers() {
        KerasModel m = sequential(2, new int[] {16, 16, 4},
                layer("Conv2D", "conv_same", "\"filters\": 8, \"kernel_size\": [3, 3], \"strides\": [2, 2], \"padding\": \"same\", \"activation\": \"relu\""),
                layer("ZeroPadding2D", "pad", "\"padding\": [[1, 1], [0, 2]]"),
                layer("Conv2D", "conv_grouped", "\"filters\": 8, \"kernel_size\": [3, 3], \"dilation_rate\": [2, 2], \"groups\": 2, \"padding\": \"valid\""),
                layer("BatchNormalization", "bn", "\"axis\": -1, \"epsilon\": 0.001"),
                layer("Lambda", "onnx_lrn", "\"function\": [\"" + CUMSUM_FN + "\", null, null], \"function_type\": \"lambda\""),
                layer("MaxPooling2D", "max_same", "\"pool_size\": [2, 2], \"strides\": [1, 1], \"padding\": \"same\""),
                layer("AveragePooling2D", "avg_same", "\"pool_size\": [3, 3], \"strides\": [2, 2], \"padding\": \"same\""),
                layer("Cropping2D", "crop", "\"cropping\": [[1, 0], [0, 1]]"),
                layer("DepthwiseConv2D", "depthwise", "\"kernel_size\": [2, 2], \"depth_multiplier\": 2, \"padding\": \"same\", \"activation\": \"relu6\""),
                layer("SeparableConv2D", "separable", "\"filters\": 6, \"kernel_size\": [2, 2], \"padding\": \"same\", \"depth_multiplier\": 1, \"activation\": \"elu\""),
                layer("Lambda", "onnx_s2d", "\"function\": [\"" + CUMSUM_FN + "\", null, null], \"function_type\": \"lambda\""),
                layer("GlobalAveragePooling2D", "gap", "\"keepdims\": true"),
                layer("Flatten", "flat", ""),
                layer("Dense", "out", "\"units\": 5, \"activation\": \"softmax\""));
        EngineParity.check(m, List.of(input(3, 16, 16, 4)), 1e-5, 1e-4);
    }

    @Test
    void channelsFirstImageLayers() {
        String cf = "\"data_format\": \"channels_first\"";
        KerasModel m = sequential(2, new int[] {3, 9, 10},
                layer("Conv2D", "conv", "\"filters\": 4, \"kernel_size\": [2, 3], \"strides\": [1, 2], \"padding\": \"same\", " + cf),
                layer("BatchNormalization", "bn", "\"axis\": 1, \"epsilon\": 0.01, \"center\": false"),
                // zero padding then max pooling: ONNX Runtime must not fold the zeros into -inf pool padding
                layer("ZeroPadding2D", "pad", "\"padding\": [1, 1], " + cf),
                layer("MaxPooling2D", "pool", "\"pool_size\": [2, 2], " + cf),
                layer("Flatten", "flat_cf", cf),
                layer("Dense", "out", "\"units\": 3"));
        EngineParity.check(m, List.of(input(2, 3, 9, 10)), 1e-5, 1e-4);
        KerasModel pooled = sequential(2, new int[] {3, 6, 6},
                layer("Conv2D", "conv", "\"filters\": 4, \"kernel_size\": [3, 3], " + cf),
                layer("GlobalMaxPooling2D", "gmp", cf));
        EngineParity.check(pooled, List.of(input(2, 3, 6, 6)), 1e-5, 1e-4);
    }

    @Test
    void everyActivation() {
        String[] names = {"relu", "relu6", "sigmoid", "hard_sigmoid", "softmax", "log_softmax", "tanh", "elu", "selu",
            "softplus", "softsign", "exponential", "swish", "gelu", "leaky_relu", "mish", "hard_silu", "linear"};
        for (int major : new int[] {2, 3}) {
            for (String n : names) {
                KerasModel m = sequential(major, new int[] {4}, layer("Dense", "d", "\"units\": 6"),
                        layer("Activation", "a_" + n, "\"activation\": \"" + n + "\""));
                EngineParity.check(m, List.of(input(4, 4)), 1e-5, 1e-4);
            }
        }
    }

    @Test
    void activationLayersAndReshapes() {
        KerasModel m = sequential(2, new int[] {4, 6},
                layer("ReLU", "relu_clipped", "\"max_value\": 0.5, \"negative_slope\": 0.2, \"threshold\": 0.1"),
                layer("LeakyReLU", "leaky", "\"alpha\": 0.3"),
                layer("ELU", "elu", "\"alpha\": 0.7"),
                layer("PReLU", "prelu", "\"shared_axes\": [1]"),
                layer("Softmax", "softmax_axis1", "\"axis\": 1"),
                layer("Rescaling", "rescale", "\"scale\": 2.5, \"offset\": -0.5"),
                layer("Permute", "permute", "\"dims\": [2, 1]"),
                layer("Reshape", "reshape", "\"target_shape\": [3, -1]"),
                layer("BatchNormalization", "bn_axis1", "\"axis\": 1"),
                layer("Lambda", "onnx_l2n", "\"function\": [\"" + CUMSUM_FN + "\", null, null], \"function_type\": \"lambda\""),
                layer("Lambda", "onnx_elementwise", "\"function\": [\"" + CUMSUM_FN + "\", null, null], \"function_type\": \"lambda\""),
                layer("Dropout", "drop", "\"rate\": 0.5"),
                layer("Dense", "dense_rank3", "\"units\": 2"));
        EngineParity.check(m, List.of(input(3, 4, 6)), 1e-5, 1e-4);
    }

    @Test
    void mergesOfChannelsFirstStoredTensorsAndNestedModels() {
        String in = node("InputLayer", "in", "\"batch_input_shape\": [null, 6, 6, 3]");
        String conv = "\"filters\": 4, \"kernel_size\": [3, 3], \"padding\": \"same\"";
        StringBuilder layers = new StringBuilder(in).append(", ").append(node("Conv2D", "a", conv, "in"))
                .append(", ").append(node("Conv2D", "b", conv, "in"));
        String[] merges = {"Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"};
        for (String op : merges) {
            layers.append(", ").append(node(op, "m_" + op, "", "a", "b"));
        }
        layers.append(", ").append(node("Concatenate", "cat", "\"axis\": -1", "m_Add", "m_Subtract", "m_Multiply",
                "m_Average", "m_Maximum", "m_Minimum"));
        // one input stored channels first, one in Keras' layout
        layers.append(", ").append(node("Flatten", "flat", "", "in"));
        layers.append(", ").append(node("Reshape", "back", "\"target_shape\": [6, 6, 3]", "flat"));
        layers.append(", ").append(node("Concatenate", "mixed", "\"axis\": 3", "cat", "back"));
        String inner = "{\"class_name\": \"Sequential\", \"name\": \"inner\", \"config\": {\"name\": \"inner\", \"layers\": ["
                + layer("InputLayer", "inner_in", "\"batch_input_shape\": [null, 6, 6, 27]") + ", "
                + layer("Conv2D", "inner_conv", "\"filters\": 5, \"kernel_size\": [1, 1]") + ", "
                + layer("BatchNormalization", "inner_bn", "") + ", "
                + layer("GlobalAveragePooling2D", "inner_gap", "") + "]}, \"inbound_nodes\": [[[\"mixed\", 0, 0, {}]]]}";
        layers.append(", ").append(inner);
        layers.append(", ").append(node("Dense", "side", "\"units\": 2", "flat"));
        String json = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"f\", \"layers\": [" + layers
                + "], \"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"inner\", 0, 0], [\"side\", 0, 0]]}}";
        EngineParity.check(parse(json, 2), List.of(input(2, 6, 6, 3)), 1e-5, 1e-4);
    }

    @Test
    void aLayerWithoutAnOnnxFormIsNamed() {
        KerasModel m = sequential(2, new int[] {4}, layer("Dense", "d", "\"units\": 4"),
                layer("Lambda", "cumsum", "\"function\": [\"" + CUMSUM_FN + "\", null, null], \"function_type\": \"lambda\","
                        + " \"output_shape\": [4], \"output_shape_type\": \"raw\""),
                layer("Dense", "after", "\"units\": 2"));
        KerasImportException e = assertThrows(KerasImportException.class,
                () -> KerasRuntime.builder(m).engine(Engine.ONNX_RUNTIME).build());
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals("cumsum", e.problems().get(0).layer());
        assertTrue(e.getMessage().contains("Lambda layer 'cumsum'"), e.getMessage());
        assertTrue(OnnxLayers.kinds().size() >= 18, OnnxLayers.kinds().toString());
    }

    /** CPython 3.11 {@code lambda x: tf.math.cumsum(x, axis=1)}: decodable, not a known op (ResolvedLambdas maps some names). */
    static final String CUMSUM_FN = "4wEAAAAAAAAAAAAAAAQAAAADAAAA80QAAACXAHQAAAAAAAAAAAAAAGoBAAAAAAAAAACgAgAAAAAA\\nAAAAAAAAAAAAAAAAAAAAfABkAawCpgIAAKsCAAAAAAAAAABTACkDTukBAAAAKQHaBGF4aXMpA9oC\\ndGbaBG1hdGjaBmN1bXN1bSkB2gF4cwEAAAAg+gg8c3RyaW5nPvoIPGxhbWJkYT5yCQAAAAMAAABz\\nGAAAAIAAjUKMR49Oik6YMaAxiE7RDCXUDCWAAPMAAAAA\\n";
}
