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
 * Everything one layer call needs while a {@link TfLayer} lowers it: ops scoped to the layer, the
 * layer and this call's shapes, its weights as variables, the lowering options and, in a graph
 * that also trains, the {@link TrainingMode}. Weights of layers inside nested models belong to the
 * outer layer under {@code inner/weight} names, exactly as the IR declares them.
 */
public final class LayerContext {
    final Ops tf;
    final Layer layer;
    final Node node;
    final LoweringOptions options;
    private final WeightVariables variables;
    private final Layer owner;
    private final String weightPrefix;
    private final TrainingMode training;
    private List<Operand<TBool>> inputMasks = List.of();
    private List<Operand<TBool>> outputMasks;

    LayerContext(Ops tf, Layer layer, Node node, LoweringOptions options, WeightVariables variables,
                 Layer owner, String weightPrefix, TrainingMode training) {
        this.tf = tf;
        this.layer = layer;
        this.node = node;
        this.options = options;
        this.variables = variables;
        this.owner = owner;
        this.weightPrefix = weightPrefix;
        this.training = training;
    }

    /** Ops scoped to this layer call. */
    public Ops tf() {
        return tf;
    }

    /** The layer being lowered (its spec, class name, weights). */
    public Layer layer() {
        return layer;
    }

    /** This call of the layer, with its resolved input and output shapes. */
    public Node node() {
        return node;
    }

    public LoweringOptions options() {
        return options;
    }

    /**
     * The learning phase when the graph can also train; empty in an inference-only graph, where
     * every layer lowers its inference behaviour.
     */
    public Optional<TrainingMode> training() {
        return Optional.ofNullable(training);
    }

    /**
     * Keras' mask of input {@code i}: (batch, timesteps) booleans, or null when the tensor carries
     * none. A layer that consumes masks (recurrent layers, GlobalAveragePooling1D) reads it here.
     */
    public Operand<TBool> inputMask(int i) {
        return i < inputMasks.size() ? inputMasks.get(i) : null;
    }

    void setInputMasks(List<Operand<TBool>> masks) {
        this.inputMasks = masks;
    }

    /**
     * For lowerings that make or change masks: one entry (or null) per output. A lowering that
     * does not call it gets Keras' default ({@link MaskPropagation}).
     */
    public void setOutputMasks(List<Operand<TBool>> masks) {
        this.outputMasks = masks;
    }

    /** The masks the lowering set, or null when it left them to {@link MaskPropagation}. */
    List<Operand<TBool>> outputMasks() {
        return outputMasks;
    }

    /**
     * A context for a layer a wrapper (TimeDistributed) runs inside this call: same scope, options,
     * training mode and weight owner, the wrapped layer's own spec and step shapes.
     */
    LayerContext forWrapped(Layer wrapped, Node wrappedNode) {
        return new LayerContext(tf, wrapped, wrappedNode, options, variables, owner, weightPrefix, training);
    }

    /** False when this layer or the (nested-model) layer owning its weights is frozen. */
    public boolean trainable() {
        return layer.trainable() && owner.trainable();
    }

    public Shape inputShape(int i) {
        return node.inputShapes().get(i);
    }

    public Shape outputShape(int i) {
        return node.outputShapes().get(i);
    }

    /** The variable holding weight {@code name} of this layer (e.g. {@code kernel}). */
    public Operand<TFloat32> weight(String name) {
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

    public Operand<TInt32> ints(int... values) {
        return tf.constant(values);
    }

    public Operand<TInt64> longs(long... values) {
        return tf.constant(values);
    }

    public Operand<TFloat32> scalar(double v) {
        return tf.constant((float) v);
    }

    /** Keras major version of the file, for the few activations whose definition changed in Keras 3. */
    public int kerasMajor() {
        return options.kerasMajor();
    }
}
