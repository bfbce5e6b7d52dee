package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/**
 * Keras {@code Dropout} / {@code SpatialDropout1D/2D/3D}: identity at inference; in training drops with
 * probability {@code rate} (Keras 1 {@code p}) and scales survivors by 1/(1-rate).
 */
public record DropoutSpec(double rate, boolean spatial, String dataFormat) implements LayerSpec {

    public static DropoutSpec parse(LayerConfig c) {
        return new DropoutSpec(rate(c), false, "channels_last");
    }

    public static DropoutSpec parseSpatial(LayerConfig c) {
        return new DropoutSpec(rate(c), true, c.dataFormat());
    }

    private static double rate(LayerConfig c) {
        double rate = c.doubleValue(0.0, "rate", "p");
        if (rate < 0 || rate >= 1) {
            throw new ConfigException("dropout rate must be in [0, 1), found " + rate);
        }
        return rate;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = ShapeException.single(inputs, "Dropout");
        if (spatial && (in.rank() < 3 || in.rank() > 5)) {
            throw new ShapeException("SpatialDropout1D/2D/3D expects a rank-3, 4 or 5 input, got " + in);
        }
        return List.of(in);
    }

    @Override
    public String detail() {
        return "rate=" + rate;
    }
}
