package io.kerasj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import org.junit.jupiter.api.Test;

/** The benchmark's baseline computes the same function as the runtime (and the oracle's final output). */
class HandBuiltAlexNetTest {
    @Test
    void handBuiltGraphAgreesWithTheRuntime() {
        KerasModel model = AlexNetBenchmark.seed000();
        FloatTensor x = FillRule.input(model);
        FloatTensor ours;
        try (Predictor p = KerasRuntime.builder(model).build()) {
            ours = p.predict(x);
        }
        try (HandBuiltAlexNet h = new HandBuiltAlexNet(model)) {
            FloatTensor theirs = h.predict(x);
            assertEquals(ours.shape(), theirs.shape());
            for (int i = 0; i < ours.size(); i++) {
                assertEquals(ours.get(i), theirs.get(i), 1e-6);
            }
        }
        // oracle final output for seed000 (expected.json)
        float[] oracle = {0.533684253692627f, 0.46631571650505066f, 0.5317604541778564f, 0.46823954582214355f};
        for (int i = 0; i < 4; i++) {
            assertEquals(oracle[i], ours.get(i), 1e-5);
        }
    }
}
