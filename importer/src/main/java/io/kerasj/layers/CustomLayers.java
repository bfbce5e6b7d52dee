package io.kerasj.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.ir.LayerSpec;
import io.kerasj.lambda.Expr;
import io.kerasj.lambda.LambdaOp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A user's mapping of custom Keras layer classes (which a file names but kerasj cannot read the
 * code of) to something kerasj runs, one {@code NAME=TARGET} each:
 * <ul>
 * <li>{@code identity}: passes its input through;</li>
 * <li>{@code lrn(depth_radius=2,bias=1,alpha=1e-4,beta=0.75)}: local response normalisation, in
 *     TF's, pylearn2's ({@code n}, {@code k}) or Caffe's ({@code size}, {@code k}; alpha divided by
 *     size) convention, {@code data_format=channels_first} for NCHW inputs (see {@link LrnForms});</li>
 * <li>{@code Activation(relu)}, or any supported layer class with its config as {@code key=value}
 *     arguments, e.g. {@code Dropout(rate=0.5)}, {@code Rescaling(scale=0.5)}.</li>
 * </ul>
 * A mapping applies to the imports run inside {@link #apply} (on that thread), as Keras'
 * {@code custom_object_scope} does: {@code CustomLayers.parse("LRN=lrn(n=5,k=2,alpha=1e-4,beta=0.75)")
 * .apply(() -> KerasModels.load(path))}.
 */
public final class CustomLayers {
    private static final ThreadLocal<CustomLayers> SCOPE = new ThreadLocal<>();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Map<String, LayerType<?>> types;

    private CustomLayers(Map<String, LayerType<?>> types) {
        this.types = Map.copyOf(types);
    }

    public static CustomLayers none() {
        return new CustomLayers(Map.of());
    }

    /**
     * Mappings as {@code NAME=TARGET} strings.
     *
     * @throws ConfigException naming the mapping that cannot be read and why
     */
    public static CustomLayers parse(Collection<String> mappings) {
        Map<String, LayerType<?>> m = new LinkedHashMap<>();
        for (String s : mappings) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("custom layer mapping '" + s + "' should be NAME=TARGET, e.g. LRN=lrn(depth_radius=2,"
                        + "bias=1,alpha=1e-4,beta=0.75), MyLayer=identity or MyAct=Activation(relu)");
            }
            String name = s.substring(0, eq).strip();
            try {
                m.put(name, target(name, s.substring(eq + 1).strip()));
            } catch (ConfigException e) {
                throw new ConfigException("custom layer mapping '" + s + "': " + e.getMessage());
            }
        }
        return new CustomLayers(m);
    }

    public static CustomLayers parse(String... mappings) {
        return parse(List.of(mappings));
    }

    /** A mapping file: one {@code NAME=TARGET} per line; blank lines and {@code #} comments are skipped. */
    public static CustomLayers read(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                lines.add(t);
            }
        }
        return parse(lines);
    }

    /** These mappings and then {@code more} (which win for a class both map). */
    public CustomLayers with(CustomLayers more) {
        Map<String, LayerType<?>> m = new LinkedHashMap<>(types);
        m.putAll(more.types);
        return new CustomLayers(m);
    }

    public boolean isEmpty() {
        return types.isEmpty();
    }

    /** The mapped class names. */
    public List<String> classNames() {
        return List.copyOf(types.keySet());
    }

    /** Runs {@code work} (an import) with these mappings in effect on this thread. */
    public <T> T apply(Supplier<T> work) {
        CustomLayers outer = SCOPE.get();
        SCOPE.set(outer == null ? this : outer.with(this));
        try {
            return work.get();
        } finally {
            if (outer == null) {
                SCOPE.remove();
            } else {
                SCOPE.set(outer);
            }
        }
    }

    /** The mappings in effect on this thread, if any. */
    static Optional<CustomLayers> current() {
        return Optional.ofNullable(SCOPE.get());
    }

    Collection<LayerType<?>> types() {
        return types.values();
    }

    private static LayerType<?> target(String name, String target) {
        int open = target.indexOf('(');
        String kind = (open < 0 ? target : target.substring(0, open)).strip();
        if (open >= 0 && !target.endsWith(")")) {
            throw new ConfigException("unbalanced parentheses in '" + target + "'");
        }
        List<String> args = open < 0 ? List.of() : splitArguments(target.substring(open + 1, target.length() - 1));
        if (kind.equals("identity")) {
            if (!args.isEmpty()) {
                throw new ConfigException("identity takes no arguments");
            }
            CustomLayerSpec identity = new CustomLayerSpec(new LambdaOp.Elementwise(new Expr.Input()), "channels_last");
            return LayerKind.of(CustomLayerSpec.class, c -> identity, name);
        }
        if (kind.equals("lrn")) {
            ObjectNode given = keywords(args, null);
            CustomLayerSpec lrn = LrnForms.fromArguments(new LayerConfig(name, name, given, 0));
            return LayerKind.of(CustomLayerSpec.class, c -> lrn, name);
        }
        LayerType<?> builtin = LayerRegistry.builtinsOnly().find(kind).orElseThrow(() -> new ConfigException("unknown target '"
                + kind + "': use identity, lrn(...) or a supported layer class (see `kerasj layers`)"));
        ObjectNode given = keywords(args, kind.equals("Activation") ? "activation" : null);
        // parse once now, so a bad mapping fails before any file is read
        builtin.parse(new LayerConfig(name, kind, withName(given, name), 0));
        return mapped(name, kind, builtin, given);
    }

    private static <S extends LayerSpec> LayerType<S> mapped(String name, String kind, LayerType<S> builtin, ObjectNode given) {
        Class<S> spec = specClassOf(builtin);
        return LayerKind.of(spec, c -> builtin.parse(new LayerConfig(c.layerName(), kind, withName(given, c.layerName()),
                c.kerasMajor())), name);
    }

    @SuppressWarnings("unchecked")
    private static <S extends LayerSpec> Class<S> specClassOf(LayerType<S> t) {
        return (Class<S>) t.specClass();
    }

    private static ObjectNode withName(ObjectNode given, String layerName) {
        ObjectNode cfg = given.deepCopy();
        cfg.put("name", layerName);
        return cfg;
    }

    /** {@code key=value} arguments as a config object; one positional argument is allowed where {@code positional} names it. */
    private static ObjectNode keywords(List<String> args, String positional) {
        ObjectNode out = F.objectNode();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                if (positional == null || out.has(positional)) {
                    throw new ConfigException("argument '" + a + "' should be key=value");
                }
                out.set(positional, value(a));
            } else {
                out.set(a.substring(0, eq).strip(), value(a.substring(eq + 1).strip()));
            }
        }
        return out;
    }

    /** A JSON value (number, true/false, list, quoted string), else the text itself. */
    private static JsonNode value(String text) {
        try {
            JsonNode v = new ObjectMapper().readTree(text);
            if (v != null && !v.isMissingNode()) {
                return v;
            }
        } catch (IOException e) {
            // not JSON: a bare word such as relu or channels_first
        }
        return F.textNode(text);
    }

    /** Splits on commas outside brackets. */
    private static List<String> splitArguments(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '(' || ch == '[' || ch == '{') {
                depth++;
            } else if (ch == ')' || ch == ']' || ch == '}') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                out.add(s.substring(start, i).strip());
                start = i + 1;
            }
        }
        String last = s.substring(start).strip();
        if (!last.isEmpty() || !out.isEmpty()) {
            out.add(last);
        }
        out.removeIf(String::isEmpty);
        return out;
    }
}
