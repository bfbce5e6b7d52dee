package io.kerasj.runtime.data;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.Shape;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Pictures as samples of a model's image input, the way {@code kerasj predict --image} feeds them
 * (and the Spark transformer, which must give the same numbers): each image is resized (bilinear,
 * aspect ratio not kept) to the input's height and width, read as RGB (3 channels) or luminance
 * {@code 0.299 R + 0.587 G + 0.114 B} (1 channel), and multiplied by {@code scale}. Samples are
 * NHWC for channels-last inputs, NCHW when the model wants channels first; either way one sample
 * is a contiguous run of {@link #sampleSize()} floats.
 */
public final class ImageSamples {
    /** Images are decoded only when their header says they are at most this many pixels. */
    private static final long MAX_PIXELS = 64L * 1024 * 1024;

    private final int height;
    private final int width;
    private final int channels;
    private final boolean channelsFirst;
    private final double scale;

    private ImageSamples(int height, int width, int channels, boolean channelsFirst, double scale) {
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.channelsFirst = channelsFirst;
        this.scale = scale;
    }

    /**
     * @param modelInput the model's input shape, batch first (rank 4, 1 or 3 channels, fixed size)
     * @throws IllegalArgumentException when the input is not such an image
     */
    public static ImageSamples forInput(Shape modelInput, double scale) {
        if (modelInput.rank() != 4) {
            throw new IllegalArgumentException("images need a model with an image input (rank 4), this one takes " + modelInput);
        }
        boolean channelsFirst = !isChannels(modelInput.dim(3)) && isChannels(modelInput.dim(1));
        int h = channelsFirst ? modelInput.dim(2) : modelInput.dim(1);
        int w = channelsFirst ? modelInput.dim(3) : modelInput.dim(2);
        int c = channelsFirst ? modelInput.dim(1) : modelInput.dim(3);
        if (h <= 0 || w <= 0 || !isChannels(c)) {
            throw new IllegalArgumentException("the model input " + modelInput + " is not an image of 1 or 3 channels with a fixed size");
        }
        return new ImageSamples(h, w, c, channelsFirst, scale);
    }

    private static boolean isChannels(int d) {
        return d == 1 || d == 3;
    }

    /** Floats per sample: height × width × channels. */
    public int sampleSize() {
        return height * width * channels;
    }

    /** The shape of a batch of {@code n} samples. */
    public Shape batchShape(int n) {
        return channelsFirst ? Shape.of(n, channels, height, width) : Shape.of(n, height, width, channels);
    }

    /** Image files as one batch. */
    public FloatTensor batch(List<Path> files) {
        int n = files.size();
        float[] data = new float[Math.multiplyExact(n, sampleSize())];
        for (int i = 0; i < n; i++) {
            write(read(files.get(i)), data, i);
        }
        return FloatTensor.wrap(batchShape(n), data);
    }

    /** Resizes {@code img} and writes it as sample {@code index} of the batch array {@code out}. */
    public void write(BufferedImage img, float[] out, int index) {
        BufferedImage resized = resized(img, width, height);
        int base = index * sampleSize();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = resized.getRGB(x, y);
                float r = (rgb >> 16) & 0xff;
                float g = (rgb >> 8) & 0xff;
                float b = rgb & 0xff;
                if (channels == 3) {
                    out[base + offset(y, x, 0)] = (float) (r * scale);
                    out[base + offset(y, x, 1)] = (float) (g * scale);
                    out[base + offset(y, x, 2)] = (float) (b * scale);
                } else {
                    out[base + offset(y, x, 0)] = (float) ((0.299f * r + 0.587f * g + 0.114f * b) * scale);
                }
            }
        }
    }

    private int offset(int y, int x, int k) {
        return channelsFirst ? (k * height + y) * width + x : (y * width + x) * channels + k;
    }

    /**
     * Reads an image file.
     *
     * @throws KerasImportException when it is not an image Java can decode
     */
    public static BufferedImage read(Path file) {
        if (!Files.exists(file)) {
            throw new KerasImportException(file, null, "no such file or directory");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return decode(in);
        } catch (IllegalArgumentException e) {
            throw new KerasImportException(file, null, e.getMessage());
        } catch (IOException e) {
            throw new KerasImportException(file, "cannot read image: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes encoded image bytes (PNG, JPEG, BMP, GIF).
     *
     * @throws IllegalArgumentException when they are not an image Java can decode, or one larger
     *     than 64 Mi pixels (checked in the header, before any pixel is allocated)
     */
    public static BufferedImage decode(byte[] encoded) {
        try {
            return decode(new ByteArrayInputStream(encoded));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot decode the image: " + e.getMessage(), e);
        }
    }

    private static BufferedImage decode(InputStream bytes) throws IOException {
        // cached in memory: ImageIO's default stream for an InputStream writes a temporary file per image
        try (ImageInputStream in = new MemoryCacheImageInputStream(bytes)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IllegalArgumentException("not an image format Java can read (PNG, JPEG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new IllegalArgumentException("image of " + reader.getWidth(0) + "x" + reader.getHeight(0)
                            + " pixels is larger than the " + MAX_PIXELS + " accepted");
                }
                return reader.read(0);
            } catch (RuntimeException e) {
                if (e instanceof IllegalArgumentException) {
                    throw e;
                }
                // decoders throw unchecked exceptions on damaged data too
                throw new IllegalArgumentException("cannot decode the image: " + e, e);
            } finally {
                reader.dispose();
            }
        }
    }

    private static BufferedImage resized(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
