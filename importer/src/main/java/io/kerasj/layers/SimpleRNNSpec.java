package io.kerasj.layers;

/** Keras {@code SimpleRNN}: {@code h = activation(x·W + h_prev·U + b)}. */
public record SimpleRNNSpec(RecurrentOptions options) implements RecurrentSpec {

    public static SimpleRNNSpec parse(LayerConfig c) {
        return new SimpleRNNSpec(RecurrentOptions.parse(c));
    }

    @Override
    public int gates() {
        return 1;
    }

    @Override
    public int states() {
        return 1;
    }

    @Override
    public RecurrentSpec reversed() {
        return new SimpleRNNSpec(options.withGoBackwards(!options.goBackwards()));
    }

    @Override
    public String kind() {
        return "SimpleRNN";
    }
}
