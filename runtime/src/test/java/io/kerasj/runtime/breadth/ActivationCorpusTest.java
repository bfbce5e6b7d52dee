package io.kerasj.runtime.breadth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.KerasModels;
import io.kerasj.export.KerasArchiveWriter;
import io.kerasj.export.LegacyH5Writer;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.KerasModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The advanced-activation models of the layer-breadth corpus not covered elsewhere (ELU alpha 0.7,
 * ReLU with max_value / negative_slope / threshold, ThresholdedReLU theta 0.7): Keras' outputs at
 * 1e-5, and an .h5/.keras round trip with identical weights and outputs.
 */
class ActivationCorpusTest {
    private static final String DIR = "KonduitAI__dl4j-test-resources/src/main/resources/modelimport/keras/examples/activations/";

    @ParameterizedTest
    @ValueSource(strings = {"ELU_0", "ReLU_1", "ReLU_2", "ReLU_3", "ThresholdReLU_0"})
    void matchesKerasAndSurvivesExport(String name) throws Exception {
        KerasModel model = KerasModels.load(Fixtures.corpus(DIR + name + "_model.h5"));
        assertEquals(16 * 32 + 32, model.totalParams());
        Path ref = Fixtures.corpus(DIR + name + "_inputs_and_outputs.h5");
        Conv1DCorpusTest.verify(model, ref);
        Path out = Fixtures.workDir("activation-export").resolve(name);
        Files.createDirectories(out);
        LegacyH5Writer.forModel(model).writeModel(model, out.resolve("m.h5"));
        new KerasArchiveWriter().write(model, out.resolve("m.keras"));
        for (String f : List.of("m.h5", "m.keras")) {
            KerasModel back = KerasModels.load(out.resolve(f));
            Conv1DCorpusTest.assertSameWeights(model, back, f);
            Conv1DCorpusTest.verify(back, ref);
        }
    }
}
