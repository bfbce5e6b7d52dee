package io.kerasj.layers;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/**
 * Keras {@code ZeroPadding2D} (adds) and {@code Cropping2D} (removes) rows and columns:
 * {@code amounts} = top, bottom, left, right. Config forms: int, (rows, cols), ((t, b), (l, r)).
 */
public record Padding2DSpec(boolean crop, int[] amounts, String dataFormat) implements LayerSpec {

    public static Padding2DSpec parsePadding(LayerConfig c) {
        return new Padding2DSpec(false, amounts(c, "padding"), c.dataFormat());
    }

    public static Padding2DSpec parseCropping(LayerConfig c) {
        return new Padding2DSpec(true, amounts(c, "cropping"), c.dataFormat());
    }

    private static int[] amounts(LayerConfig c, String key) {
        JsonNode v = c.find(key).orElse(null);
        if (v == null) {
            return crop(key) ? new int[4] : new int[] {1, 1, 1, 1};
        }
        if (v.isIntegralNumber()) {
            int p = v.asInt();
            return new int[] {p, p, p, p};
        }
        if (v.isArray() && v.size() == 2 && v.get(0).isIntegralNumber()) {
            int[] rc = c.tuple(v, 2, key);
            return new int[] {rc[0], rc[0], rc[1], rc[1]};
        }
        if (v.isArray() && v.size() == 2 && v.get(0).isArray()) {
            int[] rows = c.tuple(v.get(0), 2, key);
            int[] cols = c.tuple(v.get(1), 2, key);
            return new int[] {rows[0], rows[1], cols[0], cols[1]};
        }
        if (v.isArray() && v.size() == 4) {
            return c.tuple(v, 4, key);
        }
        throw new ConfigException("'" + key + "' should be an int, two ints or two pairs, found " + v);
    }

    private static boolean crop(String key) {
        return key.equals("cropping");
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = ShapeException.rank(inputs, crop ? "Cropping2D" : "ZeroPadding2D", 4);
        int sign = crop ? -1 : 1;
        int r = SpatialGeometry.rowAxis(dataFormat);
        int rows = in.dim(r) == Shape.UNKNOWN ? Shape.UNKNOWN : in.dim(r) + sign * (amounts[0] + amounts[1]);
        int cols = in.dim(r + 1) == Shape.UNKNOWN ? Shape.UNKNOWN : in.dim(r + 1) + sign * (amounts[2] + amounts[3]);
        if ((rows != Shape.UNKNOWN && rows <= 0) || (cols != Shape.UNKNOWN && cols <= 0)) {
            throw new ShapeException("cropping " + java.util.Arrays.toString(amounts) + " leaves nothing of " + in);
        }
        return List.of(in.withDim(r, rows).withDim(r + 1, cols));
    }
}
