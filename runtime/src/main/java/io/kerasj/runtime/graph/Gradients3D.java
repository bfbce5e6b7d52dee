package io.kerasj.runtime.graph;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.AvgPool3d;
import org.tensorflow.op.nn.Conv3d;
import org.tensorflow.op.nn.Conv3dBackpropFilter;
import org.tensorflow.op.nn.Conv3dBackpropInput;
import org.tensorflow.op.nn.MaxPool3d;
import org.tensorflow.types.TFloat32;

/**
 * Gradients TensorFlow's C++ registry lacks for 3-D layers (Conv3D, MaxPool3D, AvgPool3D), written
 * with TF's own backprop kernels as TF's Python gradients do: Conv3DBackpropInputV2 /
 * Conv3DBackpropFilterV2, MaxPool3DGrad (on the recomputed pooled output), AvgPool3DGrad. Registered
 * once per process, before the first training graph with such a layer takes its gradients.
 */
final class Gradients3D {
    private static boolean registered;

    private Gradients3D() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static synchronized void register() {
        if (registered) {
            return;
        }
        registered = true;
        TensorFlow.registerCustomGradient(Conv3d.Inputs.class, (tf, op, grads) -> conv3d(tf, (Conv3d.Inputs<TFloat32>) op, grads));
        TensorFlow.registerCustomGradient(MaxPool3d.Inputs.class, (tf, op, grads) -> maxPool3d(tf, (MaxPool3d.Inputs<TFloat32>) op, grads));
        TensorFlow.registerCustomGradient(AvgPool3d.Inputs.class, (tf, op, grads) -> avgPool3d(tf, (AvgPool3d.Inputs<TFloat32>) op, grads));
    }

    @SuppressWarnings("unchecked")
    private static Operand<TFloat32> dy(List<Output<?>> grads) {
        return (Operand<TFloat32>) grads.get(0);
    }

    private static List<Long> list(long[] v) {
        List<Long> out = new ArrayList<>();
        for (long x : v) {
            out.add(x);
        }
        return out;
    }

    private static List<Operand<?>> conv3d(Ops tf, Conv3d.Inputs<TFloat32> op, List<Output<?>> grads) {
        List<Long> strides = list(op.strides);
        List<Long> dilations = list(op.dilations);
        Operand<TFloat32> dx = tf.nn.conv3dBackpropInput(tf.shape(op.input), op.filter, dy(grads), strides, op.padding,
                Conv3dBackpropInput.dilations(dilations), Conv3dBackpropInput.dataFormat(op.dataFormat));
        Operand<TFloat32> dw = tf.nn.conv3dBackpropFilter(op.input, tf.shape(op.filter), dy(grads), strides, op.padding,
                Conv3dBackpropFilter.dilations(dilations), Conv3dBackpropFilter.dataFormat(op.dataFormat));
        return List.of(dx, dw);
    }

    private static List<Operand<?>> maxPool3d(Ops tf, MaxPool3d.Inputs<TFloat32> op, List<Output<?>> grads) {
        List<Long> k = list(op.ksize);
        List<Long> s = list(op.strides);
        Operand<TFloat32> pooled = tf.nn.maxPool3d(op.input, k, s, op.padding);
        return List.of(tf.nn.maxPool3dGrad(op.input, pooled, dy(grads), k, s, op.padding));
    }

    private static List<Operand<?>> avgPool3d(Ops tf, AvgPool3d.Inputs<TFloat32> op, List<Output<?>> grads) {
        return List.of(tf.nn.avgPool3dGrad(tf.shape(op.input), dy(grads), list(op.ksize), list(op.strides), op.padding));
    }
}
