package io.kerasj.onnx.export;

import io.kerasj.onnx.proto.Onnx.ModelProto;
import io.kerasj.onnx.proto.Onnx.StringStringEntryProto;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which ONNX value holds each Keras layer's output (and in which stored layout), kept in the
 * file's metadata so an exported .onnx file still answers per-layer questions when run as-is.
 * One line per layer: {@code layer <TAB> value <TAB> perm} (perm empty for Keras' layout).
 */
public final class LayerOutputs {
    /** The metadata key. */
    public static final String KEY = "kerasj.layer_outputs";

    private final Map<String, OnnxValue> byLayer;

    public LayerOutputs(Map<String, OnnxValue> byLayer) {
        this.byLayer = Collections.unmodifiableMap(new LinkedHashMap<>(byLayer));
    }

    /** Layer path (nested as {@code outer/inner}) → value, in model order. */
    public Map<String, OnnxValue> byLayer() {
        return byLayer;
    }

    public String encode() {
        StringBuilder sb = new StringBuilder();
        byLayer.forEach((layer, v) -> {
            sb.append(layer).append('\t').append(v.name()).append('\t');
            if (v.perm() != null) {
                for (int k = 0; k < v.perm().length; k++) {
                    sb.append(k == 0 ? "" : ",").append(v.perm()[k]);
                }
            }
            sb.append('\n');
        });
        return sb.toString();
    }

    /** The map a kerasj export stored in {@code model}; empty for other producers' files or damaged entries. */
    public static LayerOutputs of(ModelProto model) {
        Map<String, OnnxValue> m = new LinkedHashMap<>();
        for (StringStringEntryProto e : model.getMetadataPropsList()) {
            if (!KEY.equals(e.getKey())) {
                continue;
            }
            for (String line : e.getValue().split("\n")) {
                String[] f = line.split("\t", -1);
                if (f.length != 3) {
                    continue;
                }
                int[] perm = f[2].isEmpty() ? null : parsePerm(f[2]);
                if (f[2].isEmpty() || perm != null) {
                    m.put(f[0], new OnnxValue(f[1], perm));
                }
            }
        }
        return new LayerOutputs(m);
    }

    private static int[] parsePerm(String text) {
        String[] p = text.split(",");
        int[] perm = new int[p.length];
        boolean[] seen = new boolean[p.length];
        for (int k = 0; k < p.length; k++) {
            try {
                perm[k] = Integer.parseInt(p[k]);
            } catch (NumberFormatException e) {
                return null;
            }
            if (perm[k] < 0 || perm[k] >= p.length || seen[perm[k]]) {
                return null;
            }
            seen[perm[k]] = true;
        }
        return perm;
    }
}
