package io.kerasj.cli;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.Shape;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Image files as one model input batch: each image is resized (bilinear) to the model's input
 * height and width, read as RGB (3 channels) or luminance (1 channel), and scaled by
 * {@code scale}. NHWC for channels-last inputs, NCHW when the model wants channels first.
 */
final class ImageBatch {
    private ImageBatch() {
    }

    static FloatTensor load(List<Path> files, Shape modelInput, double scale) {
        if (modelInput.rank() != 4) {
            throw new IllegalArgumentException("--image needs a model with an image input (rank 4), this one takes " + modelInput);
        }
        boolean channelsFirst = !isChannels(modelInput.dim(3)) && isChannels(modelInput.dim(1));
        int h = channelsFirst ? modelInput.dim(2) : modelInput.dim(1);
        int w = channelsFirst ? modelInput.dim(3) : modelInput.dim(2);
        int c = channelsFirst ? modelInput.dim(1) : modelInput.dim(3);
        if (h <= 0 || w <= 0 || !isChannels(c)) {
            throw new IllegalArgumentException("the model input " + modelInput + " is not an image of 1 or 3 channels with a fixed size");
        }
        int n = files.size();
        float[] data = new float[Math.multiplyExact(Math.multiplyExact(n, h), Math.multiplyExact(w, c))];
        for (int i = 0; i < n; i++) {
            BufferedImage img = resized(read(files.get(i)), w, h);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = img.getRGB(x, y);
                    float r = (rgb >> 16) & 0xff;
                    float g = (rgb >> 8) & 0xff;
                    float b = rgb & 0xff;
                    float[] px = c == 3 ? new float[] {r, g, b} : new float[] {0.299f * r + 0.587f * g + 0.114f * b};
                    for (int k = 0; k < c; k++) {
                        int idx = channelsFirst ? ((i * c + k) * h + y) * w + x : ((i * h + y) * w + x) * c + k;
                        data[idx] = (float) (px[k] * scale);
                    }
                }
            }
        }
        Shape shape = channelsFirst ? Shape.of(n, c, h, w) : Shape.of(n, h, w, c);
        return FloatTensor.wrap(shape, data);
    }

    private static boolean isChannels(int d) {
        return d == 1 || d == 3;
    }

    private static BufferedImage read(Path file) {
        if (!java.nio.file.Files.exists(file)) {
            throw new KerasImportException(file, null, "no such file or directory");
        }
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new KerasImportException(file, null, "not an image format Java can read (PNG, JPEG, BMP, GIF)");
            }
            return img;
        } catch (IOException e) {
            throw new KerasImportException(file, "cannot read image: " + e.getMessage(), e);
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
