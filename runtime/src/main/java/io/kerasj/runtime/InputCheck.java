package io.kerasj.runtime;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Shape;
import java.util.List;

/** Checks a predictor's inputs against its declared shapes before any engine sees them. */
public final class InputCheck {
    private InputCheck() {
    }

    /**
     * @throws IllegalArgumentException naming the input when the count or a shape (free dimensions
     *     aside) does not match
     */
    public static void check(List<String> names, List<Shape> shapes, List<FloatTensor> inputs) {
        if (inputs.size() != shapes.size()) {
            throw new IllegalArgumentException("the model takes " + shapes.size() + " input(s) " + names + ", got " + inputs.size());
        }
        for (int i = 0; i < inputs.size(); i++) {
            Shape want = shapes.get(i);
            Shape got = inputs.get(i).shape();
            boolean ok = want.rank() == got.rank();
            for (int d = 0; ok && d < want.rank(); d++) {
                ok = want.dim(d) == Shape.UNKNOWN || want.dim(d) == got.dim(d);
            }
            if (!ok) {
                throw new IllegalArgumentException("input '" + names.get(i) + "' must have shape " + want
                        + " (channels last for Keras image inputs), got " + got);
            }
        }
    }
}
