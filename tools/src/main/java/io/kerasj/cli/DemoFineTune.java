package io.kerasj.cli;

import io.kerasj.KerasModels;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.data.ByteImageDataset;
import io.kerasj.runtime.data.IdxDatasets;
import io.kerasj.runtime.train.FineTune;
import io.kerasj.runtime.train.History;
import io.kerasj.runtime.train.Optimizer;
import io.kerasj.runtime.train.Trainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The demo's proof on real data: a model is trained on the 1,200 Fashion-MNIST images the jar
 * bundles (io/kerasj/demo, MIT licence), measured on 300 held-out ones, saved as a Keras 3
 * {@code .keras}, read back, and the re-imported model must predict exactly what the trained one did.
 */
final class DemoFineTune {
    /** Held-out accuracy the demo requires: well above chance (10%) after three short epochs. */
    static final double REQUIRED_ACCURACY = 0.45;
    private static final int EPOCHS = 3;
    private static final String DATA = "/io/kerasj/demo/";

    private DemoFineTune() {
    }

    static boolean run(PrintWriter w, KerasModel model, Path dir) throws IOException {
        Path data = Files.createDirectories(dir.resolve("fashion-mnist"));
        for (String part : List.of("train", "test")) {
            for (String kind : List.of("images-idx3", "labels-idx1")) {
                copy("fashion-" + part + "-" + kind + "-ubyte.gz", data);
            }
        }
        Shape sample = Shape.of(model.inputShapes().get(0).featureDims());
        ByteImageDataset train = IdxDatasets.load(data.resolve("fashion-train-images-idx3-ubyte.gz"), null, sample,
                1f / 255, Integer.MAX_VALUE);
        ByteImageDataset test = IdxDatasets.load(data.resolve("fashion-test-images-idx3-ubyte.gz"), null, sample,
                1f / 255, Integer.MAX_VALUE);
        w.printf(Locale.ROOT, "   %d training and %d held-out images (28x28, zero-padded to the model's %s), Adam with"
                + " Keras defaults, batch 32, %d epochs, seed 7%n", train.size(), test.size(), sample, EPOCHS);
        KerasModel trained;
        double before;
        double after;
        try (Trainer t = FineTune.builder(model).optimizer(Optimizer.adam()).batchSize(32).epochs(EPOCHS).seed(7)
                .listener(new KerasProgress(w, false)).build()) {
            before = t.evaluate(test).accuracy();
            History h = t.fit(train, test);
            after = h.last().valAccuracy();
            trained = t.model();
        }
        boolean learned = after >= REQUIRED_ACCURACY;
        w.printf(Locale.ROOT, "   held-out accuracy %.3f (before training %.3f, chance 0.100, required %.2f): %s%n", after,
                before, REQUIRED_ACCURACY, learned ? "learned" : "DID NOT LEARN");

        Path keras = dir.resolve("seed003_fashion.keras");
        KerasModels.save(trained, keras);
        KerasModel back = KerasModels.load(keras);
        int n = 8;
        float[] values = new float[n * test.sampleSize()];
        for (int i = 0; i < n; i++) {
            test.copySample(i, values, i * test.sampleSize());
        }
        int[] dims = new int[sample.rank() + 1];
        dims[0] = n;
        System.arraycopy(sample.dims(), 0, dims, 1, sample.rank());
        FloatTensor x = FloatTensor.wrap(Shape.of(dims), values);
        double worst;
        try (Predictor a = KerasRuntime.builder(trained).build(); Predictor b = KerasRuntime.builder(back).build()) {
            FloatTensor ya = a.predict(x);
            FloatTensor yb = b.predict(x);
            worst = 0;
            for (int i = 0; i < ya.size(); i++) {
                worst = Math.max(worst, Math.abs(ya.get(i) - yb.get(i)));
            }
        }
        boolean same = worst == 0;
        w.printf(Locale.ROOT, "   saved as %s (%,d bytes), re-imported: predictions %s%n", keras.getFileName(), Files.size(keras),
                same ? "identical" : "DIFFER by " + worst);
        return learned && same;
    }

    private static void copy(String name, Path dir) throws IOException {
        try (InputStream in = DemoFineTune.class.getResourceAsStream(DATA + name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("the kerasj jar lacks its demo data " + DATA + name));
            }
            Files.copy(in, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
