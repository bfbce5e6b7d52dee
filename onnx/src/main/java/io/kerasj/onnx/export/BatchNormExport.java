package io.kerasj.onnx.export;

import io.kerasj.ir.FloatTensor;
import io.kerasj.layers.BatchNormalizationSpec;
import java.util.Arrays;
import java.util.List;

/**
 * Inference-mode BatchNormalization with the moving statistics and Keras' epsilon. Over the
 * channel axis (axis 1 as stored) it is ONNX's BatchNormalization; over any other axis it is
 * {@code x · inv + shift} with {@code inv = gamma / sqrt(var + eps)}, as Keras' non-fused path.
 */
final class BatchNormExport {
    private BatchNormExport() {
    }

    static OnnxValue batchNorm(LayerCall c, BatchNormalizationSpec s, OnnxValue v) {
        int rank = c.inputShape(0).rank();
        int axis = s.resolvedAxis(rank);
        int n = c.inputShape(0).dim(axis);
        if (rank == 4 && axis == 3) {
            // channels_last images: normalise the channels-first copy the convolutions use
            String x = c.channelsFirst(v, "channels_last");
            return LayerCall.fromChannelsFirst(onnxBatchNorm(c, s, x, n), "channels_last");
        }
        if (rank >= 2 && v.storedAxis(axis) == 1) {
            return v.withName(onnxBatchNorm(c, s, v.name(), n));
        }
        float[] inv = new float[n];
        float[] shift = new float[n];
        FloatTensor mean = c.weight("moving_mean");
        FloatTensor var = c.weight("moving_variance");
        for (int k = 0; k < n; k++) {
            double i = 1.0 / Math.sqrt(var.get(k) + s.epsilon()) * (s.scale() ? c.weight("gamma").get(k) : 1.0);
            inv[k] = (float) i;
            shift[k] = (float) ((s.center() ? c.weight("beta").get(k) : 0.0) - mean.get(k) * i);
        }
        long[] bshape = new long[rank - 1];
        Arrays.fill(bshape, 1);
        bshape[axis - 1] = n;
        String x = c.keras(v);
        String y = c.op("Mul", List.of(x, c.graph().weight(c.path() + "/inv_std", inv, bshape)));
        return OnnxValue.keras(c.op("Add", List.of(y, c.graph().weight(c.path() + "/shift", shift, bshape))));
    }

    private static String onnxBatchNorm(LayerCall c, BatchNormalizationSpec s, String x, int n) {
        String gamma = s.scale() ? c.initializer("gamma") : c.graph().weight(c.path() + "/gamma", filled(n, 1f), n);
        String beta = s.center() ? c.initializer("beta") : c.graph().weight(c.path() + "/beta", filled(n, 0f), n);
        return c.op("BatchNormalization", List.of(x, gamma, beta, c.initializer("moving_mean"),
                c.initializer("moving_variance")), Attrs.f("epsilon", s.epsilon()));
    }

    private static float[] filled(int n, float value) {
        float[] a = new float[n];
        Arrays.fill(a, value);
        return a;
    }
}
