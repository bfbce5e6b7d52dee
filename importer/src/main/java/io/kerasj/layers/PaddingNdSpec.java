package io.kerasj.layers;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/**
 * Keras {@code ZeroPadding1D}/{@code 3D} (add zeros) and {@code Cropping1D}/{@code 3D} (remove):
 * {@code before[i]}/{@code after[i]} for spatial axis i. Config forms: an int, one int per axis,
 * or one (before, after) pair per axis; 1-D takes a single (before, after) pair. Keras 1's 1-D
 * forms are {@code padding} and {@code cropping} too.
 */
public record PaddingNdSpec(boolean crop, int[] before, int[] after, String dataFormat) implements LayerSpec {

    public static PaddingNdSpec parsePadding1D(LayerConfig c) {
        return parse1D(c, false, "padding");
    }

    public static PaddingNdSpec parseCropping1D(LayerConfig c) {
        return parse1D(c, true, "cropping");
    }

    public static PaddingNdSpec parsePadding3D(LayerConfig c) {
        return parse3D(c, false, "padding");
    }

    public static PaddingNdSpec parseCropping3D(LayerConfig c) {
        return parse3D(c, true, "cropping");
    }

    private static PaddingNdSpec parse1D(LayerConfig c, boolean crop, String key) {
        JsonNode v = c.find(key).orElse(null);
        int[] pair = v == null ? new int[] {1, 1} : c.tuple(v, 2, key);
        return checked(new PaddingNdSpec(crop, new int[] {pair[0]}, new int[] {pair[1]}, "channels_last"));
    }

    private static PaddingNdSpec parse3D(LayerConfig c, boolean crop, String key) {
        JsonNode v = c.find(key).orElse(null);
        int[] before = {1, 1, 1};
        int[] after = {1, 1, 1};
        if (v != null && v.isArray() && v.size() == 3 && v.get(0).isArray()) {
            for (int i = 0; i < 3; i++) {
                int[] pair = c.tuple(v.get(i), 2, key);
                before[i] = pair[0];
                after[i] = pair[1];
            }
        } else if (v != null) {
            before = c.tuple(v, 3, key);
            after = before.clone();
        }
        return checked(new PaddingNdSpec(crop, before, after, c.dataFormat()));
    }

    private static PaddingNdSpec checked(PaddingNdSpec s) {
        for (int i = 0; i < s.before.length; i++) {
            if (s.before[i] < 0 || s.after[i] < 0) {
                throw new ConfigException("amounts must be >= 0, found " + java.util.Arrays.toString(s.before)
                        + " / " + java.util.Arrays.toString(s.after));
            }
        }
        return s;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        int n = before.length;
        Shape in = SpatialAxes.requireRank(inputs, (crop ? "Cropping" : "ZeroPadding") + n + "D", n);
        int first = SpatialAxes.firstSpatialAxis(dataFormat);
        int sign = crop ? -1 : 1;
        Shape out = in;
        for (int i = 0; i < n; i++) {
            int d = in.dim(first + i);
            int size = d == Shape.UNKNOWN ? Shape.UNKNOWN : d + sign * (before[i] + after[i]);
            if (size != Shape.UNKNOWN && size <= 0) {
                throw new ShapeException("cropping leaves nothing of " + in);
            }
            out = out.withDim(first + i, size);
        }
        return List.of(out);
    }
}
