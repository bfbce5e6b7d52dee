package io.kerasj.runtime.graph;

import io.kerasj.ir.Shape;
import io.kerasj.layers.GroupNormalizationSpec;
import io.kerasj.layers.NormalizationSpec;
import io.kerasj.layers.ResizingSpec;
import io.kerasj.layers.UnitNormalizationSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.image.ResizeNearestNeighbor;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * GroupNormalization and UnitNormalization, and the preprocessing layers Keras 3 models carry in
 * the graph: Normalization (config statistics), Resizing (TF 2's tf.image.resize: half-pixel
 * centres) and CenterCrop.
 */
final class PreprocessingLowering {
    private PreprocessingLowering() {
    }

    /** Keras 3's form: {@code inv = rsqrt(var + eps)·gamma; y = x·inv + (beta - mean·inv)} per (sample, group). */
    static Operand<TFloat32> groupNorm(LayerContext ctx, GroupNormalizationSpec s, Operand<TFloat32> x) {
        Ops tf = ctx.tf;
        Shape in = ctx.inputShape(0);
        int rank = in.rank();
        int axis = s.resolvedAxis(rank);
        int channels = in.dim(axis);
        int[] grouped = new int[rank + 1];
        int[] param = new int[rank + 1];
        java.util.Arrays.fill(param, 1);
        int[] reduce = new int[rank - 1];
        for (int i = 0, g = 0, r = 0; i < rank; i++) {
            if (i == axis) {
                grouped[g] = s.groups();
                param[g] = s.groups();
                reduce[r++] = g + 1;
                grouped[g + 1] = channels / s.groups();
                param[g + 1] = channels / s.groups();
                g += 2;
            } else {
                if (i > 0 && in.dim(i) == Shape.UNKNOWN) {
                    throw new LoweringException("GroupNormalization needs known sizes outside the batch axis, got " + in);
                }
                grouped[g] = i == 0 ? -1 : in.dim(i);
                if (i > 0) {
                    reduce[r++] = g;
                }
                g++;
            }
        }
        Operand<TFloat32> xg = tf.reshape(x, ctx.ints(grouped));
        Operand<TFloat32> mean = tf.math.mean(xg, ctx.ints(reduce), Mean.keepDims(true));
        Operand<TFloat32> variance = tf.math.mean(tf.math.squaredDifference(xg, tf.stopGradient(mean)), ctx.ints(reduce),
                Mean.keepDims(true));
        Operand<TFloat32> inv = tf.math.rsqrt(tf.math.add(variance, ctx.scalar(s.epsilon())));
        if (s.scale()) {
            inv = tf.math.mul(inv, tf.reshape(ctx.weight("gamma"), ctx.ints(param)));
        }
        Operand<TFloat32> shift = tf.math.neg(tf.math.mul(mean, inv));
        if (s.center()) {
            shift = tf.math.add(shift, tf.reshape(ctx.weight("beta"), ctx.ints(param)));
        }
        Operand<TFloat32> y = tf.math.add(tf.math.mul(xg, inv), shift);
        return tf.reshape(y, tf.shape(x));
    }

    static Operand<TFloat32> unitNorm(LayerContext ctx, UnitNormalizationSpec s, Operand<TFloat32> x) {
        Ops tf = ctx.tf;
        Operand<TFloat32> sq = tf.reduceSum(tf.math.square(x), ctx.ints(s.resolvedAxes(ctx.inputShape(0).rank())),
                ReduceSum.keepDims(true));
        return tf.math.mul(x, tf.math.rsqrt(tf.math.maximum(sq, ctx.scalar(1e-12))));
    }

    static Operand<TFloat32> normalization(LayerContext ctx, NormalizationSpec s, Operand<TFloat32> x) {
        Ops tf = ctx.tf;
        int[] shape = s.broadcastShape(ctx.inputShape(0));
        float[] mean = new float[s.mean().length];
        float[] scale = new float[s.mean().length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (float) s.mean()[i];
            // Keras: max(sqrt(variance), epsilon), computed in float32
            scale[i] = Math.max((float) Math.sqrt((float) s.variance()[i]), 1e-7f);
        }
        Operand<TFloat32> m = tf.reshape(tf.constant(mean), ctx.ints(shape));
        Operand<TFloat32> d = tf.reshape(tf.constant(scale), ctx.ints(shape));
        if (s.invert()) {
            return tf.math.add(m, tf.math.mul(x, d));
        }
        return tf.math.div(tf.math.sub(x, m), d);
    }

    static Operand<TFloat32> resize(LayerContext ctx, ResizingSpec s, Operand<TFloat32> input) {
        Ops tf = ctx.tf;
        Operand<TFloat32> x = ChannelsLast.to(tf, input, s.dataFormat());
        Operand<TFloat32> y;
        if (s.crop()) {
            Shape in = ctx.inputShape(0);
            int r = "channels_first".equals(s.dataFormat()) ? 2 : 1;
            if (in.dim(r) == Shape.UNKNOWN || in.dim(r + 1) == Shape.UNKNOWN) {
                throw new LoweringException("CenterCrop needs a known input height and width, got " + in);
            }
            int top = (in.dim(r) - s.height()) / 2;
            int left = (in.dim(r + 1) - s.width()) / 2;
            y = tf.slice(x, ctx.ints(0, top, left, 0), ctx.ints(-1, s.height(), s.width(), -1));
        } else if (s.interpolation().equals("nearest")) {
            y = tf.image.resizeNearestNeighbor(x, ctx.ints(s.height(), s.width()), ResizeNearestNeighbor.alignCorners(false),
                    ResizeNearestNeighbor.halfPixelCenters(true));
        } else {
            y = tf.image.resizeBilinear(x, ctx.ints(s.height(), s.width()), ResizeBilinear.alignCorners(false),
                    ResizeBilinear.halfPixelCenters(true));
        }
        return ChannelsLast.from(tf, y, s.dataFormat());
    }
}
