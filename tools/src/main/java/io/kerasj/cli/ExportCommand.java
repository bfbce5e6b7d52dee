package io.kerasj.cli;

import io.kerasj.export.ExportException;
import io.kerasj.export.KerasArchiveWriter;
import io.kerasj.export.LegacyH5Writer;
import io.kerasj.fixtures.FillRule;
import io.kerasj.hdf5.write.Hdf5WriteException;
import io.kerasj.ir.KerasModel;
import io.kerasj.onnx.OnnxExport;
import io.kerasj.runtime.savedmodel.SavedModelExport;
import io.kerasj.runtime.savedmodel.SavedModelExporter;
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
 * {@code .keras}, a TensorFlow SavedModel directory, or an ONNX file. Every writer builds its output beside the
 * target and moves it into place, so a failed export leaves nothing half-written.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a model as a legacy .h5, a Keras 3 .keras archive, a TensorFlow SavedModel directory or an ONNX file.",
            "The format follows OUT's name (.h5/.hdf5, .keras, .onnx; a directory or a name without extension means a"
                    + " SavedModel) unless --format says otherwise. A SavedModel directory must be new, empty, or a"
                    + " previous kerasj export."})
public final class ExportCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format { h5, keras, savedmodel, onnx }

    @Mixin
    ModelOptions model;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "OUT.h5, OUT.keras, OUT.onnx or a SavedModel directory")
    Path out;

    @Option(names = "--format", paramLabel = "h5|keras|savedmodel|onnx", description = "Output format (default: from OUT's name)")
    Format format;

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
        Format f = format != null ? format : formatOf(out);
        if (precision != RuntimeOptions.PrecisionName.fp32 && f != Format.onnx) {
            throw new IllegalArgumentException("--precision " + precision + " is for ONNX files only");
        }
        KerasModel m = model.load();
        if (fillWeights) {
            m = FillRule.fill(m);
        }
        PrintWriter console = spec.commandLine().getOut();
        long start = System.nanoTime();
        try {
            switch (f) {
                case h5 -> LegacyH5Writer.forModel(m).writeModel(m, out);
                case keras -> new KerasArchiveWriter().write(m, out);
                case savedmodel -> {
                    SavedModelExport e = SavedModelExporter.export(m, out);
                    console.printf(Locale.ROOT, "signature serving_default: inputs %s, outputs %s; %d variables%n",
                            e.inputs(), e.outputs(), e.variables());
                }
                case onnx -> OnnxExport.write(m, out, precision.precision());
                default -> throw new IllegalStateException(f.name());
            }
        } catch (ExportException | Hdf5WriteException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("error: " + e.getMessage());
            err.flush();
            return KerasjCli.EXIT_IMPORT_ERROR;
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        console.printf(Locale.ROOT, "wrote %s (%s, %,d parameters, %,d bytes) in %d ms%n", out, f, m.totalParams(),
                size(out), ms);
        console.flush();
        return 0;
    }

    /** .h5/.hdf5 and .keras by extension; an existing directory or an extension-less name is a SavedModel. */
    static Format formatOf(Path out) {
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".h5") || name.endsWith(".hdf5")) {
            return Format.h5;
        }
        if (name.endsWith(".keras")) {
            return Format.keras;
        }
        if (name.endsWith(".onnx")) {
            return Format.onnx;
        }
        if (Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS) || !name.contains(".")) {
            return Format.savedmodel;
        }
        throw new IllegalArgumentException("cannot tell the output format from '" + out.getFileName() + "': name it"
                + " *.h5, *.keras or *.onnx, give a directory for a SavedModel, or pass --format h5|keras|savedmodel|onnx");
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
