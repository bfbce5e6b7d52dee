package io.kerasj.bench;

import io.kerasj.ir.FloatTensor;
import io.kerasj.runtime.Predictor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A closed-loop load: {@code threads} callers, each calling {@code predict} back to back a fixed
 * number of times, as a web server's request threads would; records every call's latency.
 */
final class ConcurrentCallers implements AutoCloseable {
    private final int threads;
    private final ExecutorService pool;

    ConcurrentCallers(int threads) {
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bench-caller");
            t.setDaemon(true);
            return t;
        });
    }

    /** One round: every thread makes {@code calls} calls (thread i starts at input i); latencies go to {@code sink}. */
    Runnable round(Predictor p, List<FloatTensor> inputs, int calls, Latencies sink) {
        return () -> {
            List<Future<long[]>> done = new ArrayList<>(threads);
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    long[] nanos = new long[calls];
                    for (int i = 0; i < calls; i++) {
                        FloatTensor x = inputs.get((first + i) % inputs.size());
                        long s = System.nanoTime();
                        p.predict(x);
                        nanos[i] = System.nanoTime() - s;
                    }
                    return nanos;
                }));
            }
            for (Future<long[]> f : done) {
                try {
                    sink.add(f.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a caller failed: " + e.getCause(), e.getCause());
                }
            }
        };
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** Call latencies of one competitor over all its rounds. */
    static final class Latencies {
        private final List<long[]> parts = new ArrayList<>();

        synchronized void add(long[] nanos) {
            parts.add(nanos);
        }

        synchronized void clear() {
            parts.clear();
        }

        /** Mean in milliseconds (closed loop: threads / throughput, by Little's law). */
        synchronized double meanMs() {
            return parts.stream().flatMapToLong(Arrays::stream).average().orElse(Double.NaN) / 1e6;
        }

        /** The {@code q}-quantile (0..1, nearest rank) in milliseconds. */
        synchronized double quantileMs(double q) {
            long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            int rank = (int) Math.ceil(q * all.length) - 1;
            return all[Math.max(0, Math.min(all.length - 1, rank))] / 1e6;
        }
    }
}
