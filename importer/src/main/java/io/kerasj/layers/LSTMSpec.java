package io.kerasj.layers;

/**
 * Keras {@code LSTM}, gates i, f, c, o: {@code c = f·c_prev + i·act(x_c + h_prev·U_c)},
 * {@code h = o·act(c)}. {@code unit_forget_bias} only initialises the bias, so it does not matter
 * for imported weights.
 */
public record LSTMSpec(RecurrentOptions options) implements RecurrentSpec {

    public static LSTMSpec parse(LayerConfig c) {
        return new LSTMSpec(RecurrentOptions.parse(c));
    }

    @Override
    public int gates() {
        return 4;
    }

    @Override
    public int states() {
        return 2;
    }

    @Override
    public RecurrentSpec reversed() {
        return new LSTMSpec(options.withGoBackwards(!options.goBackwards()));
    }

    @Override
    public String kind() {
        return "LSTM";
    }
}
