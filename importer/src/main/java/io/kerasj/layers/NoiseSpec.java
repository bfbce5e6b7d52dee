package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/**
 * Keras' regularising noise layers, identity at inference. In training: {@code GaussianNoise}
 * adds N(0, stddev²) (Keras 1 {@code sigma}); {@code GaussianDropout} multiplies by
 * N(1, rate/(1-rate)) (Keras 1 {@code p}); {@code AlphaDropout} sets dropped units to SELU's
 * negative saturation and rescales so mean and variance are kept.
 */
public record NoiseSpec(Kind kind, double amount) implements LayerSpec {

    public enum Kind { GAUSSIAN_NOISE, GAUSSIAN_DROPOUT, ALPHA_DROPOUT }

    public static NoiseSpec parseGaussianNoise(LayerConfig c) {
        double stddev = c.doubleValue(Double.NaN, "stddev", "sigma");
        if (!(stddev >= 0)) {
            throw new ConfigException("stddev must be a number >= 0, found " + c.find("stddev", "sigma").orElse(null));
        }
        return new NoiseSpec(Kind.GAUSSIAN_NOISE, stddev);
    }

    public static NoiseSpec parseGaussianDropout(LayerConfig c) {
        return new NoiseSpec(Kind.GAUSSIAN_DROPOUT, rate(c));
    }

    public static NoiseSpec parseAlphaDropout(LayerConfig c) {
        if (c.has("noise_shape")) {
            throw new ConfigException("AlphaDropout with a noise_shape is not supported");
        }
        return new NoiseSpec(Kind.ALPHA_DROPOUT, rate(c));
    }

    private static double rate(LayerConfig c) {
        double rate = c.doubleValue(Double.NaN, "rate", "p");
        if (!(rate >= 0 && rate < 1)) {
            throw new ConfigException("rate must be in [0, 1), found " + c.find("rate", "p").orElse(null));
        }
        return rate;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        return List.of(ShapeException.single(inputs, kind.name()));
    }

    @Override
    public String detail() {
        return (kind == Kind.GAUSSIAN_NOISE ? "stddev=" : "rate=") + amount;
    }
}
