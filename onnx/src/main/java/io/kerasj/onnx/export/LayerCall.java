package io.kerasj.onnx.export;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Node;
import io.kerasj.ir.Shape;
import io.kerasj.ir.Weight;
import io.kerasj.onnx.proto.Onnx.AttributeProto;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One call of one layer while it is exported: its shapes, its weights, node naming under the
 * layer's path, and the layout moves between Keras' order and ONNX's channels-first order.
 * Weights of layers inside nested models belong to the outer layer under {@code inner/weight}
 * names, exactly as the IR declares them.
 */
public final class LayerCall {
    private final GraphBuilder g;
    private final Layer layer;
    private final Node node;
    private final String path;
    private final Layer owner;
    private final String weightPrefix;
    private final Map<String, String> weightCache;
    private final Map<String, String> layoutCache;
    private final int kerasMajor;

    LayerCall(GraphBuilder g, Layer layer, Node node, String path, Layer owner, String weightPrefix,
              Map<String, String> weightCache, Map<String, String> layoutCache, int kerasMajor) {
        this.g = g;
        this.layer = layer;
        this.node = node;
        this.path = path;
        this.owner = owner;
        this.weightPrefix = weightPrefix;
        this.weightCache = weightCache;
        this.layoutCache = layoutCache;
        this.kerasMajor = kerasMajor;
    }

    /** The graph under construction (initializers, constants, nodes outside this layer's naming). */
    public GraphBuilder graph() {
        return g;
    }

    public Layer layer() {
        return layer;
    }

    /** The layer's path in the model ({@code outer/inner} inside nested models); names of its nodes start with it. */
    public String path() {
        return path;
    }

    public Shape inputShape(int i) {
        return node.inputShapes().get(i);
    }

    public Shape outputShape(int i) {
        return node.outputShapes().get(i);
    }

    /** Keras major version of the file (two activations changed meaning in Keras 3). */
    public int kerasMajor() {
        return kerasMajor;
    }

    /** A node of this layer with one output; returns the output's name. */
    public String op(String opType, List<String> inputs, AttributeProto... attrs) {
        return g.node(opType, path + "/" + opType, inputs, attrs);
    }

    /** The value of weight {@code name} (e.g. {@code kernel}) in Keras' layout. */
    public FloatTensor weight(String name) {
        return valueOf(owner, weightPrefix + name).or(() -> valueOf(layer, name)).orElseThrow(() ->
                new ExportFailure("weight '" + name + "' has no value: load the model with its weights"));
    }

    /**
     * An initializer for a weight, converted once per layer (shared layers reuse it on every call).
     *
     * @param form names the conversion (e.g. "oihw"), so one weight may appear in two forms
     */
    public String initializer(String name, String form, java.util.function.Function<FloatTensor, Converted> convert) {
        String key = owner.name() + "/" + weightPrefix + name + "#" + form;
        return weightCache.computeIfAbsent(key, k -> {
            Converted c = convert.apply(weight(name));
            return g.weight(path + "/" + name, c.values(), c.dims());
        });
    }

    /** A weight stored as Keras has it. */
    public String initializer(String name) {
        return initializer(name, "keras", t -> new Converted(t.toArray(), dims(t.shape())));
    }

    /** Converted weight values and their ONNX dims. */
    public record Converted(float[] values, long[] dims) {
    }

    static long[] dims(Shape s) {
        long[] d = new long[s.rank()];
        for (int k = 0; k < d.length; k++) {
            d[k] = s.dim(k);
        }
        return d;
    }

    private static Optional<FloatTensor> valueOf(Layer l, String name) {
        for (Weight w : l.weights()) {
            if (w.name().equals(name)) {
                return Optional.ofNullable(w.value());
            }
        }
        return Optional.empty();
    }

    /** {@code v} in Keras' layout (a transpose when it is stored channels first). */
    public String keras(OnnxValue v) {
        if (v.inKerasLayout()) {
            return v.name();
        }
        return layoutCache.computeIfAbsent(v.name() + "#keras",
                k -> g.node("Transpose", v.name() + "/to_keras", List.of(v.name()),
                        Attrs.ints("perm", OnnxValue.inverse(v.perm()))));
    }

    /**
     * {@code v} as the NCHW tensor ONNX's image ops take: a channels_first layer's input is NCHW
     * already in Keras' layout; a channels_last one is stored (or transposed) channels first.
     */
    public String channelsFirst(OnnxValue v, String dataFormat) {
        if ("channels_first".equals(dataFormat)) {
            return keras(v);
        }
        if (v.perm() != null && java.util.Arrays.equals(v.perm(), OnnxValue.TO_CHANNELS_FIRST)) {
            return v.name();
        }
        String keras = keras(v);
        return layoutCache.computeIfAbsent(keras + "#nchw", k -> g.node("Transpose", keras + "/to_nchw", List.of(keras),
                Attrs.ints("perm", OnnxValue.TO_CHANNELS_FIRST)));
    }

    /** Wraps the NCHW result of an image op back into a value of {@code dataFormat}'s Keras tensor. */
    public static OnnxValue fromChannelsFirst(String name, String dataFormat) {
        return "channels_first".equals(dataFormat) ? OnnxValue.keras(name) : new OnnxValue(name, OnnxValue.TO_CHANNELS_FIRST);
    }
}
