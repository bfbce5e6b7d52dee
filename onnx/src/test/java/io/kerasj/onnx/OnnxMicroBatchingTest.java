package io.kerasj.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.Engine;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.batching.MicroBatchStats;
import io.kerasj.runtime.batching.MicroBatchingPredictor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Micro-batching is engine-neutral: ONNX Runtime callers get the rows ONNX Runtime computes for their batch. */
class OnnxMicroBatchingTest {
    private static final int N = 6;

    @Test
    void queuedCallersGetOnnxRuntimeRowsOfTheirBatchBitForBit() throws Exception {
        KerasModel m = OnnxLayerKindsTest.sequential(2, new int[] {8, 8, 2},
                OnnxLayerKindsTest.layer("Conv2D", "conv", "\"filters\": 16, \"kernel_size\": [3, 3], \"activation\": \"relu\""),
                OnnxLayerKindsTest.layer("Flatten", "flat", ""),
                OnnxLayerKindsTest.layer("Dense", "out", "\"units\": 4, \"activation\": \"softmax\""));
        List<FloatTensor> inputs = new ArrayList<>();
        Random r = new Random(3);
        float[] all = new float[N * 8 * 8 * 2];
        for (int i = 0; i < all.length; i++) {
            all[i] = (float) r.nextGaussian();
        }
        int per = 8 * 8 * 2;
        for (int k = 0; k < N; k++) {
            float[] row = new float[per];
            System.arraycopy(all, k * per, row, 0, per);
            inputs.add(FloatTensor.wrap(Shape.of(1, 8, 8, 2), row));
        }
        ExecutorService callers = Executors.newFixedThreadPool(N);
        try (Predictor direct = KerasRuntime.builder(m).engine(Engine.ONNX_RUNTIME).build();
                Predictor p = KerasRuntime.builder(m).engine(Engine.ONNX_RUNTIME).microBatching(N, Duration.ofDays(1)).build()) {
            MicroBatchingPredictor batching = assertInstanceOf(MicroBatchingPredictor.class, p);
            List<Future<FloatTensor>> got = new ArrayList<>();
            for (int k = 0; k < N; k++) {
                FloatTensor x = inputs.get(k);
                got.add(callers.submit(() -> p.predict(x)));
                if (k < N - 1) {
                    awaitPending(batching, k + 1);   // one by one: the batch holds the inputs in this order
                }
            }
            FloatTensor batch = direct.predict(FloatTensor.wrap(Shape.of(N, 8, 8, 2), all));
            for (int k = 0; k < N; k++) {
                FloatTensor mine = got.get(k).get(60, TimeUnit.SECONDS);
                float[] expected = new float[4];
                batch.buffer().position(4 * k).get(expected);
                assertEquals(FloatTensor.wrap(Shape.of(1, 4), expected), mine, "caller " + k);
                FloatTensor alone = direct.predict(inputs.get(k));
                for (int i = 0; i < 4; i++) {
                    assertEquals(alone.get(i), mine.get(i), 1e-6, "caller " + k + " vs batch 1");
                }
            }
            MicroBatchStats s = batching.stats();
            assertEquals(N, s.requests());
            assertEquals(1, s.batches());
            assertEquals(1, s.full());
        } finally {
            callers.shutdownNow();
        }
    }

    private static void awaitPending(MicroBatchingPredictor p, int n) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.stats().pending() != n) {
            if (System.nanoTime() > giveUp) {
                fail("never saw " + n + " pending requests: " + p.stats());
            }
            Thread.sleep(1);
        }
        assertTrue(p.stats().batches() == 0);
    }
}
