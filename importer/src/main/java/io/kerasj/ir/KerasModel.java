package io.kerasj.ir;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model IR: an immutable graph of layers in dependency order with resolved shapes, declared
 * weights (and their values when the file carried them), the model's inputs and outputs, and the
 * raw Keras model config for faithful export. Every reader produces one of these.
 */
public final class KerasModel {
    private final String name;
    private final String modelClass;
    private final SourceInfo source;
    private final List<Layer> layers;
    private final Map<String, Layer> byName;
    private final List<TensorRef> inputs;
    private final List<TensorRef> outputs;
    private final JsonNode modelConfig;

    KerasModel(String name, String modelClass, SourceInfo source, List<Layer> layers,
               List<TensorRef> inputs, List<TensorRef> outputs, JsonNode modelConfig) {
        this.name = name;
        this.modelClass = modelClass;
        this.source = source;
        this.layers = List.copyOf(layers);
        Map<String, Layer> m = new LinkedHashMap<>();
        for (Layer l : layers) {
            m.put(l.name(), l);
        }
        this.byName = Collections.unmodifiableMap(m);
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.modelConfig = modelConfig == null ? null : modelConfig.deepCopy();
    }

    public String name() {
        return name;
    }

    /** {@code Sequential}, {@code Functional} or {@code Model}, as the file says. */
    public String modelClass() {
        return modelClass;
    }

    public SourceInfo source() {
        return source;
    }

    /** Layers in dependency order (the order Keras lists them). */
    public List<Layer> layers() {
        return layers;
    }

    public Layer layer(String layerName) {
        Layer l = byName.get(layerName);
        if (l == null) {
            throw new IllegalArgumentException("model " + name + " has no layer '" + layerName + "'");
        }
        return l;
    }

    public Optional<Layer> findLayer(String layerName) {
        return Optional.ofNullable(byName.get(layerName));
    }

    public List<TensorRef> inputs() {
        return inputs;
    }

    public List<TensorRef> outputs() {
        return outputs;
    }

    /** Shapes of the model inputs (batch first). */
    public List<Shape> inputShapes() {
        List<Shape> out = new ArrayList<>();
        for (TensorRef r : inputs) {
            out.add(shapeOf(r));
        }
        return out;
    }

    public List<Shape> outputShapes() {
        List<Shape> out = new ArrayList<>();
        for (TensorRef r : outputs) {
            out.add(shapeOf(r));
        }
        return out;
    }

    public Shape shapeOf(TensorRef r) {
        return layer(r.layer()).nodes().get(r.nodeIndex()).outputShapes().get(r.tensorIndex());
    }

    /** The raw model config JSON (a copy), as the file stored it. */
    /**
     * Things in the file that import ignores but a user should know about: callables named in the
     * config that are not Keras' own (e.g. a {@code kernel_initializer} naming {@code os.system}).
     * Nothing named in a model file is ever executed.
     */
    public List<ImportProblem> warnings() {
        return CallableWarnings.of(modelConfig);
    }

    public JsonNode modelConfig() {
        return modelConfig == null ? null : modelConfig.deepCopy();
    }

    public long totalParams() {
        long n = 0;
        for (Layer l : layers) {
            n += l.params();
        }
        return n;
    }

    public long trainableParams() {
        long n = 0;
        for (Layer l : layers) {
            n += l.trainableParams();
        }
        return n;
    }

    public long nonTrainableParams() {
        return totalParams() - trainableParams();
    }

    /** True when every declared weight has a value. */
    public boolean hasWeights() {
        for (Layer l : layers) {
            for (Weight w : l.weights()) {
                if (!w.hasValue()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** All weights in Keras {@code model.weights} order. */
    public List<Weight> weights() {
        List<Weight> all = new ArrayList<>();
        for (Layer l : layers) {
            all.addAll(l.weights());
        }
        return all;
    }

    /** A copy with some layers replaced (same names); used to attach weights or freeze layers. */
    public KerasModel withLayers(List<Layer> replacements) {
        Map<String, Layer> m = new LinkedHashMap<>(byName);
        for (Layer r : replacements) {
            if (!m.containsKey(r.name())) {
                throw new IllegalArgumentException("model " + name + " has no layer '" + r.name() + "'");
            }
            m.put(r.name(), r);
        }
        return new KerasModel(name, modelClass, source, new ArrayList<>(m.values()), inputs, outputs, modelConfig);
    }

    public KerasModel withSource(SourceInfo newSource) {
        return new KerasModel(name, modelClass, newSource, layers, inputs, outputs, modelConfig);
    }

    @Override
    public String toString() {
        return modelClass + " " + name + " (" + layers.size() + " layers, " + totalParams() + " params)";
    }
}
