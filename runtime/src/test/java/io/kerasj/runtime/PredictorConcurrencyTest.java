package io.kerasj.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.KerasModels;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: one Predictor shared by 8 threads × 1,000 predictions gives, for every input, the
 * bits the same predictor gives when called sequentially (a small Conv2D + BatchNormalization +
 * Dense model of the corpus, so the whole test takes a few seconds).
 */
class PredictorConcurrencyTest {
    private static final String MODEL = "deeplearning4j__dl4j-test-resources/src/main/resources/modelimport/keras/"
            + "fullconfigs/cnn/cnn_batch_norm.h5";
    private static final int THREADS = 8;
    private static final int PER_THREAD = 1000;
    private static final int DISTINCT_INPUTS = 64;

    @Test
    void eightThreadsThousandPredictionsEachAreBitIdenticalToSequential() throws Exception {
        KerasModel model = KerasModels.load(Fixtures.corpus(MODEL));
        Shape in = model.inputShapes().get(0);
        int[] dims = in.dims().clone();
        dims[0] = 1;
        Shape one = Shape.of(dims);
        List<FloatTensor> inputs = new ArrayList<>();
        Random r = new Random(12);
        for (int i = 0; i < DISTINCT_INPUTS; i++) {
            float[] v = new float[Math.toIntExact(one.size())];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) r.nextGaussian();
            }
            inputs.add(FloatTensor.wrap(one, v));
        }
        try (Predictor p = KerasRuntime.builder(model).build()) {
            List<float[]> sequential = new ArrayList<>();
            for (FloatTensor x : inputs) {
                sequential.add(p.predict(x).toArray());
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < PER_THREAD; i++) {
                            int k = (i * 7 + thread * 13) % DISTINCT_INPUTS;
                            float[] got = p.predict(inputs.get(k)).toArray();
                            assertArrayEquals(bits(sequential.get(k)), bits(got), "thread " + thread + " call " + i);
                        }
                        return PER_THREAD;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : done) {
                    total += f.get(120, TimeUnit.SECONDS);
                }
                assertEquals(THREADS * PER_THREAD, total);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }
}
