package io.kerasj.runtime.graph;

import io.kerasj.layers.Conv2DSpec;
import io.kerasj.layers.DepthwiseConv2DSpec;
import io.kerasj.layers.SeparableConv2DSpec;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.DepthwiseConv2dNative;
import org.tensorflow.types.TFloat32;

/**
 * Conv2D (grouped too), DepthwiseConv2D and SeparableConv2D on TF's own kernels. Keras' "same" and
 * "valid" are TF's SAME/VALID, so padding matches Keras exactly, including the extra bottom/right
 * row and column SAME adds for even windows or strides.
 */
final class ConvolutionLowering {
    private ConvolutionLowering() {
    }

    static Operand<TFloat32> conv2d(LayerContext ctx, Conv2DSpec s, Operand<TFloat32> input) {
        Ops tf = ctx.tf;
        Operand<TFloat32> x = Layouts.toNhwc(tf, input, s.dataFormat());
        Operand<TFloat32> kernel = ctx.weight("kernel");
        int[] dilation = s.dilationRate();
        if (ctx.options.training() && DilatedKernels.dilated(dilation)) {
            // TF's Conv2D gradient ignores dilations: train with the zero-inserted kernel instead
            kernel = DilatedKernels.expand(ctx, kernel, s.kernelSize(), dilation,
                    ctx.layer.weight("kernel").spec().shape().dim(2), s.filters());
            dilation = new int[] {1, 1};
        }
        List<Long> strides = nhwc(s.strides());
        String padding = padding(s.padding());
        Conv2d.Options dilations = Conv2d.dilations(nhwc(dilation));
        Operand<TFloat32> y;
        if (s.groups() == 1 || GroupedConvStrategy.nativeKernel(ctx.options, ctx.layer.name())) {
            // TF infers the group count from input depth / kernel input depth
            y = tf.nn.conv2d(x, kernel, strides, padding, dilations);
        } else {
            y = groupedBySplit(tf, x, kernel, s.groups(), strides, padding, dilations);
        }
        if (s.useBias()) {
            y = tf.nn.biasAdd(y, ctx.weight("bias"));
        }
        y = ActivationLowering.apply(tf, s.activation(), y, ctx.kerasMajor());
        return Layouts.fromNhwc(tf, y, s.dataFormat());
    }

    /**
     * Grouped convolution as Keras defines it: group j convolves input channels
     * [j·cin/g, (j+1)·cin/g) with kernel output columns [j·cout/g, (j+1)·cout/g); the group outputs
     * are concatenated in group order. Runs on every TensorFlow kernel path, with gradients; see
     * {@link GroupedConvStrategy} for when it is chosen.
     */
    static Operand<TFloat32> groupedBySplit(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel, int groups,
                                            List<Long> strides, String padding, Conv2d.Options dilations) {
        Split<TFloat32> xs = tf.split(tf.constant(3), x, (long) groups);
        Split<TFloat32> ks = tf.split(tf.constant(3), kernel, (long) groups);
        List<Operand<TFloat32>> outs = new ArrayList<>(groups);
        for (int j = 0; j < groups; j++) {
            outs.add(tf.nn.conv2d(xs.output().get(j), ks.output().get(j), strides, padding, dilations));
        }
        return tf.concat(outs, tf.constant(3));
    }

    static Operand<TFloat32> depthwise(LayerContext ctx, DepthwiseConv2DSpec s, Operand<TFloat32> input) {
        Ops tf = ctx.tf;
        Operand<TFloat32> x = Layouts.toNhwc(tf, input, s.dataFormat());
        Operand<TFloat32> y = depthwiseConv(ctx, x, s.kernelSize(), s.strides(), s.padding(), s.dilationRate());
        if (s.useBias()) {
            y = tf.nn.biasAdd(y, ctx.weight("bias"));
        }
        y = ActivationLowering.apply(tf, s.activation(), y, ctx.kerasMajor());
        return Layouts.fromNhwc(tf, y, s.dataFormat());
    }

    /** Keras' separable_conv2d: depthwise (strides, padding, dilation) then a 1×1 VALID pointwise conv. */
    static Operand<TFloat32> separable(LayerContext ctx, SeparableConv2DSpec s, Operand<TFloat32> input) {
        Ops tf = ctx.tf;
        Operand<TFloat32> x = Layouts.toNhwc(tf, input, s.dataFormat());
        Operand<TFloat32> d = depthwiseConv(ctx, x, s.kernelSize(), s.strides(), s.padding(), s.dilationRate());
        Operand<TFloat32> y = tf.nn.conv2d(d, ctx.weight("pointwise_kernel"), List.of(1L, 1L, 1L, 1L), "VALID");
        if (s.useBias()) {
            y = tf.nn.biasAdd(y, ctx.weight("bias"));
        }
        y = ActivationLowering.apply(tf, s.activation(), y, ctx.kerasMajor());
        return Layouts.fromNhwc(tf, y, s.dataFormat());
    }

    /**
     * DepthwiseConv2dNative with this layer's {@code depthwise_kernel}. A dilated kernel is always
     * zero-inserted: TF's own CPU depthwise kernel refuses dilations (only oneDNN's takes them; TF's
     * Python wrapper goes through space_to_batch instead) and its gradient ignores them.
     */
    static Operand<TFloat32> depthwiseConv(LayerContext ctx, Operand<TFloat32> x, int[] kernelSize, int[] strides,
                                           String kerasPadding, int[] dilation) {
        Operand<TFloat32> kernel = ctx.weight("depthwise_kernel");
        int[] d = dilation;
        if (DilatedKernels.dilated(d)) {
            io.kerasj.ir.Shape k = ctx.layer.weight("depthwise_kernel").spec().shape();
            kernel = DilatedKernels.expand(ctx, kernel, kernelSize, d, k.dim(2), k.dim(3));
            d = new int[] {1, 1};
        }
        return ctx.tf.nn.depthwiseConv2dNative(x, kernel, nhwc(strides), padding(kerasPadding),
                DepthwiseConv2dNative.dilations(nhwc(d)));
    }

    static List<Long> nhwc(int[] hw) {
        return List.of(1L, (long) hw[0], (long) hw[1], 1L);
    }

    static String padding(String kerasPadding) {
        switch (kerasPadding) {
            case "same":
                return "SAME";
            case "valid":
                return "VALID";
            default:
                throw new LoweringException("padding '" + kerasPadding + "' is not supported for 2-D layers (same or valid)");
        }
    }
}
