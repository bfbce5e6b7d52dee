package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.WeightSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras {@code SeparableConv1D} ({@code filters} > 0: depthwise then 1×1 pointwise, weights
 * depthwise_kernel (k, in, multiplier), pointwise_kernel (1, in·multiplier, filters), bias) and
 * {@code DepthwiseConv1D} ({@code filters} = 0: depthwise_kernel (k, in, multiplier), bias of
 * in·multiplier). Padding valid, same or causal.
 */
public record SeparableConv1DSpec(int filters, int kernelSize, int stride, String padding, String dataFormat,
                                  int dilation, int depthMultiplier, String activation, boolean useBias) implements LayerSpec {

    public static SeparableConv1DSpec parseSeparable(LayerConfig c) {
        int filters = c.requireInt("filters");
        if (filters <= 0) {
            throw new ConfigException("filters must be positive, found " + filters);
        }
        return parse(c, filters);
    }

    public static SeparableConv1DSpec parseDepthwise(LayerConfig c) {
        return parse(c, 0);
    }

    private static SeparableConv1DSpec parse(LayerConfig c, int filters) {
        int k = c.intTuple(1, null, "kernel_size") == null ? 0 : c.intTuple(1, null, "kernel_size")[0];
        int s = c.intTuple(1, new int[] {1}, "strides")[0];
        int d = c.intTuple(1, new int[] {1}, "dilation_rate")[0];
        int m = c.intValue(1, "depth_multiplier");
        if (k <= 0 || s <= 0 || d <= 0 || m <= 0) {
            throw new ConfigException("kernel_size, strides, dilation_rate and depth_multiplier must be positive");
        }
        if (s > 1 && d > 1) {
            throw new ConfigException("strides > 1 together with dilation_rate > 1 is not allowed by Keras");
        }
        return new SeparableConv1DSpec(filters, k, s, ConvolutionSpec.padding(c, true), c.dataFormat(), d, m,
                c.activation("activation"), c.boolValue(true, "use_bias"));
    }

    public boolean depthwiseOnly() {
        return filters == 0;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        String kind = depthwiseOnly() ? "DepthwiseConv1D" : "SeparableConv1D";
        Shape in = SpatialAxes.requireRank(inputs, kind, 1);
        int cin = SpatialAxes.knownChannels(in, dataFormat, kind);
        int out = depthwiseOnly() ? cin * depthMultiplier : filters;
        return List.of(SpatialAxes.slide(in, new int[] {kernelSize}, padding, new int[] {stride}, new int[] {dilation}, out,
                dataFormat));
    }

    @Override
    public List<WeightSpec> weights(List<Shape> inputs) {
        int cin = SpatialAxes.knownChannels(inputs.get(0), dataFormat, "SeparableConv1D");
        List<WeightSpec> w = new ArrayList<>();
        w.add(WeightSpec.trainable("depthwise_kernel", kernelSize, cin, depthMultiplier));
        if (!depthwiseOnly()) {
            w.add(WeightSpec.trainable("pointwise_kernel", 1, cin * depthMultiplier, filters));
        }
        if (useBias) {
            w.add(WeightSpec.trainable("bias", depthwiseOnly() ? cin * depthMultiplier : filters));
        }
        return w;
    }
}
