package io.kerasj.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.lambda.LambdaOp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Local response normalisation written as a custom Keras layer — the way many AlexNet ports wrote
 * it — read from the class name and {@code get_config()} alone, in the three published parameter
 * conventions, all turned into TF's ({@code x / (bias + alpha·Σ_{c-r..c+r} x²)^beta}):
 * <ul>
 * <li>TF ({@code depth_radius}, {@code bias}, {@code alpha}, {@code beta}): layers that call
 *     {@code tf.nn.lrn}; values as they are (defaults 5, 1, 1, 0.5).</li>
 * <li>pylearn2 ({@code n}, {@code k}, {@code alpha}, {@code beta}; Keras 0.x {@code LRN2D} and its
 *     copies): window of n channels, so r = n / 2 (n odd); alpha multiplies the plain window sum,
 *     as in TF; bias = k.</li>
 * <li>Caffe / PyTorch ({@code local_size} or {@code size}, {@code alpha}, {@code beta}, {@code k}):
 *     r = (size - 1) / 2 and alpha is divided by the window size (TF alpha = alpha / size).</li>
 * </ul>
 * Only unambiguous forms are recognised without help: a {@code depth_radius} config (tf.nn.lrn is
 * channels_last), and {@code LRN2D}/{@code CrossChannelNormalization} with n/k (the pylearn2 code
 * indexes channels on axis 1). Other configs are refused with the mapping that would run them.
 */
final class LrnForms {
    /** Class names custom LRN layers go by. */
    static final List<String> CLASS_NAMES = List.of("LRN", "LRN2D", "LocalResponseNormalization", "LocalResponseNorm",
            "CrossChannelNormalization", "LRNLayer");
    private static final Set<String> PYLEARN2_CLASSES = Set.of("lrn2d", "crosschannelnormalization");
    private static final Set<String> TF_KEYS = Set.of("depth_radius", "bias", "alpha", "beta");
    private static final Set<String> PYLEARN2_KEYS = Set.of("n", "k", "alpha", "beta");
    private static final Set<String> CAFFE_KEYS = Set.of("local_size", "size", "k", "alpha", "beta");
    private static final Set<String> LAYOUT_KEYS = Set.of("data_format", "dim_ordering");

    private LrnForms() {
    }

    /**
     * One kind per well-known custom LRN class: distinct user classes, not aliases, so each keeps its
     * own name in summaries and exports; their configs keep their own keys (no Keras 1 renaming).
     */
    static List<LayerType<?>> kinds() {
        return CLASS_NAMES.stream().<LayerType<?>>map(n -> LayerKind.of(CustomLayerSpec.class, LrnForms::recognise, n)).toList();
    }

    /** A custom LRN layer from its own config, when its form is unambiguous. */
    static CustomLayerSpec recognise(LayerConfig c) {
        String cls = c.className().toLowerCase(Locale.ROOT);
        boolean pylearn2Class = PYLEARN2_CLASSES.contains(cls);
        if (c.has("depth_radius")) {
            return tf(c, "channels_last");
        }
        if (c.has("n") && pylearn2Class) {
            return pylearn2(c, "channels_first");
        }
        String mapping = suggestedMapping(c);
        if (c.has("n") || c.has("k")) {
            throw new ConfigException("a custom LRN layer configured by n/k/alpha/beta is ambiguous: the pylearn2 port"
                    + " (LRN, LRN2D) sums squares over n neighbouring channels (on axis 1 or on the last axis, depending"
                    + " on the copy), while 'Deep Learning with Python''s LocalResponseNormalization averages over an n×n"
                    + " spatial window; if it is the cross-channel form, map it: --custom-layer " + c.className() + "="
                    + mapping + " (add data_format=channels_first for the Theano-ordered copies)");
        }
        throw new ConfigException("this custom LRN layer's config names no parameters (depth_radius/bias/alpha/beta or"
                + " n/k/alpha/beta), so they are in its Python code; map it with the values that code uses, e.g."
                + " --custom-layer " + c.className() + "=" + mapping);
    }

    /**
     * An LRN from explicit arguments (a user's mapping), in whichever convention their keys name;
     * {@code data_format} chooses the channel axis (default channels_last).
     */
    static CustomLayerSpec fromArguments(LayerConfig args) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = args.json().fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        String layout = args.dataFormat();
        List<String> unknown = new ArrayList<>(keys);
        unknown.removeIf(k -> TF_KEYS.contains(k) || PYLEARN2_KEYS.contains(k) || CAFFE_KEYS.contains(k)
                || LAYOUT_KEYS.contains(k));
        if (!unknown.isEmpty()) {
            throw new ConfigException("lrn(...) takes depth_radius/bias/alpha/beta (TF), n/k/alpha/beta (pylearn2) or"
                    + " size|local_size/k/alpha/beta (Caffe, PyTorch), and data_format; not " + unknown);
        }
        boolean tf = keys.contains("depth_radius") || keys.contains("bias");
        boolean pylearn2 = keys.contains("n");
        boolean caffe = keys.contains("size") || keys.contains("local_size");
        if ((tf ? 1 : 0) + (pylearn2 ? 1 : 0) + (caffe ? 1 : 0) > 1) {
            throw new ConfigException("lrn(...) mixes conventions: use depth_radius/bias (TF), n/k (pylearn2) or"
                    + " size/k (Caffe, PyTorch), not " + keys);
        }
        if (pylearn2) {
            return pylearn2(args, layout);
        }
        if (caffe) {
            return caffe(args, layout);
        }
        return tf(args, layout);
    }

    private static CustomLayerSpec tf(LayerConfig c, String layout) {
        if (c.has("k")) {
            throw new ConfigException("LRN k goes with n (pylearn2) or size (Caffe, PyTorch); with depth_radius it is called bias");
        }
        return lrn(c.intValue(5, "depth_radius"), c.doubleValue(1.0, "bias"), c.doubleValue(1.0, "alpha"),
                c.doubleValue(0.5, "beta"), layoutOf(c, layout));
    }

    private static CustomLayerSpec pylearn2(LayerConfig c, String layout) {
        int n = c.intValue(5, "n");
        if (n < 1 || n % 2 == 0) {
            throw new ConfigException("LRN window n=" + n + " must be odd (the pylearn2 form centres it on the channel)");
        }
        return lrn(n / 2, c.doubleValue(2.0, "k"), c.doubleValue(1e-4, "alpha"), c.doubleValue(0.75, "beta"),
                layoutOf(c, layout));
    }

    private static CustomLayerSpec caffe(LayerConfig c, String layout) {
        int size = c.intValue(5, "local_size", "size");
        if (size < 1 || size % 2 == 0) {
            throw new ConfigException("LRN size=" + size + " must be odd (the window is centred on the channel)");
        }
        return lrn((size - 1) / 2, c.doubleValue(1.0, "k"), c.doubleValue(1e-4, "alpha") / size,
                c.doubleValue(0.75, "beta"), layoutOf(c, layout));
    }

    private static CustomLayerSpec lrn(int radius, double bias, double alpha, double beta, String layout) {
        if (radius < 0) {
            throw new ConfigException("LRN depth_radius must not be negative, found " + radius);
        }
        return new CustomLayerSpec(new LambdaOp.Lrn(radius, bias, alpha, beta), layout);
    }

    /** The config's own data_format / dim_ordering, else the form's. */
    private static String layoutOf(LayerConfig c, String fallback) {
        return c.has("data_format", "dim_ordering") ? c.dataFormat() : fallback;
    }

    /** The config's LRN values written as a mapping, for error messages. */
    private static String suggestedMapping(LayerConfig c) {
        ObjectNode json = (ObjectNode) c.json();
        StringBuilder b = new StringBuilder("lrn(");
        List<String> parts = new ArrayList<>();
        for (String k : List.of("depth_radius", "n", "size", "local_size", "bias", "k", "alpha", "beta")) {
            JsonNode v = json.get(k);
            if (v != null && v.isNumber()) {
                parts.add(k + "=" + java.math.BigDecimal.valueOf(v.asDouble()).stripTrailingZeros().toPlainString());
            }
        }
        if (parts.isEmpty()) {
            parts.add("depth_radius=2,bias=1,alpha=1e-4,beta=0.75");
        }
        return b.append(String.join(",", parts)).append(")").toString();
    }
}
