package io.kerasj.runtime.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.KerasModels;
import io.kerasj.export.ExportException;
import io.kerasj.fill.FillRule;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.io.ModelFormat;
import io.kerasj.io.ModelFormats;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Shape;
import io.kerasj.ir.Weight;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every importable model of the corpus exports to every format and imports back from it with
 * bit-identical weights and the same outputs (the bare JSON config: the same architecture) — or the
 * export is refused with a precise reason, and exactly those refusals are expected here.
 */
class EveryFormatRoundTripTest {
    /** Input size used for dimensions a model leaves open (fully convolutional models). */
    private static final int OPEN_DIM = 12;

    /** (model, format) → what the refusal must say; every other pair must round-trip. */
    private static final Map<String, String> REFUSALS = Map.of();

    @TempDir
    Path dir;

    /** The corpus' full models and config + weights pairs, its Keras 3 archive and a Keras SavedModel. */
    static List<String> models() {
        List<String> all = new ArrayList<>(Fixtures.CORPUS_MODELS);
        all.addAll(Fixtures.CORPUS_CONFIG_WEIGHTS);
        all.add("AKSHATV25__Handwritten-Digit-Recognizer-MNIST-CNN-/model.keras");
        all.add("SciSharp__TensorFlow.NET/test/TensorFlowNET.Keras.UnitTest/Assets/simple_model_from_auto_compile/saved_model.pb");
        return all;
    }

    @ParameterizedTest
    @MethodSource("models")
    void exportsToEveryFormatAndImportsBack(String source) throws Exception {
        KerasModel original = load(source);
        List<FloatTensor> inputs = inputs(original);
        List<FloatTensor> expected = run(original, inputs);
        Map<String, String> refused = new TreeMap<>();
        for (ModelFormat format : ModelFormats.all()) {
            Path out = dir.resolve(format.format()).resolve(outputName(format));
            Files.createDirectories(out.getParent());
            try {
                format.write(original, out);
            } catch (ExportException e) {
                refused.put(format.format(), e.getMessage());
                continue;
            }
            KerasModel back = KerasModels.load(out);
            String what = source + " as " + format.format();
            assertEquals(names(original), names(back), what);
            assertEquals(original.totalParams(), back.totalParams(), what);
            if (format.format().equals(ModelFormat.JSON)) {
                assertTrue(back.weights().stream().noneMatch(Weight::hasValue), "a bare config has no weights: " + what);
                continue;
            }
            assertWeightsIdentical(original, back, what);
            assertEquals(expected, run(back, inputs), "outputs of " + what);
        }
        Map<String, String> expectedRefusals = new TreeMap<>();
        REFUSALS.forEach((key, reason) -> {
            if (key.startsWith(source + " as ")) {
                expectedRefusals.put(key.substring(source.length() + 4), reason);
            }
        });
        assertEquals(expectedRefusals.keySet(), refused.keySet(), "refused: " + refused);
        expectedRefusals.forEach((f, reason) -> assertTrue(refused.get(f).contains(reason), refused.get(f)));
    }

    private static KerasModel load(String source) {
        if (source.contains("|")) {
            String[] parts = source.split("\\|");
            return KerasModels.load(Fixtures.corpus(parts[0]), Fixtures.corpus(parts[1]));
        }
        if (source.endsWith("saved_model.pb")) {
            String base = source.substring(0, source.length() - "saved_model.pb".length());
            for (String f : List.of("keras_metadata.pb", "fingerprint.pb", "variables/variables.index",
                    "variables/variables.data-00000-of-00001")) {
                Fixtures.corpus(base + f);
            }
            return KerasModels.load(Fixtures.corpus(source).getParent());
        }
        return KerasModels.load(Fixtures.corpus(source));
    }

    private static String outputName(ModelFormat f) {
        if (!f.extensions().isEmpty()) {
            return "model" + f.extensions().get(0);
        }
        return f.writesDirectory() ? "model" : "model." + f.format();
    }

    /** The oracle's deterministic batch of two for each input, open dimensions set to {@link #OPEN_DIM}. */
    private static List<FloatTensor> inputs(KerasModel m) {
        List<FloatTensor> in = new ArrayList<>();
        for (Shape s : m.inputShapes()) {
            int[] dims = s.featureDims();
            for (int i = 0; i < dims.length; i++) {
                dims[i] = dims[i] == Shape.UNKNOWN ? OPEN_DIM : dims[i];
            }
            in.add(FillRule.input(2, dims));
        }
        return in;
    }

    private static List<FloatTensor> run(KerasModel m, List<FloatTensor> inputs) {
        try (Predictor p = KerasRuntime.builder(m).build()) {
            return p.predict(inputs);
        }
    }

    /** Layer names, kinds and shapes; the class name may differ (Keras 3 writes Keras 1's Convolution2D as Conv2D). */
    private static List<String> names(KerasModel m) {
        return m.layers().stream().map(l -> l.name() + " " + l.spec().getClass().getSimpleName() + " " + l.outputShapes())
                .toList();
    }

    private static void assertWeightsIdentical(KerasModel a, KerasModel b, String what) {
        for (Layer la : a.layers()) {
            Layer lb = b.layer(la.name());
            assertEquals(la.weights().size(), lb.weights().size(), what + ": weights of " + la.name());
            for (int i = 0; i < la.weights().size(); i++) {
                Weight wa = la.weights().get(i);
                Weight wb = lb.weights().get(i);
                assertEquals(wa.spec(), wb.spec(), what + ": " + la.name());
                assertEquals(wa.value(), wb.value(), what + ": values of " + la.name() + "/" + wa.name());
            }
        }
    }
}
