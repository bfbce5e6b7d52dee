package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import io.kerasj.ir.WeightSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras {@code Conv1D} (Keras 1 {@code Convolution1D}, {@code AtrousConvolution1D}) and
 * {@code Conv3D} ({@code Convolution3D}); the spatial rank is the kernel's length. Padding is
 * {@code valid}, {@code same} or, for Conv1D, {@code causal} (left padding of
 * {@code dilation·(kernel-1)}). The kernel is Keras' {@code (*kernel_size, in/groups, filters)}.
 */
public record ConvolutionSpec(int filters, int[] kernelSize, int[] strides, String padding, String dataFormat,
                              int[] dilationRate, int groups, String activation, boolean useBias) implements LayerSpec {

    public static ConvolutionSpec parse1D(LayerConfig c) {
        int filters = c.requireInt("filters", "nb_filter");
        int[] kernel = c.has("kernel_size") ? c.intTuple(1, null, "kernel_size") : new int[] {c.requireInt("filter_length")};
        int[] strides = c.intTuple(1, new int[] {1}, "strides", "subsample_length", "subsample");
        int[] dilation = c.intTuple(1, new int[] {1}, "dilation_rate", "atrous_rate");
        // Keras 1 Conv1D had no data_format: its input was always (steps, features)
        return build(c, filters, kernel, strides, dilation, padding(c, true));
    }

    public static ConvolutionSpec parse3D(LayerConfig c) {
        int filters = c.requireInt("filters", "nb_filter");
        int[] kernel = c.has("kernel_size") ? c.intTuple(3, null, "kernel_size")
                : new int[] {c.requireInt("kernel_dim1"), c.requireInt("kernel_dim2"), c.requireInt("kernel_dim3")};
        int[] strides = c.intTuple(3, new int[] {1, 1, 1}, "strides", "subsample");
        int[] dilation = c.intTuple(3, new int[] {1, 1, 1}, "dilation_rate");
        return build(c, filters, kernel, strides, dilation, padding(c, false));
    }

    private static ConvolutionSpec build(LayerConfig c, int filters, int[] kernel, int[] strides, int[] dilation, String padding) {
        int groups = c.intValue(1, "groups");
        if (filters <= 0) {
            throw new ConfigException("filters must be positive, found " + filters);
        }
        if (groups < 1 || filters % groups != 0) {
            throw new ConfigException("groups=" + groups + " must divide filters=" + filters);
        }
        boolean strided = false;
        boolean dilated = false;
        for (int i = 0; i < kernel.length; i++) {
            if (kernel[i] <= 0 || strides[i] <= 0 || dilation[i] <= 0) {
                throw new ConfigException("kernel_size, strides and dilation_rate must be positive");
            }
            strided |= strides[i] > 1;
            dilated |= dilation[i] > 1;
        }
        if (strided && dilated) {
            throw new ConfigException("strides > 1 together with dilation_rate > 1 is not allowed by Keras");
        }
        return new ConvolutionSpec(filters, kernel, strides, padding, c.dataFormat(), dilation, groups,
                c.activation("activation"), c.boolValue(true, "use_bias", "bias"));
    }

    static String padding(LayerConfig c, boolean causalAllowed) {
        String p = c.stringValue("valid", "padding", "border_mode").toLowerCase(java.util.Locale.ROOT);
        if (p.equals("valid") || p.equals("same") || (causalAllowed && p.equals("causal"))) {
            return p;
        }
        throw new ConfigException("padding '" + p + "' is not supported (valid, same" + (causalAllowed ? ", causal)" : ")"));
    }

    public int spatialRank() {
        return kernelSize.length;
    }

    private String kind() {
        return "Conv" + spatialRank() + "D";
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = SpatialAxes.requireRank(inputs, kind(), spatialRank());
        int cin = SpatialAxes.knownChannels(in, dataFormat, kind());
        if (cin % groups != 0) {
            throw new ShapeException("input channels " + cin + " are not divisible by groups=" + groups);
        }
        return List.of(SpatialAxes.slide(in, kernelSize, padding, strides, dilationRate, filters, dataFormat));
    }

    @Override
    public List<WeightSpec> weights(List<Shape> inputs) {
        int cin = SpatialAxes.knownChannels(inputs.get(0), dataFormat, kind());
        int[] dims = new int[spatialRank() + 2];
        System.arraycopy(kernelSize, 0, dims, 0, spatialRank());
        dims[spatialRank()] = cin / groups;
        dims[spatialRank() + 1] = filters;
        List<WeightSpec> w = new ArrayList<>();
        w.add(WeightSpec.trainable("kernel", dims));
        if (useBias) {
            w.add(WeightSpec.trainable("bias", filters));
        }
        return w;
    }

    @Override
    public String detail() {
        return groups > 1 ? "groups=" + groups : "";
    }
}
