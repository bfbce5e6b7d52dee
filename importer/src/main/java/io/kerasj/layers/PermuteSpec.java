package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/** Keras {@code Permute}: 1-based dimension order, batch excluded. */
public record PermuteSpec(int[] dims) implements LayerSpec {

    public static PermuteSpec parse(LayerConfig c) {
        int[] dims = c.intList("dims").stream().mapToInt(Integer::intValue).toArray();
        boolean[] seen = new boolean[dims.length + 1];
        for (int d : dims) {
            if (d < 1 || d > dims.length || seen[d]) {
                throw new ConfigException("dims " + java.util.Arrays.toString(dims) + " is not a permutation of 1.." + dims.length);
            }
            seen[d] = true;
        }
        return new PermuteSpec(dims);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = ShapeException.single(inputs, "Permute");
        if (in.rank() != dims.length + 1) {
            throw new ShapeException("Permute" + java.util.Arrays.toString(dims) + " needs rank " + (dims.length + 1) + ", got " + in);
        }
        int[] out = new int[in.rank()];
        out[0] = in.dim(0);
        for (int i = 0; i < dims.length; i++) {
            out[i + 1] = in.dim(dims[i]);
        }
        return List.of(Shape.of(out));
    }
}
