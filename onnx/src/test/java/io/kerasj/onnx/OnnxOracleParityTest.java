package io.kerasj.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.config.ModelConfigParser;
import io.kerasj.fill.FillRule;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.SourceInfo;
import io.kerasj.runtime.Engine;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.parity.LayerCheck;
import io.kerasj.runtime.parity.OracleReference;
import io.kerasj.runtime.parity.ParityChecker;
import io.kerasj.runtime.parity.ParityReport;
import io.kerasj.runtime.parity.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every oracle seed model exported to ONNX and run on ONNX Runtime agrees with the tfjs
 * reference at every recorded layer, at the TF engine's tolerances (layers atol 1e-4 / rtol
 * 1e-3, outputs atol 1e-5 / rtol 1e-4). Each model is generated, exported and run once.
 */
class OnnxOracleParityTest {

    @ParameterizedTest
    @ValueSource(strings = {"seed000_alexnet_functional", "seed001_alexnet_bn_147", "seed001_alexnet_bn_227",
        "seed002_alexnet_grouped_lrn", "seed003_mnist_lrn", "seed004_alexnet_bn_1000"})
    void everyRecordedLayerMatchesOnOnnxRuntime(String seed) {
        KerasModel model = FillRule.fill(ModelConfigParser.parse(Fixtures.oracleText(seed, "keras2_config.json"),
                Fixtures.oracle(seed, "keras2_config.json"), new SourceInfo("json", "2.4.0", "tensorflow",
                        Fixtures.oracle(seed, "keras2_config.json"))));
        Reference ref = OracleReference.read(Fixtures.oracle(seed, "expected.json"), FillRule.input(model));
        try (Predictor p = KerasRuntime.builder(model).engine(Engine.ONNX_RUNTIME).build()) {
            ParityReport report = ParityChecker.defaults().check(p, ref);
            System.out.println(report.toText());
            assertTrue(report.passed(), report.toText());
            assertEquals(ref.layers().size() + 1, report.checks().size());
            for (LayerCheck c : report.checks()) {
                assertTrue(c.compared() >= (c.finalOutput() ? ref.outputs().get(0).values().size() : 16), c.describe());
            }
        }
    }
}
