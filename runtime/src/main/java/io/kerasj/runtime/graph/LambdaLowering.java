package io.kerasj.runtime.graph;

import io.kerasj.ir.Shape;
import io.kerasj.lambda.Expr;
import io.kerasj.lambda.LambdaOp;
import io.kerasj.layers.LambdaSpec;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;

/**
 * Lambda layers whose Python function was recognised (decoded from its bytecode, never run, or
 * mapped by a user's {@code LambdaResolver}) as one of the ops TF has: LRN, element-wise
 * arithmetic, space_to_depth, l2_normalize.
 */
final class LambdaLowering {
    private LambdaLowering() {
    }

    static Operand<TFloat32> lower(LayerContext ctx, LambdaSpec spec, Operand<TFloat32> x) {
        // an unrecognised function imports (for inspection) when it declares its shape, but cannot run
        LambdaOp op = spec.op().orElseThrow(() -> new LoweringException(spec.decoded().unrecognisedMessage(ctx.layer.name())));
        Ops tf = ctx.tf;
        Shape in = ctx.inputShape(0);
        if (op instanceof LambdaOp.Lrn lrn) {
            if (in.rank() != 4) {
                throw new LoweringException("local_response_normalization needs a 4-D NHWC input, got " + in);
            }
            return NormalizationLowering.lrn(tf, x, lrn.depthRadius(), lrn.bias(), lrn.alpha(), lrn.beta());
        }
        if (op instanceof LambdaOp.Elementwise e) {
            return expression(tf, e.expr(), x);
        }
        if (op instanceof LambdaOp.SpaceToDepth s) {
            return tf.nn.spaceToDepth(x, (long) s.blockSize());
        }
        if (op instanceof LambdaOp.L2Normalize l2) {
            return l2Normalize(tf, x, l2.axes(), l2.epsilon(), in.rank());
        }
        throw new LoweringException("Lambda op " + op.shortLabel() + " has no TensorFlow lowering");
    }

    /**
     * An element-wise expression. Sub-expressions without the input are folded in double first,
     * as Python evaluates them before TensorFlow sees a float32 constant.
     */
    static Operand<TFloat32> expression(Ops tf, Expr e, Operand<TFloat32> x) {
        if (!e.readsInput()) {
            return tf.constant((float) e.apply(0.0));
        }
        if (e instanceof Expr.Input) {
            return x;
        }
        if (e instanceof Expr.Unary u) {
            Operand<TFloat32> a = expression(tf, u.operand(), x);
            return switch (u.op()) {
                case NEG -> tf.math.neg(a);
                case RELU -> tf.nn.relu(a);
                case RELU6 -> tf.nn.relu6(a);
            };
        }
        Expr.Binary b = (Expr.Binary) e;
        Operand<TFloat32> l = expression(tf, b.left(), x);
        Operand<TFloat32> r = expression(tf, b.right(), x);
        return switch (b.op()) {
            case ADD -> tf.math.add(l, r);
            case SUB -> tf.math.sub(l, r);
            case MUL -> tf.math.mul(l, r);
            case DIV -> tf.math.div(l, r);
            case POW -> tf.math.pow(l, r);
        };
    }


    /** tf.nn.l2_normalize: x * rsqrt(max(sum(x², axes, keepdims), epsilon)); no axes = every axis. */
    static Operand<TFloat32> l2Normalize(Ops tf, Operand<TFloat32> x, List<Integer> axes, double epsilon, int rank) {
        int[] a;
        if (axes.isEmpty()) {
            a = new int[rank];
            for (int i = 0; i < rank; i++) {
                a[i] = i;
            }
        } else {
            a = new int[axes.size()];
            for (int i = 0; i < a.length; i++) {
                int v = axes.get(i);
                a[i] = v < 0 ? rank + v : v;
                if (a[i] < 0 || a[i] >= rank) {
                    throw new LoweringException("l2_normalize axis " + v + " does not fit a rank-" + rank + " input");
                }
            }
        }
        Operand<TFloat32> squareSum = tf.sum(tf.math.square(x), tf.constant(a), Sum.keepDims(true));
        return tf.math.mul(x, tf.math.rsqrt(tf.math.maximum(squareSum, tf.constant((float) epsilon))));
    }
}
