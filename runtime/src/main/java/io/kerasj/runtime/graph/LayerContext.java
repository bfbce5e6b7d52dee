package io.kerasj.runtime.graph;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Node;
import io.kerasj.ir.Shape;
import io.kerasj.ir.Weight;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Everything one layer call needs while it is lowered: ops scoped to the layer, its call shapes,
 * and its weights as variables. Weights of layers inside nested models belong to the outer
 * layer under {@code inner/weight} names, exactly as the IR declares them.
 */
final class LayerContext {
    final Ops tf;
    final Layer layer;
    final Node node;
    final LoweringOptions options;
    private final WeightVariables variables;
    private final Layer owner;
    private final String weightPrefix;
    private List<Operand<TBool>> inputMasks = List.of();
    private List<Operand<TBool>> outputMasks;

    LayerContext(Ops tf, Layer layer, Node node, LoweringOptions options, WeightVariables variables,
                 Layer owner, String weightPrefix) {
        this.tf = tf;
        this.layer = layer;
        this.node = node;
        this.options = options;
        this.variables = variables;
        this.owner = owner;
        this.weightPrefix = weightPrefix;
    }

    /** Keras' mask of input {@code i}: (batch, timesteps) booleans, or null when the tensor carries none. */
    Operand<TBool> inputMask(int i) {
        return i < inputMasks.size() ? inputMasks.get(i) : null;
    }

    void setInputMasks(List<Operand<TBool>> masks) {
        this.inputMasks = masks;
    }

    /** For lowerings that make or change masks: one entry (or null) per output. */
    void setOutputMasks(List<Operand<TBool>> masks) {
        this.outputMasks = masks;
    }

    /** The masks the lowering set, or null when it left them to {@link MaskPropagation}. */
    List<Operand<TBool>> outputMasks() {
        return outputMasks;
    }

    /** False when this layer or the (nested-model) layer owning its weights is frozen. */
    boolean trainable() {
        return layer.trainable() && owner.trainable();
    }

    Shape inputShape(int i) {
        return node.inputShapes().get(i);
    }

    Shape outputShape(int i) {
        return node.outputShapes().get(i);
    }

    /** The variable holding weight {@code name} of this layer (e.g. {@code kernel}). */
    Operand<TFloat32> weight(String name) {
        // create the layer's variables in Keras weight order, whatever order the lowering asks
        for (Weight w : layer.weights()) {
            if (w.name().equals(name)) {
                break;
            }
            variable(w.name());
        }
        return variable(name);
    }

    private Operand<TFloat32> variable(String name) {
        String key = weightPrefix + name;
        FloatTensor value = valueOf(owner, key).or(() -> valueOf(layer, name)).orElseThrow(() ->
                new LoweringException("weight '" + name + "' has no value: load the model with its weights"));
        return variables.getOrCreate(owner.name(), key, value);
    }

    private static Optional<FloatTensor> valueOf(Layer l, String name) {
        for (Weight w : l.weights()) {
            if (w.name().equals(name)) {
                return Optional.ofNullable(w.value());
            }
        }
        return Optional.empty();
    }

    Operand<TInt32> ints(int... values) {
        return tf.constant(values);
    }

    Operand<TInt64> longs(long... values) {
        return tf.constant(values);
    }

    Operand<TFloat32> scalar(double v) {
        return tf.constant((float) v);
    }

    /** Keras major version of the file, for the few activations whose definition changed in Keras 3. */
    int kerasMajor() {
        return options.kerasMajor();
    }
}
