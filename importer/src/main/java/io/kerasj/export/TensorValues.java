package io.kerasj.export;

import io.kerasj.ir.Layer;
import io.kerasj.ir.OptimizerState;
import io.kerasj.ir.Weight;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where a writer takes the tensor values it writes, one at a time: the model's and optimizer
 * state's own, or a live source such as a training session, which then never has to copy all of
 * them to the heap at once.
 */
public interface TensorValues {

    /** Hands the value of {@code weight} of {@code layer} to {@code write}; the buffer is valid during the call only. */
    void weight(Layer layer, Weight weight, Consumer<FloatBuffer> write);

    /** Hands the value of the optimizer slot variable called {@code name} to {@code write}. */
    void slot(String name, Consumer<FloatBuffer> write);

    /** The values held by the model's weights and by {@code optimizer}'s slots (null: none). */
    static TensorValues held(OptimizerState optimizer) {
        Map<String, OptimizerState.Slot> slots = new HashMap<>();
        if (optimizer != null) {
            optimizer.slots().forEach(s -> slots.put(s.name(), s));
        }
        return new TensorValues() {
            @Override
            public void weight(Layer layer, Weight weight, Consumer<FloatBuffer> write) {
                write.accept(weight.value().buffer());
            }

            @Override
            public void slot(String name, Consumer<FloatBuffer> write) {
                write.accept(slots.get(name).value().buffer());
            }
        };
    }
}
