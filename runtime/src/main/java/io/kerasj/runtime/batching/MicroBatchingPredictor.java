package io.kerasj.runtime.batching;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.InputCheck;
import io.kerasj.runtime.Predictor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A {@link Predictor} that serves many threads calling {@link #predict} with small batches by
 * stacking their rows into one engine call: a batch of 32 streams the weights once where 32 calls
 * of one row stream them 32 times. Requests queue in arrival order; one dispatcher thread sends a
 * batch when {@link MicroBatching#maxBatch()} rows wait or when the oldest request has waited
 * {@link MicroBatching#maxDelay()}, whichever comes first, and each caller gets exactly its own
 * rows back. Works over any engine's predictor; closing this predictor closes that one.
 *
 * <p>Outputs are the rows the engine computes for the batch the request travelled in. Engines
 * choose kernels and blocking by batch size, so a row's last bits can differ from what a batch of
 * one would give (TensorFlow: a few float32 ulps); which requests share a batch depends on timing.
 *
 * <p>A request waits for company at most {@code maxDelay}, then for the engine like any other call
 * (one batch runs at a time; the next one fills meanwhile). An input that does not fit the model
 * fails in its caller's thread before queueing; if a batch's engine call fails anyway, its
 * requests are run one by one so the error reaches only the caller that caused it.
 * {@link #close()} sends what is queued at once, answers it, then closes the engine: no request
 * is left waiting and the dispatcher thread ends. {@link #predictLayers} is not batched.
 */
public final class MicroBatchingPredictor implements Predictor {
    private static final AtomicInteger DISPATCHERS = new AtomicInteger();

    /** Why a batch left the queue. */
    private enum Trigger {
        FULL, TIMED_OUT, DRAINED
    }

    private final Predictor engine;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final LongSupplier clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private final Thread dispatcher;
    private final Object closeOnce = new Object();
    // guarded by lock
    private int queuedRows;
    private boolean closing;
    private long requests;
    private long batches;
    private long rows;
    private long full;
    private long timedOut;
    private long drained;
    private long isolated;
    // guarded by closeOnce
    private boolean closed;

    MicroBatchingPredictor(Predictor engine, MicroBatching settings, LongSupplier clock) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.maxBatch = settings.maxBatch();
        this.maxDelayNanos = settings.maxDelayNanos();
        this.clock = clock;
        List<Shape> shapes = engine.inputShapes();
        for (int i = 0; i < shapes.size(); i++) {
            if (shapes.get(i).rank() == 0 || shapes.get(i).isKnown(0)) {
                throw new IllegalArgumentException("input '" + engine.inputNames().get(i) + "' has shape " + shapes.get(i)
                        + ": micro-batching needs a free batch dimension first");
            }
        }
        this.dispatcher = new Thread(this::dispatchLoop, "kerasj-microbatch-" + DISPATCHERS.incrementAndGet());
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /**
     * Serves {@code engine} to concurrent callers in micro-batches. The returned predictor owns
     * {@code engine}: closing it closes the engine.
     *
     * @throws IllegalArgumentException when a model input has a fixed batch dimension
     */
    public static MicroBatchingPredictor wrap(Predictor engine, MicroBatching settings) {
        return new MicroBatchingPredictor(engine, Objects.requireNonNull(settings, "settings"), System::nanoTime);
    }

    @Override
    public List<String> inputNames() {
        return engine.inputNames();
    }

    @Override
    public List<Shape> inputShapes() {
        return engine.inputShapes();
    }

    @Override
    public List<String> outputNames() {
        return engine.outputNames();
    }

    @Override
    public List<Shape> outputShapes() {
        return engine.outputShapes();
    }

    /**
     * Queues the inputs (all with the same number of rows), waits for the batch they travel in,
     * and returns their rows of every output.
     *
     * @throws IllegalArgumentException when the inputs do not fit the model
     * @throws IllegalStateException when the predictor is closed
     * @throws CancellationException when the calling thread is interrupted while waiting (the
     *     interrupt flag stays set)
     */
    @Override
    public List<FloatTensor> predict(List<FloatTensor> inputs) {
        InputCheck.check(engine.inputNames(), engine.inputShapes(), inputs);
        Request request = new Request(List.copyOf(inputs), commonRows(inputs), clock.getAsLong());
        lock.lock();
        try {
            if (closing) {
                throw new IllegalStateException("the predictor is closed");
            }
            queue.addLast(request);
            queuedRows += request.rows;
            arrived.signal();
        } finally {
            lock.unlock();
        }
        return await(request);
    }

    /** Runs directly on the engine: layer outputs are for debugging, not for throughput. */
    @Override
    public Map<String, FloatTensor> predictLayers(List<FloatTensor> inputs, Collection<String> layerNames) {
        return engine.predictLayers(inputs, layerNames);
    }

    @Override
    public List<String> layerNames() {
        return engine.layerNames();
    }

    /** A snapshot of what has been served so far. */
    public MicroBatchStats stats() {
        lock.lock();
        try {
            return new MicroBatchStats(requests, batches, rows, full, timedOut, drained, isolated, queue.size());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops taking requests, sends and answers those already queued without waiting for their
     * delay, ends the dispatcher thread and closes the engine. Idempotent.
     */
    @Override
    public void close() {
        synchronized (closeOnce) {
            if (closed) {
                return;
            }
            lock.lock();
            try {
                closing = true;
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
            joinUninterruptibly(dispatcher);
            closed = true;
            engine.close();
        }
    }

    private static int commonRows(List<FloatTensor> inputs) {
        int n = BatchRows.rows(inputs.get(0));
        for (FloatTensor t : inputs) {
            if (BatchRows.rows(t) != n) {
                throw new IllegalArgumentException("all inputs must have the same number of rows (batch dimension), got "
                        + inputs.stream().map(FloatTensor::shape).toList());
            }
        }
        return n;
    }

    private List<FloatTensor> await(Request request) {
        try {
            return request.result.get();
        } catch (InterruptedException e) {
            lock.lock();
            try {
                if (queue.remove(request)) {
                    queuedRows -= request.rows;
                }
            } finally {
                lock.unlock();
            }
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a micro-batch");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    private void dispatchLoop() {
        while (true) {
            List<Request> batch = new ArrayList<>();
            Trigger trigger;
            lock.lock();
            try {
                trigger = nextBatch(batch);
            } finally {
                lock.unlock();
            }
            if (trigger == null) {
                return;
            }
            Outcome[] outcomes = new Outcome[batch.size()];
            boolean isolatedRun = settle(batch, outcomes);
            lock.lock();
            try {
                // counted before anyone is answered, so a caller that got its rows sees them in stats()
                record(batch, trigger, isolatedRun);
            } finally {
                lock.unlock();
            }
            for (int i = 0; i < batch.size(); i++) {
                outcomes[i].deliverTo(batch.get(i).result);
            }
        }
    }

    /** Waits (lock held) until a batch is due, moves it into {@code batch}; null once closed and empty. */
    private Trigger nextBatch(List<Request> batch) {
        while (true) {
            if (queue.isEmpty()) {
                if (closing) {
                    return null;
                }
                arrived.awaitUninterruptibly();
                continue;
            }
            Trigger trigger = queuedRows >= maxBatch ? Trigger.FULL : closing ? Trigger.DRAINED : null;
            if (trigger == null) {
                // subtract elapsed from the delay, never add to a clock reading: no overflow for huge delays
                long wait = maxDelayNanos - (clock.getAsLong() - queue.peekFirst().arrivedAt);
                if (wait > 0) {
                    awaitNanos(wait);
                    continue;
                }
                trigger = Trigger.TIMED_OUT;
            }
            int taken = 0;
            do {
                Request r = queue.pollFirst();
                batch.add(r);
                taken += r.rows;
            } while (!queue.isEmpty() && taken + queue.peekFirst().rows <= maxBatch);
            queuedRows -= taken;
            return trigger;
        }
    }

    private void awaitNanos(long nanos) {
        try {
            arrived.awaitNanos(nanos);
        } catch (InterruptedException e) {
            // only close() ends the dispatcher; an interrupt just re-evaluates the queue
        }
    }

    /**
     * Fills {@code outcomes} with each request's outputs or error; true when the batch's engine
     * call failed and its requests had to be run one by one.
     */
    private boolean settle(List<Request> batch, Outcome[] outcomes) {
        try {
            List<List<FloatTensor>> outputs = answers(batch);
            for (int i = 0; i < batch.size(); i++) {
                outcomes[i] = new Outcome(outputs.get(i), null);
            }
            return false;
        } catch (Throwable whole) {
            if (batch.size() == 1) {
                outcomes[0] = new Outcome(null, whole);
                return false;
            }
            for (int i = 0; i < batch.size(); i++) {
                try {
                    outcomes[i] = new Outcome(engine.predict(batch.get(i).inputs), null);
                } catch (Throwable own) {
                    outcomes[i] = new Outcome(null, own);
                }
            }
            return true;
        }
    }

    /** One engine call for the whole batch; each request's rows of every output, in batch order. */
    private List<List<FloatTensor>> answers(List<Request> batch) {
        if (batch.size() == 1) {
            return List.of(engine.predict(batch.get(0).inputs));
        }
        int inputCount = batch.get(0).inputs.size();
        List<FloatTensor> stacked = new ArrayList<>(inputCount);
        for (int i = 0; i < inputCount; i++) {
            List<FloatTensor> parts = new ArrayList<>(batch.size());
            for (Request r : batch) {
                parts.add(r.inputs.get(i));
            }
            stacked.add(BatchRows.stack(parts));
        }
        int[] rowCounts = batch.stream().mapToInt(r -> r.rows).toArray();
        List<List<FloatTensor>> answers = new ArrayList<>(batch.size());
        for (int k = 0; k < batch.size(); k++) {
            answers.add(new ArrayList<>());
        }
        for (FloatTensor output : engine.predict(stacked)) {
            List<FloatTensor> pieces = BatchRows.split(output, rowCounts);
            for (int k = 0; k < batch.size(); k++) {
                answers.get(k).add(pieces.get(k));
            }
        }
        return answers;
    }

    private void record(List<Request> batch, Trigger trigger, boolean ranAlone) {
        requests += batch.size();
        batches++;
        rows += batch.stream().mapToLong(r -> r.rows).sum();
        switch (trigger) {
            case FULL -> full++;
            case TIMED_OUT -> timedOut++;
            case DRAINED -> drained++;
        }
        if (ranAlone) {
            isolated++;
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** One caller's inputs, their row count, when they arrived, and where the answer goes. */
    private static final class Request {
        final List<FloatTensor> inputs;
        final int rows;
        final long arrivedAt;
        final CompletableFuture<List<FloatTensor>> result = new CompletableFuture<>();

        Request(List<FloatTensor> inputs, int rows, long arrivedAt) {
            this.inputs = inputs;
            this.rows = rows;
            this.arrivedAt = arrivedAt;
        }
    }

    /** A request's outputs, or the error its engine call raised. */
    private record Outcome(List<FloatTensor> outputs, Throwable error) {
        void deliverTo(CompletableFuture<List<FloatTensor>> result) {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(outputs);
            }
        }
    }
}
