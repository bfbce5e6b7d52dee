package io.kerasj.runtime.graph;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A dilated convolution as an ordinary one: the kernel with {@code d-1} zeros inserted between
 * its taps along every dilated spatial axis (size {@code (k-1)·d+1}) computes the same sums (the
 * inserted terms are exact zeros) and the same SAME padding. Used when training: TensorFlow's C++
 * gradient for Conv2D/Conv3D drops the dilations (Conv2DBackpropFilter then rejects the shapes, and
 * oneDNN's kernel aborts the process), while the zero-inserted kernel's gradient flows through
 * pad/reshape/slice. Depthwise convolutions use it at inference too: TF's own CPU depthwise kernel
 * refuses dilations.
 */
final class DilatedKernels {
    private DilatedKernels() {
    }

    static boolean dilated(int[] dilation) {
        for (int d : dilation) {
            if (d > 1) {
                return true;
            }
        }
        return false;
    }

    /** {@code kernel} of shape (*k, in, out) with zeros inserted along spatial axes of dilation > 1. */
    static Operand<TFloat32> expand(LayerContext ctx, Operand<TFloat32> kernel, int[] kernelSize, int[] dilation, int in, int out) {
        Ops tf = ctx.tf;
        int n = kernelSize.length;
        Operand<TFloat32> k = kernel;
        int[] sizes = kernelSize.clone();
        for (int axis = 0; axis < n; axis++) {
            int d = dilation[axis];
            if (d <= 1) {
                continue;
            }
            // (.., k, ..) -> (.., k, 1, ..) -> pad to (.., k, d, ..) -> (.., k·d, ..) -> first (k-1)·d+1
            int rank = n + 2;
            k = tf.expandDims(k, tf.constant(axis + 1));
            int[][] pads = new int[rank + 1][2];
            pads[axis + 1][1] = d - 1;
            k = tf.pad(k, tf.constant(pads), ctx.scalar(0.0));
            int[] merged = new int[rank];
            for (int i = 0; i < n; i++) {
                merged[i] = i == axis ? sizes[i] * d : sizes[i];
            }
            merged[n] = in;
            merged[n + 1] = out;
            k = tf.reshape(k, ctx.ints(merged));
            int[] begin = new int[rank];
            int[] size = merged.clone();
            size[axis] = (sizes[axis] - 1) * d + 1;
            k = tf.slice(k, ctx.ints(begin), ctx.ints(size));
            sizes[axis] = size[axis];
        }
        return k;
    }
}
