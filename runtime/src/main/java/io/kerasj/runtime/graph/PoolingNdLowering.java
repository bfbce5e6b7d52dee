package io.kerasj.runtime.graph;

import io.kerasj.layers.GlobalPoolingNdSpec;
import io.kerasj.layers.Pooling2DSpec;
import io.kerasj.layers.PoolingNdSpec;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * 1-D and 3-D max/average pooling (1-D as a 2-D pool over {@code (batch, 1, steps, channels)},
 * as Keras' Pooling1D does) and global pooling over every spatial axis.
 */
final class PoolingNdLowering {
    private PoolingNdLowering() {
    }

    static Operand<TFloat32> pool(LayerContext ctx, PoolingNdSpec s, Operand<TFloat32> input) {
        Ops tf = ctx.tf;
        Operand<TFloat32> x = ChannelsLast.to(tf, input, s.dataFormat());
        String padding = ConvolutionLowering.padding(s.padding());
        boolean max = s.kind() == Pooling2DSpec.Kind.MAX;
        Operand<TFloat32> y;
        if (s.spatialRank() == 1) {
            Operand<TFloat32> x4 = tf.expandDims(x, tf.constant(1));
            List<Long> window = List.of(1L, 1L, (long) s.poolSize()[0], 1L);
            List<Long> strides = List.of(1L, 1L, (long) s.strides()[0], 1L);
            Operand<TFloat32> y4 = max
                    ? tf.nn.maxPool(x4, ctx.ints(1, 1, s.poolSize()[0], 1), ctx.ints(1, 1, s.strides()[0], 1), padding)
                    : tf.nn.avgPool(x4, window, strides, padding);
            y = tf.squeeze(y4, Squeeze.axis(List.of(1L)));
        } else {
            if (ctx.options.training()) {
                Gradients3D.register();
            }
            List<Long> window = ConvolutionNdLowering.ndhwc(s.poolSize());
            List<Long> strides = ConvolutionNdLowering.ndhwc(s.strides());
            y = max ? tf.nn.maxPool3d(x, window, strides, padding) : tf.nn.avgPool3d(x, window, strides, padding);
        }
        return ChannelsLast.from(tf, y, s.dataFormat());
    }

    static Operand<TFloat32> global(LayerContext ctx, GlobalPoolingNdSpec s, Operand<TFloat32> x) {
        Ops tf = ctx.tf;
        Operand<org.tensorflow.types.TInt32> axes = ctx.ints(s.reducedAxes());
        if (s.kind() == Pooling2DSpec.Kind.MAX) {
            return tf.max(x, axes, Max.keepDims(s.keepDims()));
        }
        return tf.math.mean(x, axes, Mean.keepDims(s.keepDims()));
    }
}
