package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import java.util.List;

/**
 * Keras {@code UpSampling1D}/{@code 2D}/{@code 3D}: every spatial axis grows by its integer factor.
 * {@code nearest} repeats values (the same under every resize convention for integer factors);
 * {@code bilinear} (2-D only) interpolates as the saving Keras did: TF 2's {@code tf.image.resize}
 * (half-pixel centres) for tf.keras ({@code -tf} versions, 2.4+) and Keras 3, TF 1's
 * {@code resize_bilinear} (corner-aligned sampling {@code src = dst / factor}) for standalone
 * Keras before 2.4 and Keras 1.
 */
public record UpSamplingSpec(int[] size, String dataFormat, String interpolation, boolean halfPixelCenters)
        implements LayerSpec {

    public static UpSamplingSpec parse1D(LayerConfig c) {
        // Keras 1: length; 1-D upsampling has no data_format (always (steps, features))
        return build(c, c.intTuple(1, new int[] {2}, "size", "length"), "channels_last");
    }

    public static UpSamplingSpec parse2D(LayerConfig c) {
        return build(c, c.intTuple(2, new int[] {2, 2}, "size"), c.dataFormat());
    }

    public static UpSamplingSpec parse3D(LayerConfig c) {
        return build(c, c.intTuple(3, new int[] {2, 2, 2}, "size"), c.dataFormat());
    }

    private static UpSamplingSpec build(LayerConfig c, int[] size, String dataFormat) {
        for (int s : size) {
            if (s <= 0) {
                throw new ConfigException("size must be positive, found " + java.util.Arrays.toString(size));
            }
        }
        String interpolation = c.stringValue("nearest", "interpolation");
        if (!interpolation.equals("nearest") && !(interpolation.equals("bilinear") && size.length == 2)) {
            throw new ConfigException("interpolation '" + interpolation + "' is not supported (nearest"
                    + (size.length == 2 ? ", bilinear)" : ")"));
        }
        return new UpSamplingSpec(size, dataFormat, interpolation, halfPixelCenters(c));
    }

    /** tf.keras in TF 2 and Keras 3 resize with half-pixel centres; older Keras with TF 1's convention. */
    static boolean halfPixelCenters(LayerConfig c) {
        if (c.kerasMajor() == 1) {
            return false;
        }
        if (c.kerasMajor() != 2) {
            return true;
        }
        String v = c.kerasVersion();
        if (v.endsWith("-tf")) {
            return true;
        }
        String[] parts = v.split("\\.");
        try {
            return parts.length >= 2 && Integer.parseInt(parts[1]) >= 4;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = SpatialAxes.requireRank(inputs, "UpSampling" + size.length + "D", size.length);
        int first = SpatialAxes.firstSpatialAxis(dataFormat);
        Shape out = in;
        for (int i = 0; i < size.length; i++) {
            int d = in.dim(first + i);
            out = out.withDim(first + i, d == Shape.UNKNOWN ? Shape.UNKNOWN : d * size[i]);
        }
        return List.of(out);
    }

    @Override
    public String detail() {
        return interpolation.equals("nearest") ? "" : interpolation;
    }
}
