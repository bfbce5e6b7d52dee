package io.kerasj.layers;

/**
 * Keras {@code GRU}, gates z, r, h. With {@code reset_after} (tf.keras 2 and Keras 3 default) the
 * reset gate multiplies the recurrent product after it is taken, and the bias has two rows (input,
 * recurrent): 3·units more parameters. Without it (Keras 1, Keras 2.0–2.2) the reset gate scales
 * the previous output before the product. A config without the key predates it: reset_after=False.
 */
public record GRUSpec(RecurrentOptions options, boolean resetAfter) implements RecurrentSpec {

    public static GRUSpec parse(LayerConfig c) {
        return new GRUSpec(RecurrentOptions.parse(c), c.boolValue(false, "reset_after"));
    }

    @Override
    public int gates() {
        return 3;
    }

    @Override
    public int states() {
        return 1;
    }

    @Override
    public RecurrentSpec reversed() {
        return new GRUSpec(options.withGoBackwards(!options.goBackwards()), resetAfter);
    }

    @Override
    public String kind() {
        return "GRU";
    }

    @Override
    public int[] biasShape() {
        int n = 3 * options.units();
        return resetAfter ? new int[] {2, n} : new int[] {n};
    }

    @Override
    public String detail() {
        return options.detail() + (resetAfter ? " reset_after" : "");
    }
}
