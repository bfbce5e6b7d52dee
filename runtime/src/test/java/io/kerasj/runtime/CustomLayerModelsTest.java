package io.kerasj.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import org.junit.jupiter.api.Test;

/** Custom LRN layer classes run as TF's LRN on the channel axis their code normalises. */
class CustomLayerModelsTest {

    @Test
    void pylearn2Lrn2dNormalisesChannelsFirstWithAlphaOnThePlainWindowSum() {
        // Keras 0.x/1.x LRN2D(alpha, k, beta, n): x / (k + alpha * sum of x² over n channels)^beta, channels on axis 1
        KerasModel m = TestModels.sequential(new int[] {8, 3, 3},
                TestModels.layer("LRN2D", "lrn", "\"alpha\": 0.2, \"k\": 1.5, \"beta\": 0.75, \"n\": 3"));
        FloatTensor x = TestModels.input(2, 8, 3, 3);
        float[] in = x.toArray();
        float[] got = TestModels.run(m, x).toArray();
        int plane = 9;
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 8; c++) {
                for (int p = 0; p < plane; p++) {
                    double sum = 0;
                    for (int j = Math.max(0, c - 1); j <= Math.min(7, c + 1); j++) {
                        double v = in[(n * 8 + j) * plane + p];
                        sum += v * v;
                    }
                    int i = (n * 8 + c) * plane + p;
                    assertEquals(in[i] / Math.pow(1.5 + 0.2 * sum, 0.75), got[i], 1e-5, "element " + i);
                }
            }
        }
    }
}
