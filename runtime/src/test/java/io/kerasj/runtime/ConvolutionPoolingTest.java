package io.kerasj.runtime;

import static io.kerasj.runtime.Naive.assertClose;
import static io.kerasj.runtime.TestModels.layer;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.runtime.graph.LoweringOptions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Convolution and pooling layers against loop implementations of Keras' definitions. */
class ConvolutionPoolingTest {
    private static final double TOL = 2e-6;

    private static FloatTensor biasRelu(FloatTensor t, float[] bias, boolean relu) {
        float[] v = t.toArray();
        int c = t.shape().dim(-1);
        for (int i = 0; i < v.length; i++) {
            v[i] += bias[i % c];
            if (relu) {
                v[i] = Math.max(0, v[i]);
            }
        }
        return FloatTensor.wrap(t.shape(), v);
    }

    @Test
    void conv2dSamePaddingWithStrideMatchesKeras() {
        // 7x8 input, 3x4 kernel, stride 2: SAME pads unevenly (the extra row/column after)
        KerasModel m = TestModels.sequential(new int[] {7, 8, 4}, layer("Conv2D", "c",
                "\"filters\": 6, \"kernel_size\": [3, 4], \"strides\": [2, 2], \"padding\": \"same\", \"activation\": \"relu\""));
        FloatTensor x = TestModels.input(2, 7, 8, 4);
        FloatTensor expected = biasRelu(Naive.conv2d(x, Naive.weight(m, "c", "kernel"), null, new int[] {2, 2},
                new int[] {1, 1}, true, 1), Naive.values(m, "c", "bias"), true);
        assertClose(expected, TestModels.run(m, x), TOL);
    }

    @Test
    void dilatedValidConvMatchesKeras() {
        KerasModel m = TestModels.sequential(new int[] {9, 8, 3}, layer("Conv2D", "c",
                "\"filters\": 5, \"kernel_size\": [3, 3], \"dilation_rate\": [2, 1], \"padding\": \"valid\", \"use_bias\": false"));
        FloatTensor x = TestModels.input(2, 9, 8, 3);
        FloatTensor expected = Naive.conv2d(x, Naive.weight(m, "c", "kernel"), null, new int[] {1, 1}, new int[] {2, 1}, false, 1);
        assertClose(expected, TestModels.run(m, x), TOL);
    }

    // NATIVE runs only on kernel paths that take it; GroupedConvPathsTest holds it to the split form
    @ParameterizedTest
    @EnumSource(value = LoweringOptions.GroupedConv.class, names = {"AUTO", "SPLIT"})
    void groupedConvUsesKerasChannelBlocks(LoweringOptions.GroupedConv strategy) {
        KerasModel m = TestModels.sequential(new int[] {6, 6, 6}, layer("Conv2D", "c",
                "\"filters\": 9, \"kernel_size\": [3, 3], \"padding\": \"same\", \"groups\": 3"));
        FloatTensor x = TestModels.input(2, 6, 6, 6);
        FloatTensor expected = biasRelu(Naive.conv2d(x, Naive.weight(m, "c", "kernel"), null, new int[] {1, 1},
                new int[] {1, 1}, true, 3), Naive.values(m, "c", "bias"), false);
        try (Predictor p = KerasRuntime.builder(m).groupedConv(strategy).build()) {
            assertClose(expected, p.predict(x), TOL);
        }
    }

    @Test
    void channelsFirstConvKeepsNchwLayout() {
        KerasModel m = TestModels.sequential(new int[] {4, 7, 6}, layer("Conv2D", "c",
                "\"filters\": 3, \"kernel_size\": [2, 3], \"strides\": [1, 2], \"padding\": \"same\", \"data_format\": \"channels_first\""));
        FloatTensor x = TestModels.input(2, 4, 7, 6);
        FloatTensor nhwc = Naive.permute(x, 0, 2, 3, 1);
        FloatTensor y = biasRelu(Naive.conv2d(nhwc, Naive.weight(m, "c", "kernel"), null, new int[] {1, 2},
                new int[] {1, 1}, true, 1), Naive.values(m, "c", "bias"), false);
        assertClose(Naive.permute(y, 0, 3, 1, 2), TestModels.run(m, x), TOL);
    }

    @Test
    void depthwiseAndSeparableConvMatchKeras() {
        KerasModel m = TestModels.sequential(new int[] {7, 7, 3},
                layer("DepthwiseConv2D", "d", "\"kernel_size\": [3, 3], \"strides\": [2, 2], \"padding\": \"same\", \"depth_multiplier\": 2"),
                layer("SeparableConv2D", "s", "\"filters\": 4, \"kernel_size\": [2, 2], \"padding\": \"valid\", \"depth_multiplier\": 1"));
        FloatTensor x = TestModels.input(2, 7, 7, 3);
        FloatTensor d = biasRelu(Naive.depthwise(x, Naive.weight(m, "d", "depthwise_kernel"), new int[] {2, 2}, true),
                Naive.values(m, "d", "bias"), false);
        FloatTensor sd = Naive.depthwise(d, Naive.weight(m, "s", "depthwise_kernel"), new int[] {1, 1}, false);
        FloatTensor s = biasRelu(Naive.conv2d(sd, Naive.weight(m, "s", "pointwise_kernel"), null, new int[] {1, 1},
                new int[] {1, 1}, false, 1), Naive.values(m, "s", "bias"), false);
        try (Predictor p = KerasRuntime.builder(m).build()) {
            var layers = p.predictLayers(List.of(x), List.of("d", "s"));
            assertClose(d, layers.get("d"), TOL);
            assertClose(s, layers.get("s"), TOL);
        }
    }

    @Test
    void poolingMatchesKerasIncludingSamePadding() {
        KerasModel m = TestModels.sequential(new int[] {7, 8, 3},
                layer("MaxPooling2D", "mp", "\"pool_size\": [3, 3], \"strides\": [2, 2], \"padding\": \"same\""),
                layer("AveragePooling2D", "ap", "\"pool_size\": [2, 2], \"strides\": [1, 1], \"padding\": \"same\""),
                layer("AveragePooling2D", "av", "\"pool_size\": [2, 3], \"padding\": \"valid\""));
        FloatTensor x = TestModels.input(2, 7, 8, 3);
        FloatTensor mp = Naive.pool(x, new int[] {3, 3}, new int[] {2, 2}, true, true);
        FloatTensor ap = Naive.pool(mp, new int[] {2, 2}, new int[] {1, 1}, true, false);
        FloatTensor av = Naive.pool(ap, new int[] {2, 3}, new int[] {2, 3}, false, false);
        try (Predictor p = KerasRuntime.builder(m).build()) {
            var layers = p.predictLayers(List.of(x), List.of("mp", "ap", "av"));
            assertClose(mp, layers.get("mp"), TOL);
            assertClose(ap, layers.get("ap"), TOL);
            assertClose(av, layers.get("av"), TOL);
        }
    }

    @Test
    void channelsFirstPoolingAndGlobalPooling() {
        KerasModel m = TestModels.sequential(new int[] {3, 6, 5},
                layer("MaxPooling2D", "mp", "\"pool_size\": [2, 2], \"data_format\": \"channels_first\""),
                layer("GlobalAveragePooling2D", "gap", "\"data_format\": \"channels_first\", \"keepdims\": true"));
        FloatTensor x = TestModels.input(2, 3, 6, 5);
        FloatTensor mp = Naive.permute(Naive.pool(Naive.permute(x, 0, 2, 3, 1), new int[] {2, 2}, new int[] {2, 2},
                false, true), 0, 3, 1, 2);
        float[] gap = new float[2 * 3];
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < 3; c++) {
                double s = 0;
                for (int i = 0; i < 6; i++) {
                    s += mp.get((b * 3 + c) * 6 + i);
                }
                gap[b * 3 + c] = (float) (s / 6);
            }
        }
        try (Predictor p = KerasRuntime.builder(m).build()) {
            var layers = p.predictLayers(List.of(x), List.of("mp", "gap"));
            assertClose(mp, layers.get("mp"), TOL);
            assertClose(FloatTensor.wrap(io.kerasj.ir.Shape.of(2, 3, 1, 1), gap), layers.get("gap"), TOL);
        }
    }

    @Test
    void globalMaxPoolingDropsSpatialAxes() {
        KerasModel m = TestModels.sequential(new int[] {4, 3, 2}, layer("GlobalMaxPooling2D", "g", ""));
        FloatTensor x = TestModels.input(2, 4, 3, 2);
        float[] want = new float[4];
        java.util.Arrays.fill(want, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < x.size(); i++) {
            int b = i / 24;
            int c = i % 2;
            want[b * 2 + c] = Math.max(want[b * 2 + c], x.get(i));
        }
        assertClose(FloatTensor.wrap(io.kerasj.ir.Shape.of(2, 2), want), TestModels.run(m, x), 0);
    }
}
