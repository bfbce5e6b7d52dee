package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * One engine's table of layer-kind halves, keyed by spec class: the engine's built-ins first, then
 * every {@link ServiceLoader} registration of {@code service} (a registration may replace a
 * built-in). The same table serves every engine, so a plug-in adds a layer kind to each engine
 * the same way: one class per engine, one line in that engine's {@code META-INF/services} file.
 *
 * @param <B> the engine's half type, e.g. {@code TfLayer<?>}
 */
public final class LayerBackends<B extends LayerBackend<?>> {
    private final Map<Class<?>, B> halves;

    private LayerBackends(Map<Class<?>, B> halves) {
        this.halves = Collections.unmodifiableMap(halves);
    }

    /** Built-ins, then the registrations of {@code service} on the context class loader. */
    public static <B extends LayerBackend<?>> LayerBackends<B> load(Class<B> service, List<? extends B> builtins) {
        Map<Class<?>, B> m = new LinkedHashMap<>();
        for (B b : builtins) {
            put(m, b);
        }
        for (B b : ServiceLoader.load(service)) {
            put(m, b);
        }
        return new LayerBackends<>(m);
    }

    private static <B extends LayerBackend<?>> void put(Map<Class<?>, B> m, B half) {
        Class<?> key = half.specClass();
        if (key == null) {
            throw new IllegalStateException(half.getClass().getName() + " names no spec class");
        }
        m.put(key, half);
    }

    public Optional<B> find(Class<? extends LayerSpec> specClass) {
        return Optional.ofNullable(halves.get(specClass));
    }

    public Optional<B> find(LayerSpec spec) {
        return find(spec.getClass());
    }

    /** The spec classes this engine can run. */
    public Set<Class<?>> specClasses() {
        return halves.keySet();
    }
}
