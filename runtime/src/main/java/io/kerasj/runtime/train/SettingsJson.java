package io.kerasj.runtime.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The settings of a run as stored in a checkpoint, so a resumed run trains with exactly the same
 * ones: the optimizer as Keras' {@code get_config()} (see {@link Optimizer#kerasConfig()}), the
 * loss by Keras name, and kerasj's batching, seeding, stopping and checkpointing choices.
 * Listeners and the checkpoint directory belong to the process, not the run, and are not stored.
 */
final class SettingsJson {
    private SettingsJson() {
    }

    static ObjectNode toJson(ObjectMapper json, FineTune.Settings s) {
        ObjectNode n = json.createObjectNode();
        ObjectNode opt = n.putObject("optimizer");
        opt.put("class_name", s.optimizer().kerasClassName());
        opt.set("config", json.valueToTree(s.optimizer().kerasConfig()));
        n.put("loss", s.loss().kerasName()).put("batch_size", s.batchSize()).put("epochs", s.epochs())
                .put("shuffle", s.shuffle()).put("seed", s.seed()).put("validation_split", s.validationSplit())
                .put("early_stopping_patience", s.earlyStoppingPatience())
                .put("checkpoint_format", s.checkpointFormat().name()).put("checkpoint_every", s.checkpointEvery())
                .put("on_collapse", s.onCollapse().name()).put("collapse_epochs", s.collapseEpochs())
                .put("probe_samples", s.probeSamples());
        return n;
    }

    @SuppressWarnings("unchecked")
    static FineTune.Settings fromJson(JsonNode n) {
        JsonNode opt = TrainingPosition.required(n, "optimizer");
        Optimizer o = Optimizer.fromKerasConfig(TrainingPosition.required(opt, "class_name").asText(),
                new ObjectMapper().convertValue(TrainingPosition.required(opt, "config"), Map.class));
        return new FineTune.Settings(o, Loss.fromKerasName(field(n, "loss").asText()), field(n, "batch_size").asInt(),
                field(n, "epochs").asInt(), field(n, "shuffle").asBoolean(), field(n, "seed").asLong(),
                field(n, "validation_split").asDouble(), field(n, "early_stopping_patience").asInt(), null,
                FineTune.CheckpointFormat.valueOf(field(n, "checkpoint_format").asText()),
                field(n, "checkpoint_every").asInt(), FineTune.OnCollapse.valueOf(field(n, "on_collapse").asText()),
                field(n, "collapse_epochs").asInt(), field(n, "probe_samples").asInt(), List.of());
    }

    /**
     * Keras' {@code training_config} attribute: what {@code load_model} compiles the model with, so
     * Python can continue training from an exported file with the stored optimizer state.
     */
    static String trainingConfig(ObjectMapper json, FineTune.Settings s) {
        ObjectNode n = json.createObjectNode();
        n.put("loss", s.loss().kerasName());
        n.putArray("metrics").add("accuracy");
        n.putNull("weighted_metrics");
        n.putNull("loss_weights");
        ObjectNode opt = n.putObject("optimizer_config");
        opt.put("class_name", s.optimizer().kerasClassName());
        opt.set("config", json.valueToTree(s.optimizer().kerasConfig()));
        return TrainingPosition.write(json, n);
    }

    private static JsonNode field(JsonNode n, String key) {
        return TrainingPosition.required(n, key);
    }
}
