package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import io.kerasj.ir.WeightSpec;
import java.util.ArrayList;
import java.util.List;

/** Keras {@code Dense}: acts on the last axis; Keras 1 called units {@code output_dim}. */
public record DenseSpec(int units, String activation, boolean useBias) implements LayerSpec {

    public static DenseSpec parse(LayerConfig c) {
        return new DenseSpec(c.requireInt("units", "output_dim"), c.activation("activation"),
                c.boolValue(true, "use_bias", "bias"));
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = ShapeException.single(inputs, "Dense");
        if (in.rank() < 2 || !in.isKnown(-1)) {
            throw new ShapeException("Dense needs at least rank 2 and a known last dimension, got " + in);
        }
        return List.of(in.withDim(-1, units));
    }

    @Override
    public List<WeightSpec> weights(List<Shape> inputs) {
        List<WeightSpec> w = new ArrayList<>();
        w.add(WeightSpec.trainable("kernel", inputs.get(0).dim(-1), units));
        if (useBias) {
            w.add(WeightSpec.trainable("bias", units));
        }
        return w;
    }
}
