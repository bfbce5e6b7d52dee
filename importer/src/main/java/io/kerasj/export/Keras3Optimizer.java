package io.kerasj.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.hdf5.write.H5Group;
import io.kerasj.hdf5.write.StringEncoding;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.OptimizerState;
import io.kerasj.ir.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimizer's state as a Keras 3 {@code .keras} archive holds it: {@code compile_config} in
 * {@code config.json} (what {@code load_model} compiles with) and the {@code optimizer/vars} group
 * of {@code model.weights.h5}: {@code 0} the int64 iteration counter, {@code 1} the float32
 * learning rate, then the slot variables. Keras 3's Adam keeps them per weight, {@code m} then
 * {@code v} (as a Keras 3.15 archive shows; tf.keras 2 lists all {@code m}s first). Optimizers
 * with two kinds of slots other than Adam (RMSprop with momentum) are written without their state,
 * because Keras 3 releases disagree on that order and a wrong one would swap same-shaped slots
 * silently.
 */
final class Keras3Optimizer {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Map<String, String> KERAS3_NAMES = Map.of("Adam", "adam", "SGD", "SGD", "RMSprop", "rmsprop");

    private final OptimizerState state;
    private final JsonNode trainingConfig;

    private Keras3Optimizer(OptimizerState state, JsonNode trainingConfig) {
        this.state = state;
        this.trainingConfig = trainingConfig;
    }

    /** The Keras 3 form of {@code state}, or null when it cannot be written faithfully (see the class comment). */
    static Keras3Optimizer of(OptimizerState state) {
        if (state == null || state.trainingConfig() == null || !KERAS3_NAMES.containsKey(state.optimizerName())) {
            return null;
        }
        JsonNode config;
        try {
            config = new ObjectMapper().readTree(state.trainingConfig());
        } catch (IOException e) {
            throw new ExportException("the optimizer's training_config is not JSON: " + e.getMessage());
        }
        if (!config.path("optimizer_config").path("config").isObject()) {
            return null;
        }
        if (!state.optimizerName().equals("Adam") && slotKinds(state).size() > 1) {
            return null;
        }
        return new Keras3Optimizer(state, config);
    }

    /** Keras 3's {@code model.get_compile_config()}. */
    ObjectNode compileConfig() {
        JsonNode tf2 = trainingConfig.path("optimizer_config").path("config");
        String cls = state.optimizerName();
        ObjectNode c = F.objectNode();
        c.put("name", KERAS3_NAMES.get(cls));
        c.set("learning_rate", tf2.path("learning_rate"));
        for (String key : List.of("weight_decay", "clipnorm", "global_clipnorm", "clipvalue")) {
            c.putNull(key);
        }
        c.put("use_ema", false).put("ema_momentum", 0.99).putNull("ema_overwrite_frequency")
                .putNull("loss_scale_factor").putNull("gradient_accumulation_steps");
        List<String> own = switch (cls) {
            case "Adam" -> List.of("beta_1", "beta_2", "epsilon", "amsgrad");
            case "SGD" -> List.of("momentum", "nesterov");
            default -> List.of("rho", "momentum", "epsilon", "centered");
        };
        for (String key : own) {
            c.set(key, tf2.has(key) ? tf2.get(key) : F.booleanNode(false));
        }
        ObjectNode optimizer = F.objectNode();
        optimizer.put("module", "keras.optimizers").put("class_name", cls).set("config", c);
        optimizer.putNull("registered_name");
        ObjectNode out = F.objectNode();
        out.set("optimizer", optimizer);
        out.set("loss", trainingConfig.path("loss"));
        out.putNull("loss_weights");
        out.set("metrics", trainingConfig.has("metrics") ? trainingConfig.get("metrics") : F.nullNode());
        out.putNull("weighted_metrics");
        out.put("run_eagerly", false).put("steps_per_execution", 1).put("jit_compile", false);
        return out;
    }

    /** Writes {@code optimizer/vars} into the archive's weights file. */
    void writeVariables(H5Group root) {
        try (H5Group g = root.createGroup("optimizer/vars")) {
            g.setString("name", KERAS3_NAMES.get(state.optimizerName()), StringEncoding.VLEN_UTF8);
            g.writeInt64("0", state.iterations());
            float lr = (float) trainingConfig.path("optimizer_config").path("config").path("learning_rate").asDouble();
            g.writeFloat32("1", FloatTensor.wrap(Shape.of(), new float[] {lr}));
            int i = 2;
            for (FloatTensor v : perWeight(state)) {
                g.writeFloat32(Integer.toString(i++), v);
            }
        }
    }

    /** The slots regrouped weight by weight, each weight's slots in their kind order (m, v). */
    static List<FloatTensor> perWeight(OptimizerState state) {
        Map<String, List<FloatTensor>> byWeight = new LinkedHashMap<>();
        for (OptimizerState.Slot s : state.slots()) {
            byWeight.computeIfAbsent(weightOf(s.name()), k -> new ArrayList<>()).add(s.value());
        }
        List<FloatTensor> out = new ArrayList<>();
        byWeight.values().forEach(out::addAll);
        return out;
    }

    private static List<String> slotKinds(OptimizerState state) {
        List<String> kinds = new ArrayList<>();
        for (OptimizerState.Slot s : state.slots()) {
            String n = s.name();
            String kind = n.substring(n.lastIndexOf('/') + 1);
            if (!kinds.contains(kind)) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    /** {@code Adam/dense/kernel/m:0} → {@code dense/kernel}. */
    private static String weightOf(String slotName) {
        return slotName.substring(slotName.indexOf('/') + 1, slotName.lastIndexOf('/'));
    }
}
