package io.kerasj.runtime.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kerasj.KerasModels;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Micro-batching over a real TensorFlow predictor of a small corpus CNN (Conv2D, BatchNormalization,
 * Dense; 22 KB, so the class runs in a few seconds). Nothing here measures time: "a batch waited
 * for its delay" is made observable with a clock the test moves by hand, and the waits below only
 * guard against a hang.
 */
class MicroBatchingPredictorTest {
    private static final String MODEL = "deeplearning4j__dl4j-test-resources/src/main/resources/modelimport/keras/"
            + "fullconfigs/cnn/cnn_batch_norm.h5";
    private static final Duration FOREVER = Duration.ofDays(1);
    private static final long HANG_GUARD_SECONDS = 120;

    private static KerasModel model;
    private ExecutorService callers;
    private Set<Thread> dispatchersBefore;

    @BeforeAll
    static void load() {
        model = KerasModels.load(Fixtures.corpus(MODEL));
    }

    @BeforeEach
    void start() {
        callers = Executors.newCachedThreadPool();
        dispatchersBefore = dispatchers();
    }

    @AfterEach
    void noThreadLeft() {
        callers.shutdownNow();
        Set<Thread> left = dispatchers();
        left.removeAll(dispatchersBefore);
        assertTrue(left.isEmpty(), "dispatcher threads still running: " + left);
    }

    @Test
    void callersOfOneBatchGetTheEngineRowsOfThatBatchBitForBit() throws Exception {
        RecordingEngine engine = new RecordingEngine(KerasRuntime.builder(model).build());
        int n = 8;
        List<FloatTensor> inputs = inputs(n, 1, 1);
        try (MicroBatchingPredictor p = MicroBatchingPredictor.wrap(engine, MicroBatching.of(n, FOREVER))) {
            // a day's delay: only n waiting rows can send the batch
            List<FloatTensor> got = predictConcurrently(p, inputs);
            assertEquals(new MicroBatchStats(n, 1, n, 1, 0, 0, 0, 0), p.stats());
            assertEquals(1, engine.batches.size());
            FloatTensor batch = engine.batches.get(0);
            assertEquals(model.inputShapes().get(0).withBatch(n), batch.shape());
            FloatTensor direct = engine.real.predict(batch);
            double worst = 0;
            for (int k = 0; k < n; k++) {
                int row = rowHolding(batch, inputs.get(k));
                assertEquals(slice(direct, row, 1), got.get(k), "caller " + k + " (row " + row + " of the batch)");
                // against batch 1: the same up to kernel blocking, which may move the last bits
                FloatTensor alone = engine.real.predict(inputs.get(k));
                worst = Math.max(worst, maxRelDiff(alone, got.get(k)));
            }
            System.out.printf("batch of %d vs batch 1: max relative difference %.3g%n", n, worst);
            assertTrue(worst < 1e-5, "batched vs batch-1 relative difference " + worst);
        }
    }

    @Test
    void sixteenThreadsMixedRowCountsEachGetTheirOwnRows() throws Exception {
        int threads = 16;
        int perThread = 40;
        int maxBatch = 12;
        Predictor plain = KerasRuntime.builder(model).build();
        RecordingEngine engine = new RecordingEngine(KerasRuntime.builder(model).build());
        List<FloatTensor> distinct = new ArrayList<>();
        List<FloatTensor> reference = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            FloatTensor x = inputs(1, 1 + i % 3, 100 + i).get(0);   // 1, 2 or 3 rows
            distinct.add(x);
            reference.add(plain.predict(x));
        }
        plain.close();
        try (MicroBatchingPredictor p = MicroBatchingPredictor.wrap(engine, MicroBatching.of(maxBatch, Duration.ofMillis(2)))) {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(callers.submit(() -> {
                    int rows = 0;
                    for (int i = 0; i < perThread; i++) {
                        int k = (i * 5 + thread * 7) % distinct.size();
                        FloatTensor got = p.predict(distinct.get(k));
                        assertEquals(reference.get(k).shape(), got.shape());
                        assertTrue(maxRelDiff(reference.get(k), got) < 1e-5, "thread " + thread + " call " + i);
                        rows += got.shape().dim(0);
                    }
                    return rows;
                }));
            }
            long rows = 0;
            for (Future<Integer> f : done) {
                rows += f.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            }
            MicroBatchStats s = p.stats();
            assertEquals(threads * perThread, s.requests());
            assertEquals(rows, s.rows());
            assertEquals(s.batches(), s.full() + s.timedOut());
            assertEquals(engine.batches.size(), s.batches());
            assertTrue(s.batches() < s.requests(), "sixteen threads never shared an engine call: " + s);
            for (FloatTensor b : engine.batches) {
                assertTrue(b.shape().dim(0) <= maxBatch, "batch of " + b.shape());
            }
            System.out.printf("16 threads: %d requests, %d rows in %d engine calls (%d full, %d timed out)%n",
                    s.requests(), s.rows(), s.batches(), s.full(), s.timedOut());
        }
    }

    @Test
    void aBatchLeavesWhenItsOldestRequestHasWaitedMaxDelay() throws Exception {
        AtomicLong clock = new AtomicLong();
        long ms = 1_000_000;
        RecordingEngine engine = new RecordingEngine(KerasRuntime.builder(model).build());
        try (MicroBatchingPredictor p = new MicroBatchingPredictor(engine, MicroBatching.of(8, Duration.ofMillis(10)), clock::get)) {
            List<FloatTensor> x = inputs(3, 1, 2);
            Future<FloatTensor> first = callers.submit(() -> p.predict(x.get(0)));
            awaitPending(p, 1);
            clock.set(6 * ms);
            Future<FloatTensor> second = callers.submit(() -> p.predict(x.get(1)));
            awaitPending(p, 2);
            clock.set(9 * ms);
            Future<FloatTensor> third = callers.submit(() -> p.predict(x.get(2)));
            awaitPending(p, 3);
            // the clock stands before the first request's deadline and 3 < 8 rows: nothing may leave
            assertEquals(0, p.stats().batches());
            assertTrue(engine.batches.isEmpty());
            clock.set(10 * ms);
            first.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            second.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            third.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            // the deadline is the oldest request's: the younger two travel with it
            assertEquals(new MicroBatchStats(3, 1, 3, 0, 1, 0, 0, 0), p.stats());
        }
    }

    @Test
    void zeroDelayNeverWaitsForCompany() throws Exception {
        try (Predictor p = KerasRuntime.builder(model).microBatching(64, Duration.ZERO).build()) {
            MicroBatchingPredictor batching = assertInstanceOf(MicroBatchingPredictor.class, p);
            FloatTensor x = inputs(1, 1, 3).get(0);
            for (int i = 0; i < 3; i++) {
                p.predict(x);
            }
            assertEquals(new MicroBatchStats(3, 3, 3, 0, 3, 0, 0, 0), batching.stats());
        }
    }

    @Test
    void aBadShapeFailsOnlyItsCallerBeforeQueueing() throws Exception {
        try (MicroBatchingPredictor p = MicroBatchingPredictor.wrap(KerasRuntime.builder(model).build(), MicroBatching.of(4, FOREVER))) {
            List<FloatTensor> good = inputs(4, 1, 4);
            List<Future<FloatTensor>> waiting = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                FloatTensor x = good.get(i);
                waiting.add(callers.submit(() -> p.predict(x)));
            }
            awaitPending(p, 3);
            Shape wrong = model.inputShapes().get(0).withBatch(1).withDim(1, 7);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.predict(FloatTensor.zeros(wrong)));
            assertTrue(e.getMessage().contains(wrong.toString()), e.getMessage());
            FloatTensor fine = good.get(0);
            assertThrows(IllegalArgumentException.class, () -> p.predict(List.of(fine, fine)), "two inputs for a one-input model");
            assertEquals(3, p.stats().pending());
            waiting.add(callers.submit(() -> p.predict(good.get(3))));
            for (Future<FloatTensor> f : waiting) {
                assertEquals(oneRowOut(), f.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS).shape());
            }
            assertEquals(new MicroBatchStats(4, 1, 4, 1, 0, 0, 0, 0), p.stats());
        }
    }

    @Test
    void anEngineErrorInABatchReachesOnlyTheCallerWhoseRowsCausedIt() throws Exception {
        // the engine refuses any call holding a row that starts with NaN
        RecordingEngine engine = new RecordingEngine(KerasRuntime.builder(model).build(), t -> hasNaNRow(t));
        List<FloatTensor> x = inputs(4, 1, 5);
        float[] poisoned = x.get(2).toArray();
        poisoned[0] = Float.NaN;
        x.set(2, FloatTensor.wrap(x.get(2).shape(), poisoned));
        try (MicroBatchingPredictor p = MicroBatchingPredictor.wrap(engine, MicroBatching.of(4, FOREVER))) {
            List<Future<FloatTensor>> f = new ArrayList<>();
            for (FloatTensor t : x) {
                f.add(callers.submit(() -> p.predict(t)));
            }
            for (int k = 0; k < 4; k++) {
                if (k == 2) {
                    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(2).get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
                    assertInstanceOf(IllegalStateException.class, e.getCause());
                    assertTrue(e.getCause().getMessage().contains("engine refused"), e.getCause().getMessage());
                } else {
                    assertEquals(engine.real.predict(x.get(k)), f.get(k).get(HANG_GUARD_SECONDS, TimeUnit.SECONDS), "caller " + k);
                }
            }
            assertEquals(new MicroBatchStats(4, 1, 4, 1, 0, 0, 1, 0), p.stats());
            // the failed batch of 4, then each request alone
            assertEquals(List.of(4, 1, 1, 1, 1), engine.batches.stream().map(b -> b.shape().dim(0)).toList());
        }
    }

    @Test
    void closeAnswersWhatIsQueuedThenClosesTheEngineAndEndsItsThread() throws Exception {
        RecordingEngine engine = new RecordingEngine(KerasRuntime.builder(model).build());
        MicroBatchingPredictor p = MicroBatchingPredictor.wrap(engine, MicroBatching.of(16, FOREVER));
        List<FloatTensor> x = inputs(3, 1, 6);
        List<Future<FloatTensor>> waiting = new ArrayList<>();
        for (FloatTensor t : x) {
            waiting.add(callers.submit(() -> p.predict(t)));
            awaitPending(p, waiting.size());   // one at a time, so the queue order is known
        }
        // two closers at once: both return after the drain, the engine is closed once
        Future<?> otherCloser = callers.submit(p::close);
        p.close();
        otherCloser.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        FloatTensor batch = engine.batches.get(0);
        for (int k = 0; k < 3; k++) {
            FloatTensor got = waiting.get(k).get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            assertEquals(oneRowOut(), got.shape());
            assertEquals(k, rowHolding(batch, x.get(k)), "queue order");
        }
        assertEquals(new MicroBatchStats(3, 1, 3, 0, 0, 1, 0, 0), p.stats());
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> p.predict(x.get(0)));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        assertThrows(IllegalStateException.class, () -> engine.real.predict(x.get(0)), "the engine is closed too");
        p.close();
    }

    @Test
    void anInterruptedCallerLeavesTheQueueAndKeepsItsInterruptFlag() throws Exception {
        try (MicroBatchingPredictor p = MicroBatchingPredictor.wrap(KerasRuntime.builder(model).build(), MicroBatching.of(4, FOREVER))) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicReference<Boolean> flag = new AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    p.predict(inputs(1, 1, 7).get(0));
                } catch (Throwable t) {
                    thrown.set(t);
                    flag.set(Thread.currentThread().isInterrupted());
                }
            });
            caller.start();
            awaitPending(p, 1);
            caller.interrupt();
            caller.join(TimeUnit.SECONDS.toMillis(HANG_GUARD_SECONDS));
            assertFalse(caller.isAlive());
            assertInstanceOf(CancellationException.class, thrown.get());
            assertTrue(flag.get());
            assertEquals(0, p.stats().pending());
            assertEquals(0, p.stats().batches());
        }
    }

    @Test
    void aFixedBatchDimensionIsRefusedAndTheBuilderClosesWhatItBuilt() {
        Predictor real = KerasRuntime.builder(model).build();
        Predictor fixed = new RecordingEngine(real) {
            @Override
            public List<Shape> inputShapes() {
                return List.of(model.inputShapes().get(0).withBatch(1));
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MicroBatchingPredictor.wrap(fixed, MicroBatching.of(8, Duration.ZERO)));
        assertTrue(e.getMessage().contains("free batch dimension"), e.getMessage());
        // a refused wrap leaves the engine to its owner, still usable
        assertEquals(oneRowOut(), real.predict(inputs(1, 1, 8).get(0)).shape());
        real.close();
        assertThrows(IllegalArgumentException.class, () -> MicroBatching.of(0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> MicroBatching.of(4, Duration.ofMillis(-1)));
    }

    // ---- helpers

    private static Shape oneRowOut() {
        return model.outputShapes().get(0).withBatch(1);
    }

    /** {@code count} tensors of {@code rows} rows each, Gaussian values from {@code seed}. */
    private static List<FloatTensor> inputs(int count, int rows, long seed) {
        Random r = new Random(seed);
        Shape shape = model.inputShapes().get(0).withBatch(rows);
        List<FloatTensor> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] v = new float[Math.toIntExact(shape.size())];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) r.nextGaussian();
            }
            out.add(FloatTensor.wrap(shape, v));
        }
        return out;
    }

    private List<FloatTensor> predictConcurrently(Predictor p, List<FloatTensor> inputs) throws Exception {
        List<Future<FloatTensor>> f = new ArrayList<>();
        for (FloatTensor x : inputs) {
            f.add(callers.submit(() -> p.predict(x)));
        }
        List<FloatTensor> out = new ArrayList<>();
        for (Future<FloatTensor> one : f) {
            out.add(one.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        }
        return out;
    }

    private static void awaitPending(MicroBatchingPredictor p, int n) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_GUARD_SECONDS);
        while (p.stats().pending() != n) {
            if (System.nanoTime() > giveUp) {
                fail("never saw " + n + " pending requests: " + p.stats());
            }
            Thread.sleep(1);
        }
    }

    /** The row of {@code batch} whose values are {@code oneRow}'s. */
    private static int rowHolding(FloatTensor batch, FloatTensor oneRow) {
        for (int r = 0; r < batch.shape().dim(0); r++) {
            if (slice(batch, r, 1).equals(oneRow)) {
                return r;
            }
        }
        throw new AssertionError("row not in the batch");
    }

    private static FloatTensor slice(FloatTensor t, int row, int rows) {
        int per = t.size() / t.shape().dim(0);
        float[] part = new float[rows * per];
        t.buffer().position(row * per).get(part);
        return FloatTensor.wrap(t.shape().withBatch(rows), part);
    }

    private static boolean hasNaNRow(FloatTensor t) {
        int per = t.size() / t.shape().dim(0);
        for (int r = 0; r < t.shape().dim(0); r++) {
            if (Float.isNaN(t.get(r * per))) {
                return true;
            }
        }
        return false;
    }

    private static double maxRelDiff(FloatTensor a, FloatTensor b) {
        double worst = 0;
        for (int i = 0; i < a.size(); i++) {
            double d = Math.abs(a.get(i) - b.get(i)) / Math.max(1e-6, Math.abs(a.get(i)));
            worst = Math.max(worst, d);
        }
        return worst;
    }

    private static Set<Thread> dispatchers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("kerasj-microbatch-") && t.isAlive())
                .collect(Collectors.toSet());
    }
}
