package io.kerasj.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.ir.LayerSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link LayerType} assembled from its parts:
 * {@code LayerKind.of(SwishSpec.class, SwishSpec::parse, "Swish")}, refined with
 * {@link #withBuiltAtInit()}, {@link #withKeras1Keys(Map)} and {@link #withKeras3Config(Consumer)}.
 * Immutable: each refinement returns a new kind.
 */
public final class LayerKind<S extends LayerSpec> implements LayerType<S> {
    private final Class<S> specClass;
    private final Function<LayerConfig, ? extends S> parser;
    private final List<String> classNames;
    private final boolean builtAtInit;
    private final Map<String, String> keras1Keys;
    private final Consumer<ObjectNode> keras3;

    private LayerKind(Class<S> specClass, Function<LayerConfig, ? extends S> parser, List<String> classNames,
                      boolean builtAtInit, Map<String, String> keras1Keys, Consumer<ObjectNode> keras3) {
        this.specClass = Objects.requireNonNull(specClass, "specClass");
        this.parser = Objects.requireNonNull(parser, "parser");
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("a layer kind needs at least one class_name");
        }
        this.classNames = List.copyOf(classNames);
        this.builtAtInit = builtAtInit;
        this.keras1Keys = Map.copyOf(keras1Keys);
        this.keras3 = keras3;
    }

    /** A kind answering to {@code canonicalName} and then {@code aliases}. */
    public static <S extends LayerSpec> LayerKind<S> of(Class<S> specClass, Function<LayerConfig, ? extends S> parser,
                                                       String canonicalName, String... aliases) {
        List<String> names = new java.util.ArrayList<>();
        names.add(canonicalName);
        names.addAll(List.of(aliases));
        return new LayerKind<>(specClass, parser, names, false, Map.of(), c -> { });
    }

    /** Keras 3 builds this kind at construction: no {@code build_config} on export. */
    public LayerKind<S> withBuiltAtInit() {
        return new LayerKind<>(specClass, parser, classNames, true, keras1Keys, keras3);
    }

    /** Keras 1 argument names and their Keras 2/3 names. */
    public LayerKind<S> withKeras1Keys(Map<String, String> keys) {
        return new LayerKind<>(specClass, parser, classNames, builtAtInit, keys, keras3);
    }

    /** The in-place edit from a Keras 2 config to Keras 3's (see {@link LayerType#toKeras3Config}). */
    public LayerKind<S> withKeras3Config(Consumer<ObjectNode> edit) {
        return new LayerKind<>(specClass, parser, classNames, builtAtInit, keras1Keys, edit);
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public S parse(LayerConfig config) {
        return parser.apply(config);
    }

    @Override
    public Class<S> specClass() {
        return specClass;
    }

    @Override
    public Map<String, String> keras1Keys() {
        return keras1Keys;
    }

    @Override
    public boolean builtAtInit() {
        return builtAtInit;
    }

    @Override
    public void toKeras3Config(ObjectNode config) {
        keras3.accept(config);
    }

    @Override
    public String toString() {
        return "LayerKind" + classNames + "->" + specClass.getSimpleName();
    }
}
