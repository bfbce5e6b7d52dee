package io.kerasj.runtime.data;

import io.kerasj.ir.Shape;

/**
 * A view of an image data set resized to another (H, W, C): bilinear with half-pixel centres, as
 * {@code tf.image.resize(..., "bilinear")} samples without antialiasing; a grey image feeds a
 * 3-channel input by repeating the grey value. Samples are resized as they are copied.
 */
public final class ResizedDataset implements Dataset {
    private final Dataset source;
    private final Shape target;
    private final float[] buffer;

    public ResizedDataset(Dataset source, Shape target) {
        Shape s = source.sampleShape();
        if (s.rank() != 3 || target.rank() != 3) {
            throw new IllegalArgumentException("resizing needs images (H, W, C), got " + s + " → " + target);
        }
        if (s.dim(2) != target.dim(2) && !(s.dim(2) == 1 && target.dim(2) == 3)) {
            throw new IllegalArgumentException("cannot turn " + s.dim(2) + " channel(s) into " + target.dim(2));
        }
        this.source = source;
        this.target = target;
        this.buffer = new float[source.sampleSize()];
    }

    @Override
    public int size() {
        return source.size();
    }

    @Override
    public Shape sampleShape() {
        return target;
    }

    @Override
    public int numClasses() {
        return source.numClasses();
    }

    @Override
    public int label(int index) {
        return source.label(index);
    }

    /** Not thread-safe: one source sample is staged in a shared buffer. */
    @Override
    public void copySample(int index, float[] out, int offset) {
        source.copySample(index, buffer, 0);
        int h = source.sampleShape().dim(0);
        int w = source.sampleShape().dim(1);
        int c = source.sampleShape().dim(2);
        int th = target.dim(0);
        int tw = target.dim(1);
        int tc = target.dim(2);
        for (int y = 0; y < th; y++) {
            double sy = Math.min(Math.max((y + 0.5) * h / th - 0.5, 0), h - 1);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, h - 1);
            double fy = sy - y0;
            for (int x = 0; x < tw; x++) {
                double sx = Math.min(Math.max((x + 0.5) * w / tw - 0.5, 0), w - 1);
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, w - 1);
                double fx = sx - x0;
                for (int k = 0; k < tc; k++) {
                    int ch = c == 1 ? 0 : k;
                    double top = buffer[(y0 * w + x0) * c + ch] * (1 - fx) + buffer[(y0 * w + x1) * c + ch] * fx;
                    double bottom = buffer[(y1 * w + x0) * c + ch] * (1 - fx) + buffer[(y1 * w + x1) * c + ch] * fx;
                    out[offset + (y * tw + x) * tc + k] = (float) (top * (1 - fy) + bottom * fy);
                }
            }
        }
    }

    @Override
    public String description() {
        return source.description() + " resized to " + target;
    }
}
