package io.kerasj.spark;

import io.kerasj.KerasModels;
import io.kerasj.runtime.Device;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The models of this JVM (a driver or an executor): each model version is imported and compiled
 * once, however many tasks and threads score with it, since a predictor is thread-safe. A newer
 * version of the same path retires the older one, which is closed when its last task lets go; all
 * are closed when the JVM shuts down.
 */
final class PredictorCache {
    private static final Map<String, Entry> ENTRIES = new HashMap<>();
    /** Loads happen one at a time: two 230 MB models at once could exhaust an executor's heap. */
    private static final Object LOADING = new Object();
    private static final java.util.concurrent.atomic.AtomicInteger LOADS = new java.util.concurrent.atomic.AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(PredictorCache::closeAll, "kerasj-predictor-cache"));
    }

    private PredictorCache() {
    }

    /** A predictor in use by one task; closing it lets the cache close a retired model. */
    static final class Lease implements AutoCloseable {
        private final Entry entry;
        private boolean released;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        Predictor predictor() {
            return entry.predictor;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                entry.release();
            }
        }
    }

    private static final class Entry {
        final String path;
        final Predictor predictor;
        int leases;
        boolean retired;

        Entry(String path, Predictor predictor) {
            this.path = path;
            this.predictor = predictor;
        }

        void release() {
            boolean close;
            synchronized (ENTRIES) {
                leases--;
                close = retired && leases == 0;
            }
            if (close) {
                predictor.close();
            }
        }
    }

    /**
     * The predictor of {@code source} on {@code device}, importing it on first use.
     *
     * @throws io.kerasj.ir.KerasImportException when the model cannot be imported or run
     */
    static Lease acquire(ModelSource source, Device device) {
        String key = source.cacheKey() + "#" + device;
        Lease lease = lease(key);
        if (lease != null) {
            return lease;
        }
        synchronized (LOADING) {
            lease = lease(key);
            if (lease != null) {
                return lease;
            }
            Entry fresh = new Entry(source.path() + "#" + device, load(source, device));
            List<Entry> retire = new ArrayList<>();
            synchronized (ENTRIES) {
                ENTRIES.entrySet().removeIf(e -> {
                    boolean older = e.getValue().path.equals(fresh.path);
                    if (older) {
                        e.getValue().retired = true;
                        if (e.getValue().leases == 0) {
                            retire.add(e.getValue());
                        }
                    }
                    return older;
                });
                ENTRIES.put(key, fresh);
                fresh.leases++;
            }
            retire.forEach(e -> e.predictor.close());
            return new Lease(fresh);
        }
    }

    /** How many models this JVM has imported (a model is imported once per version and device). */
    static int loads() {
        return LOADS.get();
    }

    private static Lease lease(String key) {
        synchronized (ENTRIES) {
            Entry e = ENTRIES.get(key);
            if (e == null) {
                return null;
            }
            e.leases++;
            return new Lease(e);
        }
    }

    private static Predictor load(ModelSource source, Device device) {
        LOADS.incrementAndGet();
        Path local = source.materialize();
        try {
            return KerasRuntime.builder(KerasModels.load(local)).device(device).build();
        } finally {
            if (source.isCopy()) {
                deleteCopy(local.getParent());
            }
        }
    }

    private static void deleteCopy(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary model copy " + dir, e);
        }
    }

    private static void closeAll() {
        List<Entry> all;
        synchronized (ENTRIES) {
            all = new ArrayList<>(ENTRIES.values());
            ENTRIES.clear();
        }
        all.forEach(e -> e.predictor.close());
    }
}
