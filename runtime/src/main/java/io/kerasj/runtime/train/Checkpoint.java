package io.kerasj.runtime.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.export.LegacyH5Writer;
import io.kerasj.export.OptimizerLayout;
import io.kerasj.export.TensorValues;
import io.kerasj.hdf5.LegacyH5Reader;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.OptimizerState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resumable training checkpoint: a legacy Keras {@code .h5} model file (config, weights with the
 * moving statistics) with the optimizer state Keras' {@code model.save} writes
 * ({@code training_config}, {@code optimizer_weights}), plus the root attribute
 * {@value #STATE_ATTRIBUTE}: kerasj's JSON of the run's settings and {@link TrainingPosition}.
 * Python Keras loads the file as a compiled model and ignores the extra attribute.
 *
 * <p>Files in a checkpoint directory: {@code epoch_NNN.h5} after an epoch, and
 * {@code epoch_NNN_batch_BBBBB.h5} after BBBBB batches of epoch NNN (only the newest of those is
 * kept). Each is written to a hidden temporary file beside it, synced, then renamed, so a killed
 * run leaves complete checkpoints and at most hidden {@code .tmp} litter, which the next run in
 * that directory deletes.
 */
public record Checkpoint(Path file, KerasModel model, OptimizerState optimizer, FineTune.Settings settings,
                         TrainingPosition position) {

    /** The root attribute holding kerasj's training state. */
    public static final String STATE_ATTRIBUTE = "kerasj_training_state";
    private static final String FORMAT = "kerasj-training-state";
    private static final int VERSION = 1;
    private static final Pattern NAME = Pattern.compile("epoch_(\\d+)(?:_batch_(\\d+))?\\.h5");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The file name for a checkpoint after {@code batch} batches of {@code epoch} ({@code batch} 0: the epoch is done). */
    static String fileName(int epoch, int batch) {
        return batch == 0 ? String.format(Locale.ROOT, "epoch_%03d.h5", epoch)
                : String.format(Locale.ROOT, "epoch_%03d_batch_%05d.h5", epoch, batch);
    }

    /** Writes a checkpoint atomically (temporary file, fsync, rename, directory fsync). */
    static void write(Path file, KerasModel model, OptimizerLayout optimizer, TensorValues values, FineTune.Settings settings,
                      TrainingPosition position) {
        ObjectNode state = JSON.createObjectNode();
        state.put("format", FORMAT).put("version", VERSION);
        state.set("settings", SettingsJson.toJson(JSON, settings));
        state.set("position", position.toJson(JSON));
        String text = TrainingPosition.write(JSON, state);
        // the HDF5 writer goes through io.kerasj.io.AtomicFiles itself
        LegacyH5Writer.forModel(model).writeModel(model, optimizer, Map.of(STATE_ATTRIBUTE, text), file, values);
    }

    /** Reads a checkpoint written by {@link Trainer#fit}; bad or foreign files give a {@link KerasImportException}. */
    public static Checkpoint read(Path file) {
        LegacyH5Reader reader = new LegacyH5Reader();
        String text = reader.readRootAttribute(file, STATE_ATTRIBUTE).orElseThrow(() -> new KerasImportException(file, null,
                "not a kerasj training checkpoint: no " + STATE_ATTRIBUTE + " attribute (resume needs a file written by "
                        + "finetune --checkpoint-dir)"));
        try {
            JsonNode state = JSON.readTree(text);
            if (!FORMAT.equals(state.path("format").asText()) || state.path("version").asInt() != VERSION) {
                throw new IllegalArgumentException("unknown training state format " + state.path("format") + " version "
                        + state.path("version"));
            }
            FineTune.Settings settings = SettingsJson.fromJson(TrainingPosition.required(state, "settings"));
            TrainingPosition position = TrainingPosition.fromJson(TrainingPosition.required(state, "position"));
            OptimizerState optimizer = reader.readOptimizerState(file).orElseThrow(() ->
                    new IllegalArgumentException("the file has no optimizer_weights"));
            KerasModel model = reader.read(file);
            return new Checkpoint(file, model, optimizer, settings, position);
        } catch (IOException | RuntimeException e) {
            if (e instanceof KerasImportException k) {
                throw k;
            }
            throw new KerasImportException(file, "damaged training checkpoint: " + e.getMessage(), e);
        }
    }

    /** The newest checkpoint in {@code dir} by training position, ignoring temporary files. */
    public static Optional<Path> latest(Path dir) {
        Path best = null;
        long[] bestAt = null;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    // a finished epoch sorts after every batch of it
                    long[] at = {Long.parseLong(m.group(1)), m.group(2) == null ? Long.MAX_VALUE : Long.parseLong(m.group(2))};
                    if (bestAt == null || Arrays.compare(at, bestAt) > 0) {
                        bestAt = at;
                        best = p;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return Optional.ofNullable(best);
    }

    /** Deletes temporary files a killed writer left in {@code dir} (hidden, {@code epoch_...tmp}). */
    static void deleteLeftovers(Path dir) {
        deleteMatching(dir, n -> n.startsWith(".") && n.contains("epoch_") && n.endsWith(".tmp"));
    }

    /** Deletes the mid-epoch checkpoints other than {@code keep} (an older one is never needed again). */
    static void deleteOlderBatchCheckpoints(Path dir, Path keep) {
        String k = keep.getFileName().toString();
        deleteMatching(dir, n -> !n.equals(k) && NAME.matcher(n).matches() && n.contains("_batch_"));
    }

    private static void deleteMatching(Path dir, java.util.function.Predicate<String> which) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                if (which.test(p.getFileName().toString()) && Files.isRegularFile(p)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dir + ": " + e.getMessage(), e);
        }
    }
}
