package io.kerasj.runtime.train;

import io.kerasj.export.KerasArchiveWriter;
import io.kerasj.export.LegacyH5Writer;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.OptimizerState;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a (trained) model as Keras files, chosen by extension: {@code .h5}/{@code .hdf5} — the
 * legacy HDF5 format of {@code model.save("m.h5")}; {@code .keras} — the Keras 3 archive. Both
 * writers write a temporary file beside the target and move it into place, so a checkpoint is
 * never seen half-written.
 */
public final class ModelFiles {
    private ModelFiles() {
    }

    /** Whether {@code file}'s extension names a format {@link #write} can produce. */
    public static boolean supported(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".h5") || n.endsWith(".hdf5") || n.endsWith(".keras");
    }

    public static void write(KerasModel model, Path file) {
        writeTrained(model, null, file);
    }

    /**
     * Writes a trained model with its optimizer state (null: none), so Keras' {@code load_model}
     * resumes training: a {@code .h5} carries {@code training_config} and {@code optimizer_weights},
     * a {@code .keras} archive {@code compile_config} and {@code optimizer/vars}.
     */
    public static void writeTrained(KerasModel model, OptimizerState optimizer, Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".h5") || n.endsWith(".hdf5")) {
            LegacyH5Writer.forModel(model).writeModel(model, optimizer, Map.of(), file);
        } else if (n.endsWith(".keras")) {
            new KerasArchiveWriter().write(model, optimizer, file);
        } else {
            throw new IllegalArgumentException("cannot write " + file + ": use a .h5 (legacy HDF5) or .keras file name");
        }
    }
}
