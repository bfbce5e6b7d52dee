package io.kerasj.export;

import io.kerasj.ir.OptimizerState;
import io.kerasj.ir.Shape;
import java.util.List;
import java.util.Objects;

/**
 * An {@link OptimizerState} without its slot values, for writers that take the values from a
 * {@link TensorValues}: optimizer name, step counter, slot names and shapes in Keras' order, and
 * the {@code training_config} JSON (or null).
 */
public record OptimizerLayout(String optimizerName, long iterations, List<Slot> slots, String trainingConfig) {

    /** One slot variable: its full TF name ({@code Adam/dense/kernel/m:0}) and shape. */
    public record Slot(String name, Shape shape) {
        public Slot {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(shape, "shape");
        }
    }

    public OptimizerLayout {
        Objects.requireNonNull(optimizerName, "optimizerName");
        slots = List.copyOf(slots);
    }

    /** The layout of a state whose values are at hand. */
    public static OptimizerLayout of(OptimizerState state) {
        return new OptimizerLayout(state.optimizerName(), state.iterations(),
                state.slots().stream().map(s -> new Slot(s.name(), s.value().shape())).toList(), state.trainingConfig());
    }

    /** The step counter's dataset name, as {@link OptimizerState#iterationsName()}. */
    public String iterationsName() {
        return optimizerName + "/iter:0";
    }
}
