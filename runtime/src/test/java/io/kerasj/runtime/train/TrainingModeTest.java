package io.kerasj.runtime.train;

import static io.kerasj.runtime.train.TrainModels.layer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.runtime.graph.CompiledModel;
import io.kerasj.runtime.graph.LoweringOptions;
import io.kerasj.runtime.graph.TensorTransfer;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/** Dropout and BatchNormalization in training mode, and frozen BatchNormalization, against Keras' formulas. */
class TrainingModeTest {
    static final int N = 4;
    static final int H = 3;
    static final int C = 5;

    static KerasModel bnModel(String bnExtra) {
        return TrainModels.sequential(new int[] {H, H, C},
                layer("BatchNormalization", "bn", "\"axis\": [3], \"momentum\": 0.9, \"epsilon\": 0.001" + bnExtra),
                layer("Dropout", "drop", "\"rate\": 0.5"),
                layer("Flatten", "flat", ""),
                layer("Dense", "out", "\"units\": 3, \"activation\": \"softmax\""));
    }

    @Test
    void dropoutDropsAtItsRateAndScalesSurvivors() {
        KerasModel m = TrainModels.sequential(new int[] {100, 100},
                layer("Dropout", "drop", "\"rate\": 0.3"), layer("Dense", "out", "\"units\": 2"));
        FloatTensor x = FillRule.input(2, 100, 100);
        try (CompiledModel c = CompiledModel.compile(m, LoweringOptions.defaults().withTraining(5));
             Session s = new Session(c.graph())) {
            c.initialize(s);
            float[] train = run(s, c, x, true);
            float[] infer = run(s, c, x, false);
            assertArrayEquals(x.toArray(), infer, "inference: identity");
            int dropped = 0;
            for (int i = 0; i < train.length; i++) {
                if (train[i] == 0f) {
                    dropped++;
                } else {
                    assertEquals(x.get(i) * (float) (1 / 0.7), train[i], 1e-6f * Math.abs(train[i]));
                }
            }
            double rate = (double) dropped / train.length;
            assertEquals(0.3, rate, 0.01, "drop fraction of 20000 values");
            assertTrue(!java.util.Arrays.equals(train, run(s, c, x, true)), "a new mask every step");
        }
    }

    private static float[] run(Session s, CompiledModel c, FloatTensor x, boolean training) {
        try (TFloat32 t = TensorTransfer.toTensorFlow(x); TBool flag = TBool.scalarOf(training)) {
            Session.Runner r = s.runner().feed(c.inputs().get(0), t).fetch(c.layerOutputs().get("drop"));
            if (training) {
                r.feed(c.training().orElseThrow().flag(), flag);
            }
            try (Result res = r.run()) {
                return TensorTransfer.fromTensorFlow((TFloat32) res.get(0)).toArray();
            }
        }
    }

    @Test
    void batchNormUsesBatchStatisticsAndUpdatesMovingOnesWithUnbiasedVariance() {
        KerasModel m = bnModel("");
        FloatTensor x = FillRule.input(N, H, H, C);
        float[] mm0 = m.layer("bn").weight("moving_mean").value().toArray();
        float[] mv0 = m.layer("bn").weight("moving_variance").value().toArray();
        double[] mean = new double[C];
        double[] var = new double[C];
        int count = N * H * H;
        for (int i = 0; i < x.size(); i++) {
            mean[i % C] += x.get(i) / count;
        }
        for (int i = 0; i < x.size(); i++) {
            double d = x.get(i) - mean[i % C];
            var[i % C] += d * d / count;
        }
        try (Trainer t = FineTune.builder(m).optimizer(new Optimizer.Sgd(1e-9, 0, false)).build()) {
            t.step(x, new int[] {0, 1, 2, 0});
            float[] mm = t.weight("bn", "moving_mean").toArray();
            float[] mv = t.weight("bn", "moving_variance").toArray();
            for (int c = 0; c < C; c++) {
                assertEquals(mm0[c] - (mm0[c] - mean[c]) * 0.1, mm[c], 1e-6, "moving_mean[" + c + "]");
                double unbiased = var[c] * count / (count - 1);
                assertEquals(mv0[c] - (mv0[c] - unbiased) * 0.1, mv[c], 1e-6, "moving_variance[" + c + "]");
            }
        }
    }

    @Test
    void frozenBatchNormKeepsItsStatisticsAndWeights() {
        KerasModel m = bnModel(", \"trainable\": false");
        FloatTensor x = FillRule.input(N, H, H, C);
        try (Trainer t = FineTune.builder(m).optimizer(Optimizer.sgd().withLearningRate(0.5)).build()) {
            assertEquals(java.util.List.of("out/kernel", "out/bias"), t.trainedWeights());
            for (int i = 0; i < 3; i++) {
                t.step(x, new int[] {0, 1, 2, 0});
            }
            for (String w : new String[] {"gamma", "beta", "moving_mean", "moving_variance"}) {
                assertArrayEquals(m.layer("bn").weight(w).value().toArray(), t.weight("bn", w).toArray(), w);
            }
            assertTrue(!java.util.Arrays.equals(m.layer("out").weight("kernel").value().toArray(),
                    t.weight("out", "kernel").toArray()), "the head trains");
        }
    }

    @Test
    void batchNormOnDenseFeaturesUsesBiasedVarianceForTheMovingUpdate() {
        KerasModel m = TrainModels.sequential(new int[] {C},
                layer("BatchNormalization", "bn", "\"axis\": -1, \"momentum\": 0.5"),
                layer("Dense", "out", "\"units\": 2, \"activation\": \"softmax\""));
        FloatTensor x = FillRule.input(N, C);
        float[] mv0 = m.layer("bn").weight("moving_variance").value().toArray();
        try (Trainer t = FineTune.builder(m).optimizer(new Optimizer.Sgd(1e-9, 0, false)).build()) {
            t.step(x, new int[] {0, 1, 1, 0});
            float[] mv = t.weight("bn", "moving_variance").toArray();
            for (int c = 0; c < C; c++) {
                double mean = 0;
                for (int n = 0; n < N; n++) {
                    mean += x.get(n * C + c) / N;
                }
                double var = 0;
                for (int n = 0; n < N; n++) {
                    var += Math.pow(x.get(n * C + c) - mean, 2) / N;
                }
                assertEquals(mv0[c] - (mv0[c] - var) * 0.5, mv[c], 1e-6, "moving_variance[" + c + "]");
            }
        }
    }
}
