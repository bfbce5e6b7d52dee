package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/**
 * Keras' image preprocessing layers that change the size: {@code Resizing} (bilinear or nearest,
 * as TF 2's {@code tf.image.resize}: half-pixel centres, no antialiasing) and {@code CenterCrop}
 * (offset {@code (size - target) // 2}; the input must be at least the target size).
 */
public record ResizingSpec(boolean crop, int height, int width, String interpolation, String dataFormat) implements LayerSpec {

    public static ResizingSpec parseResizing(LayerConfig c) {
        String interpolation = c.stringValue("bilinear", "interpolation");
        if (!interpolation.equals("bilinear") && !interpolation.equals("nearest")) {
            throw new ConfigException("interpolation '" + interpolation + "' is not supported (bilinear, nearest)");
        }
        if (c.boolValue(false, "crop_to_aspect_ratio") || c.boolValue(false, "pad_to_aspect_ratio")) {
            throw new ConfigException("crop_to_aspect_ratio / pad_to_aspect_ratio are not supported");
        }
        return build(c, false, interpolation);
    }

    public static ResizingSpec parseCenterCrop(LayerConfig c) {
        return build(c, true, "");
    }

    private static ResizingSpec build(LayerConfig c, boolean crop, String interpolation) {
        int h = c.requireInt("height");
        int w = c.requireInt("width");
        if (h <= 0 || w <= 0) {
            throw new ConfigException("height and width must be positive, found " + h + ", " + w);
        }
        return new ResizingSpec(crop, h, w, interpolation, c.dataFormat());
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = SpatialAxes.requireRank(inputs, crop ? "CenterCrop" : "Resizing", 2);
        int r = SpatialAxes.firstSpatialAxis(dataFormat);
        if (crop && ((in.dim(r) != Shape.UNKNOWN && in.dim(r) < height) || (in.dim(r + 1) != Shape.UNKNOWN && in.dim(r + 1) < width))) {
            throw new ShapeException("CenterCrop to " + height + "x" + width + " needs an input at least that large, got " + in);
        }
        return List.of(in.withDim(r, height).withDim(r + 1, width));
    }

    @Override
    public String detail() {
        return height + "x" + width + (interpolation.isEmpty() ? "" : " " + interpolation);
    }
}
