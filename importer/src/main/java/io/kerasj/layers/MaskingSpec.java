package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/**
 * Keras {@code Masking}: a timestep whose features all equal {@code mask_value} is masked — its
 * values become 0 and the output carries a mask that is false there, which recurrent layers
 * downstream use to skip the step.
 */
public record MaskingSpec(double maskValue) implements LayerSpec {

    public static MaskingSpec parse(LayerConfig c) {
        return new MaskingSpec(c.doubleValue(0.0, "mask_value"));
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = ShapeException.single(inputs, "Masking");
        if (in.rank() < 2) {
            throw new ShapeException("Masking expects (batch, timesteps, ...), got " + in);
        }
        return List.of(in);
    }

    @Override
    public String detail() {
        return "mask_value=" + maskValue;
    }
}
