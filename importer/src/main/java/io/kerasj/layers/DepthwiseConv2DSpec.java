package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import io.kerasj.ir.WeightSpec;
import java.util.ArrayList;
import java.util.List;

/** Keras {@code DepthwiseConv2D}: one filter bank of {@code depth_multiplier} per input channel. */
public record DepthwiseConv2DSpec(int[] kernelSize, int[] strides, String padding, String dataFormat,
                                  int[] dilationRate, int depthMultiplier, String activation, boolean useBias)
        implements LayerSpec {

    public static DepthwiseConv2DSpec parse(LayerConfig c) {
        return new DepthwiseConv2DSpec(c.intTuple(2, null, "kernel_size"), c.intTuple(2, new int[] {1, 1}, "strides"),
                c.padding(), c.dataFormat(), c.intTuple(2, new int[] {1, 1}, "dilation_rate"),
                c.intValue(1, "depth_multiplier"), c.activation("activation"), c.boolValue(true, "use_bias"));
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = ShapeException.rank(inputs, "DepthwiseConv2D", 4);
        int cin = SpatialGeometry.knownChannels(in, dataFormat, "DepthwiseConv2D");
        return List.of(SpatialGeometry.slide(in, kernelSize, padding, strides, dilationRate, cin * depthMultiplier, dataFormat));
    }

    @Override
    public List<WeightSpec> weights(List<Shape> inputs) {
        int cin = SpatialGeometry.knownChannels(inputs.get(0), dataFormat, "DepthwiseConv2D");
        List<WeightSpec> w = new ArrayList<>();
        w.add(WeightSpec.trainable("depthwise_kernel", kernelSize[0], kernelSize[1], cin, depthMultiplier));
        if (useBias) {
            w.add(WeightSpec.trainable("bias", cin * depthMultiplier));
        }
        return w;
    }
}
