package io.kerasj.onnx.export;

import io.kerasj.ir.Shape;
import io.kerasj.lambda.Expr;
import io.kerasj.lambda.LambdaOp;
import io.kerasj.layers.LambdaSpec;
import java.util.List;

/**
 * Lambda layers whose Python function was recognised at import (decoded from its bytecode, never
 * run): LRN, element-wise arithmetic, space_to_depth and l2_normalize.
 */
final class LambdaExport {
    private LambdaExport() {
    }

    static OnnxValue lower(LayerCall c, LambdaSpec spec, OnnxValue v) {
        LambdaOp op = spec.op().orElseThrow(() -> new ExportFailure(spec.decoded().unrecognisedMessage(c.layer().name())));
        Shape in = c.inputShape(0);
        if (op instanceof LambdaOp.Lrn lrn) {
            if (in.rank() != 4) {
                throw new ExportFailure("local_response_normalization needs a 4-D NHWC input, got " + in);
            }
            return LayerCall.fromChannelsFirst(lrn(c, c.channelsFirst(v, "channels_last"), lrn), "channels_last");
        }
        if (op instanceof LambdaOp.Elementwise e) {
            return v.withName(expression(c, e.expr(), v.name()));
        }
        if (op instanceof LambdaOp.SpaceToDepth s) {
            if (in.rank() != 4) {
                throw new ExportFailure("space_to_depth needs a 4-D NHWC input, got " + in);
            }
            // ONNX's SpaceToDepth on NCHW orders output channels (block row, block col, channel),
            // exactly as TF's NHWC op does, so no reordering is needed
            String y = c.op("SpaceToDepth", List.of(c.channelsFirst(v, "channels_last")), Attrs.i("blocksize", s.blockSize()));
            return LayerCall.fromChannelsFirst(y, "channels_last");
        }
        if (op instanceof LambdaOp.L2Normalize l2) {
            return OnnxValue.keras(l2Normalize(c, c.keras(v), l2, in.rank()));
        }
        throw new ExportFailure("Lambda op " + op.shortLabel() + " has no ONNX form");
    }

    /**
     * TF's LRN sums x² over 2r+1 channels and multiplies the sum by alpha; ONNX's LRN divides
     * alpha by the window size, so the window is 2r+1 and alpha is scaled up by it.
     */
    static String lrn(LayerCall c, String nchw, LambdaOp.Lrn lrn) {
        int size = 2 * lrn.depthRadius() + 1;
        return c.op("LRN", List.of(nchw), Attrs.i("size", size), Attrs.f("alpha", lrn.alpha() * size),
                Attrs.f("beta", lrn.beta()), Attrs.f("bias", lrn.bias()));
    }

    /** An element-wise expression; parts without the input are folded in double, as Python evaluates them. */
    static String expression(LayerCall c, Expr e, String x) {
        if (!e.readsInput()) {
            return c.graph().scalar(e.apply(0.0));
        }
        if (e instanceof Expr.Input) {
            return x;
        }
        if (e instanceof Expr.Unary u) {
            String a = expression(c, u.operand(), x);
            return switch (u.op()) {
                case NEG -> c.op("Neg", List.of(a));
                case RELU -> c.op("Relu", List.of(a));
                case RELU6 -> ActivationExport.clip(c, a, 0, 6);
            };
        }
        Expr.Binary b = (Expr.Binary) e;
        List<String> ab = List.of(expression(c, b.left(), x), expression(c, b.right(), x));
        return switch (b.op()) {
            case ADD -> c.op("Add", ab);
            case SUB -> c.op("Sub", ab);
            case MUL -> c.op("Mul", ab);
            case DIV -> c.op("Div", ab);
            case POW -> c.op("Pow", ab);
        };
    }


    /** tf.nn.l2_normalize: x / sqrt(max(sum(x², axes), epsilon)); no axes means every axis. */
    static String l2Normalize(LayerCall c, String x, LambdaOp.L2Normalize l2, int rank) {
        int[] axes;
        if (l2.axes().isEmpty()) {
            axes = new int[rank];
            for (int k = 0; k < rank; k++) {
                axes[k] = k;
            }
        } else {
            axes = new int[l2.axes().size()];
            for (int k = 0; k < axes.length; k++) {
                int a = l2.axes().get(k);
                axes[k] = a < 0 ? rank + a : a;
                if (axes[k] < 0 || axes[k] >= rank) {
                    throw new ExportFailure("l2_normalize axis " + a + " does not fit a rank-" + rank + " input");
                }
            }
        }
        String sum = c.op("ReduceSumSquare", List.of(x), Attrs.ints("axes", axes), Attrs.i("keepdims", 1));
        String norm = c.op("Sqrt", List.of(c.op("Max", List.of(sum, c.graph().scalar(l2.epsilon())))));
        return c.op("Div", List.of(x, norm));
    }
}
