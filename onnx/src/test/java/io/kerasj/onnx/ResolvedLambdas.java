package io.kerasj.onnx;

import io.kerasj.lambda.DecodedLambda;
import io.kerasj.lambda.Expr;
import io.kerasj.lambda.LambdaOp;
import io.kerasj.lambda.LambdaResolver;
import java.util.List;
import java.util.Optional;

/**
 * Test-scope {@link LambdaResolver} (registered in src/test/resources/META-INF/services): maps
 * Lambda layers by name to each op kind, so small test models can hold every Lambda op.
 */
public final class ResolvedLambdas implements LambdaResolver {
    @Override
    public Optional<LambdaOp> resolve(String layerName, DecodedLambda decoded) {
        return switch (layerName) {
            case "onnx_lrn" -> Optional.of(new LambdaOp.Lrn(2, 1.5, 1e-3, 0.75));
            case "onnx_s2d" -> Optional.of(new LambdaOp.SpaceToDepth(2));
            case "onnx_l2n" -> Optional.of(new LambdaOp.L2Normalize(List.of(-1), LambdaOp.L2Normalize.TF_DEFAULT_EPSILON));
            case "onnx_elementwise" -> Optional.of(new LambdaOp.Elementwise(new Expr.Binary(Expr.BinaryOp.SUB,
                    new Expr.Unary(Expr.UnaryOp.RELU6, new Expr.Binary(Expr.BinaryOp.MUL, new Expr.Input(), new Expr.Constant(3))),
                    new Expr.Binary(Expr.BinaryOp.POW, new Expr.Input(), new Expr.Constant(2)))));
            default -> Optional.empty();
        };
    }
}
