package io.kerasj.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import io.kerasj.lambda.DecodedLambda;
import io.kerasj.lambda.LambdaDecodeException;
import io.kerasj.lambda.LambdaDecoder;
import io.kerasj.lambda.LambdaOp;
import io.kerasj.lambda.LambdaResolvers;
import io.kerasj.lambda.OutputShapeSpec;
import java.util.List;
import java.util.Optional;

/**
 * A Keras {@code Lambda} layer: its function decoded from the stored bytecode (never run) and,
 * when recognised — by kerasj or by a {@link io.kerasj.lambda.LambdaResolver} — the operation it
 * computes. An unrecognised function still imports when the config declares a literal output
 * shape (so shapes and counts can be checked); otherwise its shape is unknowable and import stops
 * with the disassembly. Such a layer cannot run.
 */
public record LambdaSpec(String layerName, DecodedLambda decoded, Optional<LambdaOp> op) implements LayerSpec {

    public static LambdaSpec parse(LayerConfig c) {
        DecodedLambda decoded;
        try {
            decoded = LambdaDecoder.decode(c.json());
        } catch (LambdaDecodeException e) {
            throw new ConfigException("the Lambda function cannot be decoded: " + e.getMessage());
        }
        return new LambdaSpec(c.layerName(), decoded, LambdaResolvers.resolve(c.layerName(), decoded));
    }

    public boolean recognised() {
        return op.isPresent();
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape in = ShapeException.single(inputs, "Lambda");
        if (op.isPresent()) {
            try {
                return List.of(Shape.of(op.get().outputShape(in.dims())));
            } catch (IllegalArgumentException e) {
                throw new ShapeException(op.get().shortLabel() + ": " + e.getMessage());
            }
        }
        if (decoded.outputShape() instanceof OutputShapeSpec.Fixed fixed) {
            int[] out = new int[fixed.dims().size() + 1];
            out[0] = in.dim(0);
            for (int i = 0; i < fixed.dims().size(); i++) {
                out[i + 1] = fixed.dims().get(i);
            }
            return List.of(Shape.of(out));
        }
        throw new ShapeException(decoded.unrecognisedMessage(layerName));
    }

    /** Summary label: {@code Lambda→LRN r=2 b=1.0 a=2e-05 β=0.75}, or why it is not understood. */
    @Override
    public String detail() {
        return op.map(o -> "→" + o.shortLabel()).orElse("unrecognised function " + decoded.functionName());
    }

    /** Keras 2's func_dump triple (or named function) as Keras 3's Lambda config holds it. */
    static void toKeras3Config(ObjectNode out) {
        String type = out.path("function_type").asText("lambda");
        String module = out.path("module").isTextual() ? out.get("module").asText() : null;
        JsonNode fn = out.get("function");
        if (fn != null && !(fn.isObject() && fn.has("class_name"))) {
            out.set("function", keras3Function(fn, type, module));
        }
        String shapeType = out.path("output_shape_type").asText("raw");
        String shapeModule = out.path("output_shape_module").isTextual() ? out.get("output_shape_module").asText() : null;
        JsonNode os = out.remove("output_shape");
        if (os != null && !os.isNull()) {
            out.set("output_shape", shapeType.equals("raw") || os.isObject() ? os : keras3Function(os, shapeType, shapeModule));
        }
        for (String k : List.of("function_type", "module", "output_shape_type", "output_shape_module")) {
            out.remove(k);
        }
        JsonNode args = out.remove("arguments");
        out.set("arguments", args == null || args.isNull() ? JsonNodeFactory.instance.objectNode() : args);
    }

    private static JsonNode keras3Function(JsonNode fn, String type, String module) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (type.equals("lambda")) {
            ObjectNode cfg = f.objectNode();
            if (fn.isArray() && fn.size() == 3) {
                cfg.set("code", fn.get(0));
                cfg.set("defaults", fn.get(1));
                cfg.set("closure", fn.get(2));
            } else if (fn.isTextual()) {
                cfg.set("code", fn);
                cfg.putNull("defaults");
                cfg.putNull("closure");
            } else {
                throw new ConfigException("Lambda function is neither Keras' func_dump triple nor code text");
            }
            ObjectNode out = f.objectNode();
            out.put("class_name", "__lambda__");
            out.set("config", cfg);
            return out;
        }
        if (!fn.isTextual()) {
            throw new ConfigException("Lambda function of type " + type + " should be a name");
        }
        ObjectNode out = f.objectNode();
        if (module == null) {
            out.putNull("module");
        } else {
            out.put("module", module);
        }
        out.put("class_name", "function");
        out.set("config", fn);
        out.set("registered_name", fn);
        return out;
    }
}
