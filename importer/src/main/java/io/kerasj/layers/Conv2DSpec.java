package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import io.kerasj.ir.WeightSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras {@code Conv2D} (Keras 1 {@code Convolution2D}), including grouped convolution: group j
 * reads input channels [j·cin/g, (j+1)·cin/g) and writes output channels [j·f/g, (j+1)·f/g).
 */
public record Conv2DSpec(int filters, int[] kernelSize, int[] strides, String padding, String dataFormat,
                         int[] dilationRate, int groups, String activation, boolean useBias) implements LayerSpec {

    public static Conv2DSpec parse(LayerConfig c) {
        int filters = c.requireInt("filters", "nb_filter");
        int[] kernel = c.has("kernel_size")
                ? c.intTuple(2, null, "kernel_size")
                : new int[] {c.requireInt("nb_row"), c.requireInt("nb_col")};
        int[] strides = c.intTuple(2, new int[] {1, 1}, "strides", "subsample");
        int[] dilation = c.intTuple(2, new int[] {1, 1}, "dilation_rate", "atrous_rate");
        int groups = c.intValue(1, "groups");
        if (groups < 1 || filters % groups != 0) {
            throw new ConfigException("groups=" + groups + " must divide filters=" + filters);
        }
        if ((strides[0] > 1 || strides[1] > 1) && (dilation[0] > 1 || dilation[1] > 1)) {
            throw new ConfigException("strides > 1 together with dilation_rate > 1 is not allowed by Keras");
        }
        return new Conv2DSpec(filters, kernel, strides, c.padding(), c.dataFormat(), dilation, groups,
                c.activation("activation"), c.boolValue(true, "use_bias", "bias"));
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = ShapeException.rank(inputs, "Conv2D", 4);
        int cin = SpatialGeometry.knownChannels(in, dataFormat, "Conv2D");
        if (cin % groups != 0) {
            throw new ShapeException("input channels " + cin + " are not divisible by groups=" + groups);
        }
        return List.of(SpatialGeometry.slide(in, kernelSize, padding, strides, dilationRate, filters, dataFormat));
    }

    @Override
    public List<WeightSpec> weights(List<Shape> inputs) {
        int cin = SpatialGeometry.knownChannels(inputs.get(0), dataFormat, "Conv2D");
        List<WeightSpec> w = new ArrayList<>();
        w.add(WeightSpec.trainable("kernel", kernelSize[0], kernelSize[1], cin / groups, filters));
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
