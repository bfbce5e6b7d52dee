package io.kerasj.layers;

/** Keras {@code ELU} layer: elu(x) for x > 0, {@code alpha * elu(x)} otherwise. */
public record ELUSpec(double alpha) implements ElementwiseSpec {

    public static ELUSpec parse(LayerConfig c) {
        return new ELUSpec(c.doubleValue(1.0, "alpha"));
    }

    @Override
    public String detail() {
        return "elu";
    }
}
