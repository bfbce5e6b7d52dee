package io.kerasj.ir;

import java.util.List;
import java.util.Objects;

/**
 * What Keras saves beside a model so that training can resume: the optimizer's step counter and
 * its slot variables (Adam's {@code m}/{@code v}, momentum, rms) under their TF variable names
 * ({@code Adam/dense/kernel/m:0}), in the order of {@code optimizer.weights} (tf.keras 2.x: the
 * counter, then slot-major over the trainable weights), and the {@code training_config} JSON that
 * recreates the optimizer ({@code model.compile}).
 *
 * @param optimizerName Keras class name and variable prefix: {@code Adam}, {@code SGD}, {@code RMSprop}
 * @param trainingConfig the {@code training_config} JSON text, or null
 */
public record OptimizerState(String optimizerName, long iterations, List<Slot> slots, String trainingConfig) {

    /** One slot variable: its full TF name and value. */
    public record Slot(String name, FloatTensor value) {
        public Slot {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public OptimizerState {
        Objects.requireNonNull(optimizerName, "optimizerName");
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must not be negative: " + iterations);
        }
        slots = List.copyOf(slots);
    }

    /** The name of the step counter, as Keras names it: {@code Adam/iter:0}. */
    public String iterationsName() {
        return optimizerName + "/iter:0";
    }

    /**
     * The TF name of the slot {@code slot} of weight {@code weight} in layer {@code layer}: weights
     * of a nested model already carry their inner layer's name, as in the weight files.
     */
    public static String slotName(String optimizerName, String layer, String weight, String slot) {
        return optimizerName + "/" + (weight.contains("/") ? weight : layer + "/" + weight) + "/" + slot + ":0";
    }

    /** The slot called {@code name}, or null. */
    public FloatTensor slot(String name) {
        for (Slot s : slots) {
            if (s.name().equals(name)) {
                return s.value();
            }
        }
        return null;
    }
}
