package io.kerasj.hostile.fuzz;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs cases of one format, each on a worker thread with a timeout, measuring the bytes that
 * thread allocates (HotSpot's per-thread allocation counter, so it does not depend on -Xmx or
 * on when the GC runs). An outcome is fine when the entry point returns or throws its documented
 * exception within the allocation bound; anything else — another exception, an Error, a hang, a
 * larger allocation — is a failure, and the input is saved under {@code target/fuzz-failures}
 * for the regression corpus.
 */
final class FuzzRunner {
    static final long TIMEOUT_SECONDS = 30;
    private static final int WARM_UP = 20;
    private static final long WARM_UP_SEED = 0x5eedL;

    private final FuzzFormat format;
    private final Path work;
    private final Path failures;
    private ExecutorService worker = newWorker();

    FuzzRunner(FuzzFormat format, Path work, Path failures) {
        this.format = format;
        this.work = work;
        this.failures = failures;
    }

    /** {@code iterations} seeded mutants. */
    FuzzStats mutants(long seed, int iterations) throws IOException {
        Mutator m = new Mutator(seed);
        FuzzStats stats = start();
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            Path dir = Files.createDirectories(work.resolve(format.name() + "-" + i));
            FuzzCase c = format.mutant(m, dir);
            run(c, stats);
            deleteTree(dir);
        }
        return finish(stats, t0);
    }

    /** Every saved input of the regression corpus. */
    FuzzStats replay(List<byte[]> saved) throws IOException {
        FuzzStats stats = start();
        long t0 = System.nanoTime();
        int i = 0;
        for (byte[] b : saved) {
            Path dir = Files.createDirectories(work.resolve(format.name() + "-replay-" + i++));
            run(format.replay(b, dir), stats);
            deleteTree(dir);
        }
        return finish(stats, t0);
    }

    /**
     * The first inputs load classes and initialise libraries (TensorFlow, Jackson, jhdf): tens of
     * MB once per JVM, not per input. A few uncounted mutants first keep that out of the bound.
     */
    private FuzzStats start() throws IOException {
        Mutator m = new Mutator(WARM_UP_SEED);
        for (int i = 0; i < WARM_UP; i++) {
            Path dir = Files.createDirectories(work.resolve(format.name() + "-warm-up-" + i));
            FuzzCase c = format.mutant(m, dir);
            try {
                worker.submit(() -> measure(c)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // judged when the same kind of input comes up in the counted run
            } catch (TimeoutException e) {
                worker.shutdownNow();
                worker = newWorker();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            deleteTree(dir);
        }
        System.gc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
        return new FuzzStats(format.name());
    }

    private FuzzStats finish(FuzzStats stats, long t0) {
        stats.millis = (System.nanoTime() - t0) / 1_000_000;
        stats.peakHeapBytes = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        worker.shutdownNow();
        return stats;
    }

    private void run(FuzzCase c, FuzzStats stats) throws IOException {
        stats.inputs++;
        Future<long[]> f = worker.submit(() -> measure(c));
        String failure;
        try {
            long[] r = f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long allocated = r[1];
            if (allocated > stats.maxAllocated) {
                stats.maxAllocated = allocated;
                stats.maxAllocatedLabel = c.label();
            }
            long limit = format.allocationLimit(c.size());
            if (allocated > limit) {
                failure = "allocated " + allocated + " bytes for an input of " + c.size() + " (limit " + limit + ")";
            } else {
                if (r[0] == 0) {
                    stats.accepted++;
                } else {
                    stats.cleanErrors++;
                }
                return;
            }
        } catch (ExecutionException e) {
            failure = describe(e.getCause());
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            failure = "no answer within " + TIMEOUT_SECONDS + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String name = HexFormat.of().formatHex(sha(c.bytes())).substring(0, 16);
        Files.createDirectories(failures.resolve(format.name()));
        Files.write(failures.resolve(format.name()).resolve(name), c.bytes());
        stats.failures.add(c.label() + " -> " + failure + " (saved as " + format.name() + "/" + name + ")");
    }

    /** {outcome (0 returned, 1 documented exception), bytes allocated}; rethrows anything undocumented. */
    private long[] measure(FuzzCase c) throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        long outcome;
        try {
            c.call().call();
            outcome = 0;
        } catch (Throwable t) {
            if (!format.documented(t)) {
                throw new UndocumentedFailure(t);
            }
            outcome = 1;
        }
        return new long[] {outcome, mx.getThreadAllocatedBytes(tid) - before};
    }

    private static String describe(Throwable t) {
        Throwable cause = t instanceof UndocumentedFailure u ? u.getCause() : t;
        StackTraceElement top = cause.getStackTrace().length > 0 ? cause.getStackTrace()[0] : null;
        return cause + (top == null ? "" : " at " + top);
    }

    private static byte[] sha(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true);
            return t;
        });
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Carries an undocumented exception out of the worker. */
    private static final class UndocumentedFailure extends Exception {
        private static final long serialVersionUID = 1L;

        UndocumentedFailure(Throwable cause) {
            super(cause);
        }
    }
}
