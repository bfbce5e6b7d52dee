package io.kerasj.bench;

import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Node;
import io.kerasj.ir.Shape;
import io.kerasj.layers.Conv2DSpec;
import io.kerasj.layers.DenseSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Floating-point operations per image of a model's inference, from the IR: the multiply-adds of
 * Conv2D and Dense layers × 2, the work a matrix-multiply bound applies to. Pooling,
 * normalisation and activations are not counted (they are memory-bound and small beside these).
 *
 * @param perImage FLOPs for one image
 * @param uncounted layers of other kinds with a kernel (depthwise, recurrent...), whose work is left
 *     out (the count is then a lower bound)
 */
public record ModelFlops(long perImage, List<String> uncounted) {

    public ModelFlops {
        uncounted = List.copyOf(uncounted);
    }

    public static ModelFlops of(KerasModel model) {
        long flops = 0;
        List<String> uncounted = new ArrayList<>();
        for (Layer layer : model.layers()) {
            for (Node node : layer.nodes()) {
                if (layer.spec() instanceof Conv2DSpec c) {
                    Shape in = node.inputShapes().get(0);
                    int cin = in.dim("channels_first".equals(c.dataFormat()) ? 1 : in.rank() - 1);
                    long macsPerOutput = (long) c.kernelSize()[0] * c.kernelSize()[1] * (cin / c.groups());
                    flops += 2 * node.outputShapes().get(0).featureSize() * macsPerOutput;
                } else if (layer.spec() instanceof DenseSpec) {
                    flops += 2 * node.outputShapes().get(0).featureSize() * node.inputShapes().get(0).dim(-1);
                } else if (layer.weights().stream().anyMatch(w -> w.name().contains("kernel")) && !uncounted.contains(layer.name())) {
                    uncounted.add(layer.name());
                }
            }
        }
        return new ModelFlops(flops, uncounted);
    }

    public double gflopPerImage() {
        return perImage / 1e9;
    }
}
