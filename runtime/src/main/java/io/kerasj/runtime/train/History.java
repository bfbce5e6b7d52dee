package io.kerasj.runtime.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kerasj.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link Trainer#fit} did: one {@link EpochResult} per epoch, why it stopped, and the collapse
 * diagnosis if one was made. {@link #toJson()} has Keras' {@code history.history} keys
 * ({@code loss}, {@code accuracy}, {@code val_loss}, {@code val_accuracy}) plus kerasj's.
 */
public record History(List<EpochResult> epochs, StopReason stopReason, CollapseDiagnosis diagnosis) {

    public enum StopReason { COMPLETED, EARLY_STOPPING, COLLAPSE }

    public History {
        epochs = List.copyOf(epochs);
    }

    public Optional<CollapseDiagnosis> collapse() {
        return Optional.ofNullable(diagnosis);
    }

    public EpochResult last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch was run");
        }
        return epochs.get(epochs.size() - 1);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Double> loss = new ArrayList<>();
        List<Double> acc = new ArrayList<>();
        List<Double> valLoss = new ArrayList<>();
        List<Double> valAcc = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        boolean validation = false;
        for (EpochResult e : epochs) {
            loss.add(e.loss());
            acc.add(e.accuracy());
            valLoss.add(e.hasValidation() ? e.valLoss() : null);
            valAcc.add(e.hasValidation() ? e.valAccuracy() : null);
            seconds.add(e.seconds());
            validation |= e.hasValidation();
        }
        m.put("loss", loss);
        m.put("accuracy", acc);
        if (validation) {
            m.put("val_loss", valLoss);
            m.put("val_accuracy", valAcc);
        }
        m.put("epoch_seconds", seconds);
        m.put("stop_reason", stopReason.name().toLowerCase(java.util.Locale.ROOT));
        if (diagnosis != null) {
            m.put("diagnosis", diagnosis.toMap());
        }
        return m;
    }

    public String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toMap());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@link #toJson()} atomically (temporary file, then move). */
    public void write(Path file) {
        AtomicFiles.write(file, out -> out.write(toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
