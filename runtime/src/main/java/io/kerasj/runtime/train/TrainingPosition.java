package io.kerasj.runtime.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.runtime.data.Dataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a run stands, saved in every checkpoint so a restarted run continues exactly: the next
 * epoch (1-based) and batch to run, the optimizer steps taken, the running sums of the epoch in
 * progress, the finished epochs, the early-stopping and collapse counters, why it stopped (if it
 * did), and a fingerprint of the training data (a resumed run must see the same samples).
 * Everything else that decides the next step is either in the model file (weights, moving
 * statistics, optimizer slots) or regenerated from the seed (the shuffle of epoch e is the e-th
 * draw of the seeded shuffle; Dropout masks are a function of seed, layer and step).
 */
public record TrainingPosition(int epoch, int batch, long iterations, double lossSum, double correct, int seen,
                               double elapsedSeconds, List<EpochResult> epochs, double best, int epochsWithoutImprovement,
                               int collapseStreak, History.StopReason stopped, int trainSize, long labelsHash) {

    public TrainingPosition {
        epochs = List.copyOf(epochs);
    }

    /** The start of a run on {@code train}. */
    static TrainingPosition start(Dataset train) {
        return new TrainingPosition(1, 0, 0, 0, 0, 0, 0, List.of(), Double.POSITIVE_INFINITY, 0, 0, null,
                train.size(), labelsHash(train));
    }

    /** Throws unless {@code train} is the data this run started on. */
    void checkSameData(Dataset train) {
        if (train.size() != trainSize || labelsHash(train) != labelsHash) {
            throw new IllegalArgumentException("the checkpoint was trained on " + trainSize + " samples with other labels; "
                    + "resume with the same training data (and validation split) as the interrupted run, "
                    + "not " + train.size() + " samples of " + train.description());
        }
    }

    static long labelsHash(Dataset data) {
        long h = 1125899906842597L;
        for (int i = 0; i < data.size(); i++) {
            h = 31 * h + data.label(i);
        }
        return h;
    }

    ObjectNode toJson(ObjectMapper json) {
        ObjectNode n = json.createObjectNode();
        n.put("epoch", epoch).put("batch", batch).put("iterations", iterations).put("loss_sum", lossSum)
                .put("correct", correct).put("seen", seen).put("elapsed_seconds", elapsedSeconds)
                .put("best", best).put("wait", epochsWithoutImprovement).put("collapse_streak", collapseStreak)
                .put("stopped", stopped == null ? null : stopped.name())
                .put("train_size", trainSize).put("labels_hash", labelsHash);
        ArrayNode done = n.putArray("epochs");
        for (EpochResult e : epochs) {
            done.addObject().put("epoch", e.epoch()).put("loss", e.loss()).put("accuracy", e.accuracy())
                    .put("val_loss", e.valLoss()).put("val_accuracy", e.valAccuracy()).put("seconds", e.seconds());
        }
        return n;
    }

    static TrainingPosition fromJson(JsonNode n) {
        List<EpochResult> done = new ArrayList<>();
        for (JsonNode e : required(n, "epochs")) {
            done.add(new EpochResult(required(e, "epoch").asInt(), number(e, "loss"), number(e, "accuracy"),
                    number(e, "val_loss"), number(e, "val_accuracy"), number(e, "seconds")));
        }
        JsonNode stopped = required(n, "stopped");
        return new TrainingPosition(required(n, "epoch").asInt(), required(n, "batch").asInt(),
                required(n, "iterations").asLong(), number(n, "loss_sum"), number(n, "correct"), required(n, "seen").asInt(),
                number(n, "elapsed_seconds"), done, number(n, "best"), required(n, "wait").asInt(),
                required(n, "collapse_streak").asInt(), stopped.isNull() ? null : History.StopReason.valueOf(stopped.asText()),
                required(n, "train_size").asInt(), required(n, "labels_hash").asLong());
    }

    /** Doubles round-trip exactly; NaN and infinities are stored as Jackson quotes them ("NaN"). */
    private static double number(JsonNode n, String key) {
        JsonNode v = required(n, key);
        return v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText());
    }

    static JsonNode required(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null) {
            throw new IllegalArgumentException("training state has no '" + key + "'");
        }
        return v;
    }

    static String write(ObjectMapper json, JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
