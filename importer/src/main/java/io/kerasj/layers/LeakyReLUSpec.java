package io.kerasj.layers;

/** Keras {@code LeakyReLU}: slope {@code alpha} below zero (Keras 3 calls it negative_slope). */
public record LeakyReLUSpec(double alpha) implements ElementwiseSpec {

    public static LeakyReLUSpec parse(LayerConfig c) {
        // Keras 2 default alpha 0.3; Keras 3 renamed it negative_slope
        return new LeakyReLUSpec(c.doubleValue(0.3, "alpha", "negative_slope"));
    }

    @Override
    public String detail() {
        return "leaky_relu";
    }
}
