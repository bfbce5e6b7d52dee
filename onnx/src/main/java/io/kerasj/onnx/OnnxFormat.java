package io.kerasj.onnx;

import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.io.ModelFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * ONNX as a {@link ModelFormat} ({@code KerasModels.save(model, path)} for {@code *.onnx}), registered
 * in {@code META-INF/services/io.kerasj.io.ModelFormat}. ONNX is an output format: an .onnx file
 * runs as-is on ONNX Runtime ({@link OnnxFiles}) but does not convert back to a Keras model.
 */
public final class OnnxFormat implements ModelFormat {
    public static final String ONNX = "onnx";

    @Override
    public String format() {
        return ONNX;
    }

    @Override
    public List<String> extensions() {
        return List.of(".onnx");
    }

    @Override
    public boolean canRead(Path path) {
        return path.getFileName() != null && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    @Override
    public KerasModel read(Path path) {
        throw new KerasImportException(path, "model", "an ONNX file does not convert back to a Keras model; it runs as-is"
                + " on ONNX Runtime (kerasj predict/verify/bench, or OnnxFiles.predictor)");
    }

    @Override
    public String write(KerasModel model, Path path) {
        OnnxExport.write(model, path);
        return "";
    }
}
