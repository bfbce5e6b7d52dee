package io.kerasj.runtime.graph;

import io.kerasj.layers.ConvolutionSpec;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.Conv3d;
import org.tensorflow.types.TFloat32;

/**
 * Conv1D and Conv3D on TF's kernels. Conv1D runs as TF's own {@code conv1d} does: a Conv2D over
 * {@code (batch, 1, steps, channels)} with a {@code (1, k, in, out)} kernel. "causal" pads
 * {@code dilation·(k-1)} zeros before the sequence and convolves VALID (Keras' definition).
 * channels_first layers transpose to channels_last and back, as Keras does on CPU.
 */
final class ConvolutionNdLowering {
    private ConvolutionNdLowering() {
    }

    static Operand<TFloat32> conv(LayerContext ctx, ConvolutionSpec s, Operand<TFloat32> input) {
        Ops tf = ctx.tf;
        Operand<TFloat32> x = ChannelsLast.to(tf, input, s.dataFormat());
        Operand<TFloat32> kernel = ctx.weight("kernel");
        Operand<TFloat32> y = s.spatialRank() == 1 ? conv1d(ctx, s, x, kernel) : conv3d(ctx, s, x, kernel);
        return ChannelsLast.finish(ctx, y, s.useBias(), s.activation(), s.dataFormat());
    }

    private static Operand<TFloat32> conv1d(LayerContext ctx, ConvolutionSpec s, Operand<TFloat32> x, Operand<TFloat32> kernel) {
        Ops tf = ctx.tf;
        String padding = s.padding();
        if (padding.equals("causal")) {
            int left = s.dilationRate()[0] * (s.kernelSize()[0] - 1);
            x = tf.pad(x, tf.constant(new int[][] {{0, 0}, {left, 0}, {0, 0}}), ctx.scalar(0.0));
            padding = "valid";
        }
        int dilation = s.dilationRate()[0];
        if (ctx.options.training() && dilation > 1) {
            kernel = DilatedKernels.expand(ctx, kernel, s.kernelSize(), s.dilationRate(), ctx.layer.weight("kernel").spec().shape().dim(1),
                    s.filters());
            dilation = 1;
        }
        Operand<TFloat32> x4 = tf.expandDims(x, tf.constant(1));
        Operand<TFloat32> k4 = tf.expandDims(kernel, tf.constant(0));
        List<Long> strides = List.of(1L, 1L, (long) s.strides()[0], 1L);
        Conv2d.Options dilations = Conv2d.dilations(List.of(1L, 1L, (long) dilation, 1L));
        String tfPadding = ConvolutionLowering.padding(padding);
        Operand<TFloat32> y;
        if (s.groups() == 1 || GroupedConvStrategy.nativeKernel(ctx.options, ctx.layer.name())) {
            y = tf.nn.conv2d(x4, k4, strides, tfPadding, dilations);
        } else {
            y = ConvolutionLowering.groupedBySplit(tf, x4, k4, s.groups(), strides, tfPadding, dilations);
        }
        return tf.squeeze(y, org.tensorflow.op.core.Squeeze.axis(List.of(1L)));
    }

    /** TF's CPU Conv3D has no grouped kernel, so groups > 1 convolve channel blocks and concatenate. */
    private static Operand<TFloat32> conv3d(LayerContext ctx, ConvolutionSpec s, Operand<TFloat32> x, Operand<TFloat32> kernel) {
        Ops tf = ctx.tf;
        if (ctx.options.training()) {
            Gradients3D.register();
        }
        List<Long> strides = ndhwc(s.strides());
        String padding = ConvolutionLowering.padding(s.padding());
        int[] dilation = s.dilationRate();
        if (ctx.options.training() && DilatedKernels.dilated(dilation)) {
            kernel = DilatedKernels.expand(ctx, kernel, s.kernelSize(), dilation, ctx.layer.weight("kernel").spec().shape().dim(3),
                    s.filters());
            dilation = new int[] {1, 1, 1};
        }
        Conv3d.Options dilations = Conv3d.dilations(ndhwc(dilation));
        if (s.groups() == 1) {
            return tf.nn.conv3d(x, kernel, strides, padding, dilations);
        }
        Split<TFloat32> xs = tf.split(tf.constant(4), x, (long) s.groups());
        Split<TFloat32> ks = tf.split(tf.constant(4), kernel, (long) s.groups());
        List<Operand<TFloat32>> outs = new ArrayList<>();
        for (int j = 0; j < s.groups(); j++) {
            outs.add(tf.nn.conv3d(xs.output().get(j), ks.output().get(j), strides, padding, dilations));
        }
        return tf.concat(outs, tf.constant(4));
    }

    static List<Long> ndhwc(int[] dhw) {
        return List.of(1L, (long) dhw[0], (long) dhw[1], (long) dhw[2], 1L);
    }
}
