package io.kerasj.runtime;

import io.kerasj.config.ModelConfigParser;
import io.kerasj.fill.FillRule;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.SourceInfo;

/** The oracle seed models with the oracle's deterministic weights (FILL.md). */
final class SeedModels {
    private SeedModels() {
    }

    static KerasModel filled(String seed) {
        return FillRule.fill(architecture(seed));
    }

    static KerasModel architecture(String seed) {
        return ModelConfigParser.parse(Fixtures.oracleText(seed, "keras2_config.json"),
                Fixtures.oracle(seed, "keras2_config.json"), new SourceInfo("json", "2.4.0", "tensorflow",
                        Fixtures.oracle(seed, "keras2_config.json")));
    }
}
