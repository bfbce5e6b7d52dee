package io.kerasj.cli;

import io.kerasj.export.ExportException;
import io.kerasj.fill.FillRule;
import io.kerasj.io.ModelFormat;
import io.kerasj.io.ModelFormats;
import io.kerasj.ir.KerasModel;
import io.kerasj.onnx.OnnxExport;
import io.kerasj.onnx.OnnxFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kerasj export}: write a model in another format — tf.keras 2.x {@code .h5}, Keras 3
 * {@code .keras}, a TensorFlow SavedModel directory, a bare JSON config, or an ONNX file. The format is chosen by
 * {@link ModelFormats}; every writer builds its output beside the target and moves it into place,
 * so a failed export leaves nothing half-written.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a model as a legacy .h5, a Keras 3 .keras archive, a TensorFlow SavedModel directory, a bare JSON config or an ONNX file.",
            "The format follows OUT's name (.h5/.hdf5, .keras, .onnx; a directory or a name without extension means a"
                    + " SavedModel) unless --format says otherwise (--format json writes the architecture only). A"
                    + " SavedModel directory must be new, empty, or a previous kerasj export."})
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "OUT.h5, OUT.keras or a SavedModel directory")
    Path out;

    @Option(names = "--format", paramLabel = "h5|keras|savedmodel|json|onnx", description = "Output format (default: from OUT's name)")
    String format;

    @Option(names = "--precision", paramLabel = "fp32|fp16|int8", defaultValue = "fp32",
            description = "ONNX only: weights as float32 (default), float16, or int8 with dynamic quantisation")
    RuntimeOptions.PrecisionName precision;

    @Option(names = "--fill-weights",
            description = "Give the model the oracle's deterministic weights (oracle/FILL.md); for architecture-only configs")
    boolean fillWeights;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            ModelFormat f = format != null ? ModelFormats.named(format) : ModelFormats.forOutput(out);
            KerasModel m = model.load();
            if (fillWeights) {
                m = FillRule.fill(m);
            }
            long start = System.nanoTime();
            String note;
            if (precision != RuntimeOptions.PrecisionName.fp32) {
                if (!f.format().equals(OnnxFormat.ONNX)) {
                    throw new IllegalArgumentException("--precision " + precision + " is for ONNX files only");
                }
                OnnxExport.write(m, out, precision.precision());
                note = "";
            } else {
                note = f.write(m, out);
            }
            if (!note.isEmpty()) {
                console.println(note);
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            console.printf(Locale.ROOT, "wrote %s (%s, %,d parameters, %,d bytes) in %d ms%n", out, f.format(), m.totalParams(),
                    size(out), ms);
            console.flush();
            return 0;
        } catch (ExportException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return KerasjCli.EXIT_IMPORT_ERROR;
        }
    }

    private static long size(Path p) throws IOException {
        if (Files.isRegularFile(p)) {
            return Files.size(p);
        }
        try (var walk = Files.walk(p)) {
            long total = 0;
            for (Path f : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    total += Files.size(f);
                }
            }
            return total;
        }
    }
}
