package io.kerasj.layers;

/** Keras {@code Activation}: a built-in activation function by its canonical name, element-wise. */
public record ActivationSpec(String function) implements ElementwiseSpec {

    public static ActivationSpec parse(LayerConfig c) {
        return new ActivationSpec(c.activation("activation"));
    }

    @Override
    public String detail() {
        return function;
    }
}
