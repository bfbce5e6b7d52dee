package com.example.swish;

import io.kerasj.layers.ElementwiseSpec;
import io.kerasj.layers.LayerConfig;

/** A user's custom Keras layer {@code Swish(beta)}: {@code x * sigmoid(beta * x)}, element-wise. */
public record SwishSpec(double beta) implements ElementwiseSpec {

    static SwishSpec parse(LayerConfig c) {
        return new SwishSpec(c.doubleValue(1.0, "beta"));
    }

    @Override
    public String detail() {
        return "beta=" + beta;
    }
}
