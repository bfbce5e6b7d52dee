package io.kerasj.hostile.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.lambda.LambdaDecodeException;
import io.kerasj.lambda.LambdaDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Lambda layer configs fed to {@link LambdaDecoder#decode}: three quarters of the mutants change
 * the marshalled bytecode (CPython 2.7, 3.6, 3.11, 3.13 seeds), the rest replace one config field
 * with a value of the wrong kind.
 */
final class LambdaFormat implements FuzzFormat {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SEED_FILES = List.of("py27.json", "py36.json", "py311.json", "py313.json");
    private static final String[] FIELDS = {"function", "function_type", "module", "arguments", "output_shape",
        "output_shape_type"};

    private final List<ObjectNode> seeds = new ArrayList<>();

    LambdaFormat() throws IOException {
        for (String f : SEED_FILES) {
            try (InputStream in = LambdaFormat.class.getResourceAsStream("/io/kerasj/hostile/lambda-seeds/" + f)) {
                for (JsonNode c : JSON.readTree(in)) {
                    seeds.add((ObjectNode) c.get("config"));
                }
            }
        }
        JsonNode oracle = JSON.readTree(Fixtures.oracleText("seed003_mnist_lrn", "keras2_config.json"));
        for (JsonNode layer : oracle.path("config").path("layers")) {
            if ("Lambda".equals(layer.path("class_name").asText())) {
                seeds.add((ObjectNode) layer.get("config"));
            }
        }
    }

    @Override
    public String name() {
        return "lambda";
    }

    @Override
    public int ciIterations() {
        return 3000;
    }

    @Override
    public FuzzCase mutant(Mutator m, Path work) throws IOException {
        ObjectNode c = seeds.get(m.random().nextInt(seeds.size())).deepCopy();
        JsonNode fn = c.get("function");
        if (m.random().nextInt(4) != 0 && fn != null && fn.isArray() && fn.get(0).isTextual()) {
            byte[] code = Base64.getMimeDecoder().decode(fn.get(0).asText());
            ((ArrayNode) fn).set(0, Base64.getEncoder().encodeToString(m.mutate(code)));
        } else {
            c.set(FIELDS[m.random().nextInt(FIELDS.length)], oddValue(m));
        }
        return replay(JSON.writeValueAsBytes(c), work);
    }

    private static JsonNode oddValue(Mutator m) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (m.random().nextInt(8)) {
            case 0 -> f.nullNode();
            case 1 -> f.textNode("");
            case 2 -> f.numberNode(-1);
            case 3 -> f.numberNode(Long.MAX_VALUE);
            case 4 -> f.arrayNode();
            case 5 -> f.objectNode();
            case 6 -> f.textNode("os.system");
            default -> f.arrayNode().add("not base64 \u0000").add(f.arrayNode()).add(f.objectNode());
        };
    }

    @Override
    public FuzzCase replay(byte[] saved, Path work) throws IOException {
        JsonNode config = JSON.readTree(new String(saved, StandardCharsets.UTF_8));
        return new FuzzCase("Lambda config of " + saved.length + " bytes", saved, saved.length,
                () -> LambdaDecoder.decode(config));
    }

    @Override
    public boolean documented(Throwable t) {
        return t instanceof LambdaDecodeException;
    }

}
