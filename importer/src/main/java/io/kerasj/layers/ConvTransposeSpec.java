package io.kerasj.layers;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import io.kerasj.ir.WeightSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras {@code Conv1DTranspose}, {@code Conv2DTranspose} ({@code Deconvolution2D} in Keras 2's
 * aliases) and {@code Conv3DTranspose}; the spatial rank is the kernel's length. Output sizes are
 * Keras' {@code deconv_output_length}: without output_padding {@code n·s + max(k - s, 0)} (valid)
 * or {@code n·s} (same); with it {@code (n-1)·s + k - 2·pad + output_padding} (pad = k/2 for same).
 * The kernel is Keras' {@code (*kernel_size, filters, in)}. Dilation is not supported.
 */
public record ConvTransposeSpec(int filters, int[] kernelSize, int[] strides, String padding, int[] outputPadding,
                                String dataFormat, String activation, boolean useBias) implements LayerSpec {

    public static ConvTransposeSpec parse1D(LayerConfig c) {
        return parse(c, 1);
    }

    public static ConvTransposeSpec parse2D(LayerConfig c) {
        return parse(c, 2);
    }

    public static ConvTransposeSpec parse3D(LayerConfig c) {
        return parse(c, 3);
    }

    private static ConvTransposeSpec parse(LayerConfig c, int n) {
        int filters = c.requireInt("filters");
        int[] kernel = c.intTuple(n, null, "kernel_size");
        if (kernel == null) {
            throw new ConfigException("config has no 'kernel_size'");
        }
        int[] strides = c.intTuple(n, SpatialAxes.ones(n), "strides");
        int[] dilation = c.intTuple(n, SpatialAxes.ones(n), "dilation_rate");
        for (int i = 0; i < n; i++) {
            if (dilation[i] != 1) {
                throw new ConfigException("dilation_rate > 1 is not supported for transposed convolutions");
            }
            if (kernel[i] <= 0 || strides[i] <= 0) {
                throw new ConfigException("kernel_size and strides must be positive");
            }
        }
        int[] outputPadding = null;
        JsonNode op = c.find("output_padding").orElse(null);
        if (op != null) {
            outputPadding = c.tuple(op, n, "output_padding");
            for (int i = 0; i < n; i++) {
                if (outputPadding[i] < 0 || outputPadding[i] >= strides[i]) {
                    throw new ConfigException("output_padding must be >= 0 and smaller than the stride, found "
                            + java.util.Arrays.toString(outputPadding));
                }
            }
        }
        return new ConvTransposeSpec(filters, kernel, strides, c.padding(), outputPadding, c.dataFormat(),
                c.activation("activation"), c.boolValue(true, "use_bias"));
    }

    public int spatialRank() {
        return kernelSize.length;
    }

    /** Keras' deconv_output_length for spatial axis i. */
    public int outputLength(int n, int i) {
        if (n == Shape.UNKNOWN) {
            return Shape.UNKNOWN;
        }
        int k = kernelSize[i];
        int s = strides[i];
        if (outputPadding == null) {
            return padding.equals("valid") ? n * s + Math.max(k - s, 0) : n * s;
        }
        int pad = padding.equals("same") ? k / 2 : 0;
        return (n - 1) * s + k - 2 * pad + outputPadding[i];
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = SpatialAxes.requireRank(inputs, "Conv" + spatialRank() + "DTranspose", spatialRank());
        SpatialAxes.knownChannels(in, dataFormat, "Conv" + spatialRank() + "DTranspose");
        int[] sizes = SpatialAxes.spatial(in, dataFormat);
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = outputLength(sizes[i], i);
            if (sizes[i] != Shape.UNKNOWN && sizes[i] <= 0) {
                throw new ShapeException("the transposed convolution leaves no output for " + in);
            }
        }
        return List.of(SpatialAxes.assemble(in.dim(0), sizes, filters, dataFormat));
    }

    @Override
    public List<WeightSpec> weights(List<Shape> inputs) {
        int cin = SpatialAxes.knownChannels(inputs.get(0), dataFormat, "ConvTranspose");
        int[] dims = new int[spatialRank() + 2];
        System.arraycopy(kernelSize, 0, dims, 0, spatialRank());
        dims[spatialRank()] = filters;
        dims[spatialRank() + 1] = cin;
        List<WeightSpec> w = new ArrayList<>();
        w.add(WeightSpec.trainable("kernel", dims));
        if (useBias) {
            w.add(WeightSpec.trainable("bias", filters));
        }
        return w;
    }
}
