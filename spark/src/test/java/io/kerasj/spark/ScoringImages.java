package io.kerasj.spark;

import io.kerasj.KerasModels;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.FloatTensor;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.data.IdxFile;
import io.kerasj.runtime.data.ImageSamples;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * A folder of images to score and what a single-JVM {@link Predictor} gives for them — the
 * reference every Spark result is compared with bit for bit. Real
 * Fashion-MNIST test images (grey 28×28 PNGs), colour pictures of other sizes (PNG and JPEG, so
 * the resize and the luminance conversion run) and files that are not images.
 */
final class ScoringImages {
    /** The small real Keras 3 model (an MNIST CNN, 28×28×1 input, 10 classes) of the bundled corpus. */
    static final Path MODEL = Fixtures.corpus("AKSHATV25__Handwritten-Digit-Recognizer-MNIST-CNN-/model.keras");
    static final Path FASHION_TEST = Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");
    static final List<String> BAD = List.of("not-an-image.png", "truncated.png");

    final Path dir;
    final List<String> names = new ArrayList<>();

    private ScoringImages(Path dir) {
        this.dir = dir;
    }

    static ScoringImages write(Path dir, int fashionCount) {
        ScoringImages s = new ScoringImages(dir);
        try {
            IdxFile idx = IdxFile.read(FASHION_TEST, fashionCount);
            for (int i = 0; i < fashionCount; i++) {
                BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
                img.getRaster().setDataElements(0, 0, 28, 28, Arrays.copyOfRange(idx.data(), i * 784, (i + 1) * 784));
                ImageIO.write(img, "png", dir.resolve(String.format("fashion%04d.png", i)).toFile());
            }
            Random r = new Random(7);
            for (int i = 0; i < 4; i++) {
                BufferedImage img = new BufferedImage(40 + 9 * i, 33 + 5 * i, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = img.createGraphics();
                for (int k = 0; k < 12; k++) {
                    g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
                    g.fillOval(r.nextInt(img.getWidth()), r.nextInt(img.getHeight()), 5 + r.nextInt(20), 5 + r.nextInt(20));
                }
                g.dispose();
                ImageIO.write(img, i % 2 == 0 ? "png" : "jpg", dir.resolve("colour" + i + (i % 2 == 0 ? ".png" : ".jpg")).toFile());
            }
            Files.writeString(dir.resolve(BAD.get(0)), "plain text, not a picture");
            byte[] png = Files.readAllBytes(dir.resolve("colour0.png"));
            Files.write(dir.resolve(BAD.get(1)), Arrays.copyOf(png, png.length / 3));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (var files = Files.list(dir)) {
            files.map(f -> f.getFileName().toString()).sorted().forEach(s.names::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s;
    }

    /**
     * What a single-JVM predictor gives for each file when the files are scored in these batches
     * (TensorFlow's kernels may round the last bits differently for another batch size, so the
     * reference takes the batches Spark made); null for a file that is not an image.
     */
    Map<String, float[]> expected(Predictor p, List<List<String>> batches) {
        ImageSamples samples = ImageSamples.forInput(p.inputShapes().get(0), 1.0 / 255);
        Map<String, float[]> out = new TreeMap<>();
        for (List<String> batch : batches) {
            List<String> good = batch.stream().filter(n -> !BAD.contains(n)).toList();
            batch.stream().filter(BAD::contains).forEach(n -> out.put(n, null));
            if (!good.isEmpty()) {
                FloatTensor y = p.predict(samples.batch(good.stream().map(dir::resolve).toList()));
                int per = y.size() / good.size();
                float[] all = y.toArray();
                for (int i = 0; i < good.size(); i++) {
                    out.put(good.get(i), Arrays.copyOfRange(all, i * per, (i + 1) * per));
                }
            }
        }
        return out;
    }

    /** A predictor of {@link #MODEL} in this JVM. */
    static Predictor predictor() {
        return KerasRuntime.builder(KerasModels.load(MODEL)).build();
    }

    static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /** Bit patterns, so that the comparison is exact (and NaN-safe). */
    static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }

}
