package io.kerasj.runtime.breadth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.KerasModels;
import io.kerasj.export.KerasArchiveWriter;
import io.kerasj.export.LegacyH5Writer;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Shape;
import io.kerasj.ir.Weight;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.parity.Dl4jReference;
import io.kerasj.runtime.parity.ParityChecker;
import io.kerasj.runtime.parity.ParityReport;
import io.kerasj.runtime.parity.Reference;
import io.kerasj.runtime.parity.Tolerance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 48 Keras 2.3.1 Conv1D models of the layer-breadth corpus (kernel 2–4, stride 1–3, dilation
 * 1–2, same/valid, channels_last/first) reproduce Keras' own recorded outputs at 1e-5, and each
 * one exports to .h5 and .keras and re-imports with bit-identical weights and predictions.
 */
class Conv1DCorpusTest {
    static final String DIR = "KonduitAI__dl4j-test-resources/src/main/resources/modelimport/keras/examples/conv1d/";

    static Stream<String> models() {
        List<String> names = new ArrayList<>();
        for (int k = 2; k <= 4; k++) {
            for (String sd : List.of("s1_d1", "s1_d2", "s2_d1", "s3_d1")) {
                for (String df : List.of("cf", "cl")) {
                    for (String p : List.of("same", "valid")) {
                        names.add("conv1d_k" + k + "_" + sd + "_" + df + "_" + p);
                    }
                }
            }
        }
        return names.stream();
    }

    @ParameterizedTest
    @MethodSource("models")
    void matchesKerasAndSurvivesExport(String name) throws Exception {
        KerasModel model = KerasModels.load(Fixtures.corpus(DIR + name + "_model.h5"));
        Layer conv = model.layer("conv0");
        int k = Integer.parseInt(name.substring(8, 9));
        assertEquals(Shape.of(k, 3, 4), conv.weight("kernel").spec().shape());
        assertEquals((long) k * 3 * 4 + 4, model.totalParams());
        Path ref = Fixtures.corpus(DIR + name + "_inputs_and_outputs.h5");
        FloatTensor expected = verify(model, ref);
        assertEquals(expected.shape(), conv.outputShape().withBatch(expected.shape().dim(0)));

        Path out = Fixtures.workDir("conv1d-export").resolve(name);
        java.nio.file.Files.createDirectories(out);
        LegacyH5Writer.forModel(model).writeModel(model, out.resolve("m.h5"));
        new KerasArchiveWriter().write(model, out.resolve("m.keras"));
        for (String f : List.of("m.h5", "m.keras")) {
            KerasModel back = KerasModels.load(out.resolve(f));
            assertSameWeights(model, back, f);
            verify(back, ref);
        }
    }

    /** Runs the DL4J reference through the parity checker at 1e-5; returns Keras' prediction. */
    static FloatTensor verify(KerasModel model, Path ref) {
        try (Predictor p = KerasRuntime.builder(model).build()) {
            Reference r = Dl4jReference.read(ref, p.inputNames(), p.outputNames());
            ParityReport report = new ParityChecker(new Tolerance(1e-5, 0), new Tolerance(1e-5, 0)).check(p, r);
            assertTrue(report.passed(), report.toText());
            assertTrue(report.checks().size() >= 1);
            double worst = report.checks().stream().mapToDouble(c -> c.maxAbsError()).max().orElse(Double.NaN);
            System.out.printf("%s: %d checks, max |kerasj - Keras| %.1e%n", ref.getFileName(), report.checks().size(), worst);
            return r.outputs().get(0).values();
        }
    }

    static void assertSameWeights(KerasModel a, KerasModel b, String what) {
        List<Weight> wa = a.weights();
        List<Weight> wb = b.weights();
        assertEquals(wa.size(), wb.size(), what);
        for (int i = 0; i < wa.size(); i++) {
            assertEquals(wa.get(i).value().shape(), wb.get(i).value().shape(), what);
            assertArrayEquals(wa.get(i).value().toArray(), wb.get(i).value().toArray(), 0f, what + " weight " + i);
        }
    }
}
