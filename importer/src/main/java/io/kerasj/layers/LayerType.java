package io.kerasj.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.ir.LayerSpec;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The importer's half of one Keras layer kind: every {@code class_name} it answers to, how to read
 * its config into a typed {@link LayerSpec} (which knows output shapes and weights), and what
 * export needs to write it back for another Keras version. The engine halves (TensorFlow lowering
 * and training behaviour, ONNX lowering) are {@link LayerBackend}s keyed by {@link #specClass()}.
 *
 * <p>Built-ins are listed in {@link LayerRegistry}; more can be added with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.kerasj.layers.LayerType}), most
 * simply as a {@link LayerKind}.
 *
 * @param <S> the spec record {@link #parse} returns
 */
public interface LayerType<S extends LayerSpec> {

    /**
     * Every {@code class_name} of this kind: the canonical one first (the class's own name, which
     * Keras 3 saves), then the aliases of every Keras version ({@code Convolution2D}, {@code MaxPool2D}).
     */
    List<String> classNames();

    S parse(LayerConfig config);

    /** The canonical {@code class_name}. */
    default String canonicalName() {
        return classNames().get(0);
    }

    /**
     * The spec record {@link #parse} returns: the key of this kind's engine halves. The generic
     * {@link LayerSpec} when a legacy registration does not say.
     */
    default Class<? extends LayerSpec> specClass() {
        return LayerSpec.class;
    }

    /** Keras 1 argument names of this kind and their Keras 2/3 names, for export to Keras 3. */
    default Map<String, String> keras1Keys() {
        return Map.of();
    }

    /**
     * True when Keras 3 builds the layer at construction ({@code Layer._build_at_init}), so its
     * saved dict carries no {@code build_config}.
     */
    default boolean builtAtInit() {
        return false;
    }

    /**
     * Turns this kind's Keras 2 config (already in Keras 3's generic form: sub-objects with module,
     * dtype policy) into what Keras 3's class of the same name accepts, in place.
     *
     * @throws ConfigException when the config has no Keras 3 equivalent
     */
    default void toKeras3Config(ObjectNode config) {
    }

    static LayerType<LayerSpec> of(String className, Function<LayerConfig, LayerSpec> parser) {
        return of(List.of(className), parser);
    }

    /** A kind that does not name its spec class (prefer {@link LayerKind#of}). */
    static LayerType<LayerSpec> of(List<String> classNames, Function<LayerConfig, LayerSpec> parser) {
        return LayerKind.of(LayerSpec.class, parser, classNames.get(0),
                classNames.subList(1, classNames.size()).toArray(String[]::new));
    }
}
