package io.kerasj.runtime.graph;

import io.kerasj.ir.Shape;
import io.kerasj.layers.ConvTransposeSpec;
import io.kerasj.layers.SeparableConv1DSpec;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.nn.DepthwiseConv2dNative;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Transposed convolutions as TF's conv*_transpose runs them (the input gradient of a convolution,
 * Conv2DBackpropInput / Conv3DBackpropInputV2, with the output size Keras computes; 1-D via a
 * height-1 2-D op) and SeparableConv1D / DepthwiseConv1D as Keras' 1-D wrappers of the 2-D
 * depthwise and pointwise ops.
 */
final class ConvTransposeLowering {
    private ConvTransposeLowering() {
    }

    static Operand<TFloat32> transpose(LayerContext ctx, ConvTransposeSpec s, Operand<TFloat32> input) {
        Ops tf = ctx.tf;
        Operand<TFloat32> x = ChannelsLast.to(tf, input, s.dataFormat());
        Operand<TFloat32> kernel = ctx.weight("kernel");
        Shape out = ctx.outputShape(0);
        int first = "channels_first".equals(s.dataFormat()) ? 2 : 1;
        int n = s.spatialRank();
        int[] sizes = new int[n];
        for (int i = 0; i < n; i++) {
            sizes[i] = out.dim(first + i);
            if (sizes[i] == Shape.UNKNOWN) {
                throw new LoweringException("transposed convolution needs known spatial input sizes, got " + ctx.inputShape(0));
            }
        }
        Operand<TInt32> batch = tf.slice(tf.shape(x), ctx.ints(0), ctx.ints(1));
        String padding = ConvolutionLowering.padding(s.padding());
        Operand<TFloat32> y;
        if (n == 1) {
            Operand<TInt32> outSize = tf.concat(List.of(batch, ctx.ints(1, sizes[0], s.filters())), tf.constant(0));
            Operand<TFloat32> y4 = tf.nn.conv2dBackpropInput(outSize, tf.expandDims(kernel, tf.constant(0)),
                    tf.expandDims(x, tf.constant(1)), List.of(1L, 1L, (long) s.strides()[0], 1L), padding);
            y = tf.squeeze(y4, Squeeze.axis(List.of(1L)));
        } else if (n == 2) {
            Operand<TInt32> outSize = tf.concat(List.of(batch, ctx.ints(sizes[0], sizes[1], s.filters())), tf.constant(0));
            y = tf.nn.conv2dBackpropInput(outSize, kernel, x, ConvolutionLowering.nhwc(s.strides()), padding);
        } else {
            Operand<TInt32> outSize = tf.concat(List.of(batch, ctx.ints(sizes[0], sizes[1], sizes[2], s.filters())),
                    tf.constant(0));
            y = tf.nn.conv3dBackpropInput(outSize, kernel, x, ConvolutionNdLowering.ndhwc(s.strides()), padding);
        }
        return ChannelsLast.finish(ctx, y, s.useBias(), s.activation(), s.dataFormat());
    }

    static Operand<TFloat32> separable1d(LayerContext ctx, SeparableConv1DSpec s, Operand<TFloat32> input) {
        Ops tf = ctx.tf;
        Operand<TFloat32> x = ChannelsLast.to(tf, input, s.dataFormat());
        String padding = s.padding();
        if (padding.equals("causal")) {
            int left = s.dilation() * (s.kernelSize() - 1);
            x = tf.pad(x, tf.constant(new int[][] {{0, 0}, {left, 0}, {0, 0}}), ctx.scalar(0.0));
            padding = "valid";
        }
        Operand<TFloat32> kernel = ctx.weight("depthwise_kernel");
        int dilation = s.dilation();
        if (dilation > 1) {
            // TF's own CPU depthwise kernel refuses dilations: zero-insert them (ConvolutionLowering.depthwiseConv)
            Shape k = ctx.layer.weight("depthwise_kernel").spec().shape();
            kernel = DilatedKernels.expand(ctx, kernel, new int[] {s.kernelSize()}, new int[] {dilation}, k.dim(1), k.dim(2));
            dilation = 1;
        }
        Operand<TFloat32> y = tf.nn.depthwiseConv2dNative(tf.expandDims(x, tf.constant(1)), tf.expandDims(kernel, tf.constant(0)),
                // TF's CPU depthwise kernel wants equal row/column strides; the height-1 row axis is unaffected
                List.of(1L, (long) s.stride(), (long) s.stride(), 1L), ConvolutionLowering.padding(padding),
                DepthwiseConv2dNative.dilations(List.of(1L, 1L, (long) dilation, 1L)));
        if (!s.depthwiseOnly()) {
            y = tf.nn.conv2d(y, tf.expandDims(ctx.weight("pointwise_kernel"), tf.constant(0)), List.of(1L, 1L, 1L, 1L), "VALID");
        }
        y = tf.squeeze(y, Squeeze.axis(List.of(1L)));
        return ChannelsLast.finish(ctx, y, s.useBias(), s.activation(), s.dataFormat());
    }
}
