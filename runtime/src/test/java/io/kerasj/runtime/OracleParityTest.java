package io.kerasj.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.fill.FillRule;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.KerasModel;
import io.kerasj.runtime.parity.LayerCheck;
import io.kerasj.runtime.parity.OracleReference;
import io.kerasj.runtime.parity.ParityChecker;
import io.kerasj.runtime.parity.ParityReport;
import io.kerasj.runtime.parity.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every layer of every oracle seed model (Lambda LRN and grouped convolutions included), built with the oracle's fill weights, agrees with
 * the tfjs reference: layers at atol 1e-4 / rtol 1e-3, final outputs at atol 1e-5 / rtol 1e-4.
 * Each model is generated and compiled once (one parameter each).
 */
class OracleParityTest {

    @ParameterizedTest
    @ValueSource(strings = {"seed000_alexnet_functional", "seed001_alexnet_bn_147", "seed001_alexnet_bn_227",
        "seed002_alexnet_grouped_lrn", "seed003_mnist_lrn", "seed004_alexnet_bn_1000"})
    void everyRecordedLayerMatches(String seed) {
        KerasModel model = SeedModels.filled(seed);
        Reference ref = OracleReference.read(Fixtures.oracle(seed, "expected.json"), FillRule.input(model));
        try (Predictor p = KerasRuntime.builder(model).build()) {
            ParityReport report = ParityChecker.defaults().check(p, ref);
            System.out.println(report.toText());
            assertTrue(report.passed(), report.toText());
            // every recorded layer was compared on its 16 samples and its sums, plus the full output
            assertEquals(ref.layers().size() + 1, report.checks().size());
            for (LayerCheck c : report.checks()) {
                assertTrue(c.compared() >= (c.finalOutput() ? ref.outputs().get(0).values().size() : 16), c.describe());
            }
        }
    }
}
