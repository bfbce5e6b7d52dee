package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import io.kerasj.lambda.LambdaOp;
import java.util.List;

/**
 * A custom (user-written) Keras layer class run as an op kerasj knows — recognised from its class
 * name and config ({@link LrnForms}) or mapped by the user ({@link CustomLayers}). The file holds
 * only the class name and its {@code get_config()}; nothing of the user's code is read or run.
 *
 * @param dataFormat the input's layout: the op works on channels_last, a channels_first input is
 *     moved there and back
 */
public record CustomLayerSpec(LambdaOp op, String dataFormat) implements LayerSpec {

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = ShapeException.single(inputs, op.shortLabel());
        if ("channels_first".equals(dataFormat) && in.rank() != 4) {
            throw new ShapeException(op.shortLabel() + " on channels_first needs a 4-D input, got " + in);
        }
        try {
            return List.of(Shape.of(op.outputShape(in.dims())));
        } catch (IllegalArgumentException e) {
            throw new ShapeException(op.shortLabel() + ": " + e.getMessage());
        }
    }

    /** Summary label, as for recognised Lambdas: {@code →LRN r=2 b=1.0 a=0.0001 β=0.75}. */
    @Override
    public String detail() {
        return "→" + op.shortLabel() + ("channels_first".equals(dataFormat) ? " channels_first" : "");
    }
}
