package io.kerasj.layers;

/**
 * Keras {@code ReLU(max_value, negative_slope, threshold)}: x above the threshold (clipped at
 * max_value; NaN = no clip), {@code negative_slope * (x - threshold)} below it.
 */
public record ReLUSpec(double negativeSlope, double maxValue, double threshold) implements ElementwiseSpec {

    public static ReLUSpec parse(LayerConfig c) {
        return new ReLUSpec(c.doubleValue(0.0, "negative_slope"), c.doubleValue(Double.NaN, "max_value"),
                c.doubleValue(0.0, "threshold"));
    }

    @Override
    public String detail() {
        return "relu";
    }
}
