package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import io.kerasj.ir.WeightSpec;
import java.util.ArrayList;
import java.util.List;

/** Keras {@code SeparableConv2D}: a depthwise convolution followed by a 1×1 pointwise one. */
public record SeparableConv2DSpec(int filters, int[] kernelSize, int[] strides, String padding, String dataFormat,
                                  int[] dilationRate, int depthMultiplier, String activation, boolean useBias)
        implements LayerSpec {

    public static SeparableConv2DSpec parse(LayerConfig c) {
        int[] kernel = c.has("kernel_size")
                ? c.intTuple(2, null, "kernel_size")
                : new int[] {c.requireInt("nb_row"), c.requireInt("nb_col")};
        return new SeparableConv2DSpec(c.requireInt("filters", "nb_filter"), kernel,
                c.intTuple(2, new int[] {1, 1}, "strides", "subsample"), c.padding(), c.dataFormat(),
                c.intTuple(2, new int[] {1, 1}, "dilation_rate"), c.intValue(1, "depth_multiplier"),
                c.activation("activation"), c.boolValue(true, "use_bias", "bias"));
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = ShapeException.rank(inputs, "SeparableConv2D", 4);
        SpatialGeometry.knownChannels(in, dataFormat, "SeparableConv2D");
        return List.of(SpatialGeometry.slide(in, kernelSize, padding, strides, dilationRate, filters, dataFormat));
    }

    @Override
    public List<WeightSpec> weights(List<Shape> inputs) {
        int cin = SpatialGeometry.knownChannels(inputs.get(0), dataFormat, "SeparableConv2D");
        List<WeightSpec> w = new ArrayList<>();
        w.add(WeightSpec.trainable("depthwise_kernel", kernelSize[0], kernelSize[1], cin, depthMultiplier));
        w.add(WeightSpec.trainable("pointwise_kernel", 1, 1, cin * depthMultiplier, filters));
        if (useBias) {
            w.add(WeightSpec.trainable("bias", filters));
        }
        return w;
    }
}
