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

/** GaussianNoise, GaussianDropout, AlphaDropout and SpatialDropout1D in training mode, against Keras' formulas. */
class NoiseTrainingTest {
    private static final int T = 100;
    private static final int F = 100;

    private static float[][] trainAndInfer(String cls, String cfg, int[] feature) {
        KerasModel m = TrainModels.sequential(feature, layer(cls, "noise", cfg), layer("Flatten", "flat", ""),
                layer("Dense", "out", "\"units\": 2"));
        FloatTensor x = FillRule.input(2, feature);
        try (CompiledModel c = CompiledModel.compile(m, LoweringOptions.defaults().withTraining(11));
             Session s = new Session(c.graph())) {
            c.initialize(s);
            float[] train = run(s, c, x, true);
            float[] infer = run(s, c, x, false);
            assertArrayEquals(x.toArray(), infer, "inference: identity");
            assertTrue(!java.util.Arrays.equals(train, run(s, c, x, true)), "new noise every step");
            return new float[][] {x.toArray(), train};
        }
    }

    private static float[] run(Session s, CompiledModel c, FloatTensor x, boolean training) {
        try (TFloat32 t = TensorTransfer.toTensorFlow(x); TBool flag = TBool.scalarOf(training)) {
            Session.Runner r = s.runner().feed(c.inputs().get(0), t).fetch(c.layerOutputs().get("noise"));
            if (training) {
                r.feed(c.training().orElseThrow().flag(), flag);
            }
            try (Result res = r.run()) {
                return TensorTransfer.fromTensorFlow((TFloat32) res.get(0)).toArray();
            }
        }
    }

    private static double[] meanStd(double[] v) {
        double m = 0;
        for (double d : v) {
            m += d;
        }
        m /= v.length;
        double s = 0;
        for (double d : v) {
            s += (d - m) * (d - m);
        }
        return new double[] {m, Math.sqrt(s / v.length)};
    }

    @Test
    void gaussianNoiseAddsZeroMeanNoiseOfItsStddev() {
        float[][] r = trainAndInfer("GaussianNoise", "\"stddev\": 0.5", new int[] {T, F});
        double[] d = new double[r[0].length];
        for (int i = 0; i < d.length; i++) {
            d[i] = r[1][i] - r[0][i];
        }
        double[] ms = meanStd(d);
        assertEquals(0, ms[0], 0.01);
        assertEquals(0.5, ms[1], 0.01);
    }

    @Test
    void gaussianDropoutMultipliesByUnitMeanNoise() {
        float[][] r = trainAndInfer("GaussianDropout", "\"rate\": 0.2", new int[] {T, F});
        double[] ratio = new double[r[0].length];
        int n = 0;
        for (int i = 0; i < ratio.length; i++) {
            if (r[0][i] > 0.05f) {
                ratio[n++] = r[1][i] / r[0][i];
            }
        }
        double[] ms = meanStd(java.util.Arrays.copyOf(ratio, n));
        assertEquals(1, ms[0], 0.02);
        assertEquals(Math.sqrt(0.2 / 0.8), ms[1], 0.02);
    }

    @Test
    void alphaDropoutSetsDroppedUnitsToTheSeluSaturationAndRescales() {
        double rate = 0.3;
        double alphaP = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946;
        double a = Math.pow((1 - rate) * (1 + rate * alphaP * alphaP), -0.5);
        double b = -a * alphaP * rate;
        float[][] r = trainAndInfer("AlphaDropout", "\"rate\": 0.3", new int[] {T, F});
        int dropped = 0;
        for (int i = 0; i < r[0].length; i++) {
            double kept = a * r[0][i] + b;
            double gone = a * alphaP + b;
            if (Math.abs(r[1][i] - gone) < 1e-5) {
                dropped++;
            } else {
                assertEquals(kept, r[1][i], 1e-5, "value " + i);
            }
        }
        assertEquals(rate, (double) dropped / r[0].length, 0.01);
    }

    @Test
    void spatialDropout1DDropsWholeChannels() {
        float[][] r = trainAndInfer("SpatialDropout1D", "\"rate\": 0.5", new int[] {50, 40});
        int droppedChannels = 0;
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < 40; c++) {
                boolean zero = r[1][(b * 50) * 40 + c] == 0f;
                droppedChannels += zero ? 1 : 0;
                for (int t = 0; t < 50; t++) {
                    int i = (b * 50 + t) * 40 + c;
                    assertEquals(zero ? 0f : r[0][i] * 2f, r[1][i], 1e-6f, "sample " + b + " channel " + c + " step " + t);
                }
            }
        }
        assertTrue(droppedChannels > 20 && droppedChannels < 60, droppedChannels + " of 80 channels dropped");
    }
}
