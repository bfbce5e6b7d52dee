package io.kerasj.runtime.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.KerasModels;
import io.kerasj.fill.FillRule;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.fixtures.SeedModelFiles;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every oracle seed model as its tf.keras 2.4 {@code .h5}, its Keras 3 {@code .keras} twin and its
 * SavedModel twin (exported from the .h5 model) declares the same parameter totals and predicts
 * the same on the oracle input — run as the IR (h5, keras, converted SavedModel) and by TensorFlow
 * as-is (SavedModel). All run the same TF kernels on the same weights, so outputs are expected
 * bit-identical; the test allows 1e-6 and prints what it observes. One seed per parameter, so at
 * most one AlexNet (230 MB of weights) is alive at a time.
 */
class FormatTwinsTest {

    @ParameterizedTest
    @ValueSource(strings = {"seed000_alexnet_functional", "seed001_alexnet_bn_147", "seed001_alexnet_bn_227",
        "seed002_alexnet_grouped_lrn", "seed003_mnist_lrn", "seed004_alexnet_bn_1000"})
    void twinsAgree(String seed) throws IOException {
        long t0 = System.nanoTime();
        KerasModel h5 = KerasModels.load(SeedModelFiles.fullH5(seed));
        FloatTensor x = FillRule.input(h5);
        long[] totals = totals(h5);
        FloatTensor expected = predict(h5, x);

        Path dir = Fixtures.workDir("format-twins").resolve(seed);
        SavedModelExport export = SavedModelExporter.export(h5, dir);
        h5 = null; // let the 230 MB of AlexNet weights go before the next twin loads

        StringBuilder line = new StringBuilder(seed).append(String.format(Locale.ROOT,
                ": export %d ms, %,d bytes, %d variables", export.millis(), export.bytes(), export.variables()));

        KerasModel keras = KerasModels.load(SeedModelFiles.keras(seed));
        assertEquals("keras", keras.source().format());
        assertTotals(totals, keras, ".keras");
        line.append(compare(".keras", expected, predict(keras, x)));
        keras = null;

        try (SavedModelPredictor asIs = SavedModelPredictor.load(dir)) {
            line.append(compare("SavedModel as-is", expected, asIs.predict(x)));
        }

        KerasModel converted = KerasModels.load(dir);
        assertEquals("savedmodel", converted.source().format());
        assertTotals(totals, converted, "SavedModel");
        line.append(compare("SavedModel converted", expected, predict(converted, x)));
        line.append(String.format(Locale.ROOT, "; %.1f s", (System.nanoTime() - t0) / 1e9));
        System.out.println(line);
        deleteTree(dir); // 230 MB per AlexNet: do not pile six of them up in the temp directory
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static FloatTensor predict(KerasModel m, FloatTensor x) {
        try (Predictor p = KerasRuntime.builder(m).build()) {
            return p.predict(x);
        }
    }

    private static long[] totals(KerasModel m) {
        return new long[] {m.totalParams(), m.trainableParams(), m.nonTrainableParams()};
    }

    private static void assertTotals(long[] expected, KerasModel m, String twin) {
        long[] actual = totals(m);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], twin + " totals (total, trainable, non-trainable)");
        }
    }

    /** Max abs difference to the .h5 prediction; fails above 1e-6, reports "bit-identical" when exact. */
    private static String compare(String twin, FloatTensor expected, FloatTensor actual) {
        assertEquals(expected.shape(), actual.shape(), twin + " output shape");
        double maxAbs = 0;
        boolean identical = true;
        for (int i = 0; i < expected.size(); i++) {
            float e = expected.get(i);
            float a = actual.get(i);
            identical &= Float.floatToRawIntBits(e) == Float.floatToRawIntBits(a);
            maxAbs = Math.max(maxAbs, Math.abs((double) a - e));
        }
        assertTrue(maxAbs <= 1e-6, twin + " differs from the .h5 twin by " + maxAbs);
        return "; " + twin + (identical ? " bit-identical" : String.format(Locale.ROOT, " max |diff| %.3g", maxAbs));
    }
}
