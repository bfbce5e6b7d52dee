package io.kerasj.onnx.export;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Shape;
import io.kerasj.layers.Conv2DSpec;
import io.kerasj.layers.DepthwiseConv2DSpec;
import io.kerasj.layers.SeparableConv2DSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Conv2D (grouped with ONNX's {@code group}), DepthwiseConv2D (a convolution with one group per
 * input channel) and SeparableConv2D (depthwise, then a 1×1 convolution) on NCHW tensors, with
 * Keras' kernels rearranged once to ONNX's (out, in/groups, rows, cols).
 */
final class ConvolutionExport {
    private ConvolutionExport() {
    }

    static OnnxValue conv2d(LayerCall c, Conv2DSpec s, OnnxValue v) {
        String x = c.channelsFirst(v, s.dataFormat());
        String w = c.initializer("kernel", "oihw", ConvolutionExport::oihw);
        List<String> in = new ArrayList<>(List.of(x, w));
        if (s.useBias()) {
            in.add(c.initializer("bias"));
        }
        int[] spatial = spatial(c.inputShape(0), s.dataFormat());
        String y = c.op("Conv", in, Padding.attrs(s.padding(), spatial, s.kernelSize(), s.strides(), s.dilationRate(),
                Attrs.i("group", s.groups())));
        return ActivationExport.apply(c, s.activation(), LayerCall.fromChannelsFirst(y, s.dataFormat()));
    }

    static OnnxValue depthwise(LayerCall c, DepthwiseConv2DSpec s, OnnxValue v) {
        String x = c.channelsFirst(v, s.dataFormat());
        int channels = c.weight("depthwise_kernel").shape().dim(2);
        List<String> in = new ArrayList<>(List.of(x, c.initializer("depthwise_kernel", "depthwise", ConvolutionExport::depthwiseOihw)));
        if (s.useBias()) {
            in.add(c.initializer("bias"));
        }
        int[] spatial = spatial(c.inputShape(0), s.dataFormat());
        String y = c.op("Conv", in, Padding.attrs(s.padding(), spatial, s.kernelSize(), s.strides(), s.dilationRate(),
                Attrs.i("group", channels)));
        return ActivationExport.apply(c, s.activation(), LayerCall.fromChannelsFirst(y, s.dataFormat()));
    }

    static OnnxValue separable(LayerCall c, SeparableConv2DSpec s, OnnxValue v) {
        String x = c.channelsFirst(v, s.dataFormat());
        int channels = c.weight("depthwise_kernel").shape().dim(2);
        int[] spatial = spatial(c.inputShape(0), s.dataFormat());
        String d = c.op("Conv", List.of(x, c.initializer("depthwise_kernel", "depthwise", ConvolutionExport::depthwiseOihw)),
                Padding.attrs(s.padding(), spatial, s.kernelSize(), s.strides(), s.dilationRate(), Attrs.i("group", channels)));
        List<String> in = new ArrayList<>(List.of(d, c.initializer("pointwise_kernel", "oihw", ConvolutionExport::oihw)));
        if (s.useBias()) {
            in.add(c.initializer("bias"));
        }
        String y = c.op("Conv", in);
        return ActivationExport.apply(c, s.activation(), LayerCall.fromChannelsFirst(y, s.dataFormat()));
    }

    /** The input's (rows, cols), -1 where unknown. */
    static int[] spatial(Shape in, String dataFormat) {
        return "channels_first".equals(dataFormat) ? new int[] {in.dim(2), in.dim(3)} : new int[] {in.dim(1), in.dim(2)};
    }

    /** Keras (rows, cols, in, out) → ONNX (out, in, rows, cols). */
    static LayerCall.Converted oihw(FloatTensor k) {
        Shape s = k.shape();
        int kh = s.dim(0);
        int kw = s.dim(1);
        int ci = s.dim(2);
        int co = s.dim(3);
        float[] src = k.toArray();
        float[] dst = new float[src.length];
        for (int h = 0; h < kh; h++) {
            for (int w = 0; w < kw; w++) {
                for (int i = 0; i < ci; i++) {
                    int base = ((h * kw + w) * ci + i) * co;
                    for (int o = 0; o < co; o++) {
                        dst[((o * ci + i) * kh + h) * kw + w] = src[base + o];
                    }
                }
            }
        }
        return new LayerCall.Converted(dst, new long[] {co, ci, kh, kw});
    }

    /**
     * Keras depthwise (rows, cols, in, multiplier) → ONNX (in·multiplier, 1, rows, cols): output
     * channel i·multiplier + m reads input channel i, as TF orders them.
     */
    static LayerCall.Converted depthwiseOihw(FloatTensor k) {
        Shape s = k.shape();
        LayerCall.Converted t = oihw(k.reshape(Shape.of(s.dim(0), s.dim(1), 1, s.dim(2) * s.dim(3))));
        return new LayerCall.Converted(t.values(), new long[] {(long) s.dim(2) * s.dim(3), 1, s.dim(0), s.dim(1)});
    }
}
