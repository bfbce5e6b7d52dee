package io.kerasj.onnx.export;

import io.kerasj.layers.GlobalPooling2DSpec;
import io.kerasj.layers.Pooling2DSpec;
import java.util.List;

/** Max/average pooling on NCHW (average leaves "same" padding out of the count, as TF does) and global pooling. */
final class PoolingExport {
    private PoolingExport() {
    }

    static OnnxValue pool(LayerCall c, Pooling2DSpec s, OnnxValue v) {
        String x = c.channelsFirst(v, s.dataFormat());
        int[] spatial = ConvolutionExport.spatial(c.inputShape(0), s.dataFormat());
        String y;
        if (s.kind() == Pooling2DSpec.Kind.MAX) {
            // padding as auto_pad, never as pads: ONNX Runtime 1.22's PadFusion folds a preceding
            // zero Pad (ZeroPadding2D) into a MaxPool's pads, which pad with -inf instead of 0
            // (measured: wrong outputs); it leaves MaxPools with an auto_pad alone
            y = c.op("MaxPool", List.of(x), Padding.attrs(s.padding(), null, s.poolSize(), s.strides(), null));
        } else {
            y = c.op("AveragePool", List.of(x), Padding.attrs(s.padding(), spatial, s.poolSize(), s.strides(), null));
        }
        return LayerCall.fromChannelsFirst(y, s.dataFormat());
    }

    /** A reduction over the two spatial axes, wherever the stored layout keeps them. */
    static OnnxValue global(LayerCall c, GlobalPooling2DSpec s, OnnxValue v) {
        boolean first = "channels_first".equals(s.dataFormat());
        int[] axes = {v.storedAxis(first ? 2 : 1), v.storedAxis(first ? 3 : 2)};
        String op = s.kind() == Pooling2DSpec.Kind.MAX ? "ReduceMax" : "ReduceMean";
        String y = c.op(op, List.of(v.name()), Attrs.ints("axes", axes), Attrs.i("keepdims", s.keepDims() ? 1 : 0));
        // without keepdims only (batch, channels) is left, the same in both layouts
        return s.keepDims() ? v.withName(y) : OnnxValue.keras(y);
    }
}
