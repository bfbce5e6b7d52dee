package io.kerasj.spark;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * A row of Spark's {@code image} data source back as the picture Java's ImageIO decoded: the
 * source stores 8-bit grey as raw samples, colour as B,G,R(,A) bytes row by row. Rebuilding the
 * image type ImageIO gives those files (grey, 3-byte BGR, 4-byte ABGR) makes the resize, and so the
 * model input, the same as {@code kerasj predict --image} on the file.
 */
final class SparkImages {
    private SparkImages() {
    }

    /**
     * @param h the row's {@code height}, {@code w} its {@code width}, {@code c} its {@code nChannels}
     * @param data its {@code data}, {@code origin} its {@code origin}
     * @throws IllegalArgumentException for a row the image source could not decode, or a layout
     *     other than 8-bit grey, BGR or BGRA
     */
    static BufferedImage toImage(int h, int w, int c, byte[] data, String origin) {
        if (h <= 0 || w <= 0 || c <= 0) {
            throw new IllegalArgumentException("Spark's image source could not decode " + origin);
        }
        if ((long) h * w * c != data.length) {
            throw new IllegalArgumentException("image " + origin + " claims " + w + "x" + h + "x" + c + " but holds "
                    + data.length + " bytes (only 8-bit images are supported)");
        }
        switch (c) {
            case 1 -> {
                BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
                System.arraycopy(data, 0, bytes(img), 0, data.length);
                return img;
            }
            case 3 -> {
                // TYPE_3BYTE_BGR keeps B,G,R per pixel, as the source does
                BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
                System.arraycopy(data, 0, bytes(img), 0, data.length);
                return img;
            }
            case 4 -> {
                // the source keeps B,G,R,A; TYPE_4BYTE_ABGR keeps A,B,G,R
                BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_4BYTE_ABGR);
                byte[] out = bytes(img);
                for (int i = 0; i < data.length; i += 4) {
                    out[i] = data[i + 3];
                    out[i + 1] = data[i];
                    out[i + 2] = data[i + 1];
                    out[i + 3] = data[i + 2];
                }
                return img;
            }
            default -> throw new IllegalArgumentException("image " + origin + " has " + c + " channels; 1, 3 or 4 expected");
        }
    }

    private static byte[] bytes(BufferedImage img) {
        return ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    }
}
