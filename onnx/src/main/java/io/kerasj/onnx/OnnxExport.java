package io.kerasj.onnx;

import io.kerasj.io.AtomicFiles;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.onnx.export.ModelExport;
import io.kerasj.onnx.proto.Onnx.ModelProto;
import io.kerasj.onnx.quant.Precisions;
import io.kerasj.runtime.Precision;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keras → ONNX without Python: the imported model as an ONNX file (opset 17), inputs and outputs
 * in Keras' layout (NHWC images, batch dimension free), node and value names that lead back to
 * the Keras layers.
 *
 * <pre>{@code
 * OnnxExport.write(KerasModels.load(Path.of("alexnet.h5")), Path.of("alexnet.onnx"));
 * }</pre>
 */
public final class OnnxExport {
    private OnnxExport() {
    }

    /**
     * The ONNX model in memory.
     *
     * @throws KerasImportException naming every layer that has no ONNX form or lacks weights
     */
    public static ModelProto toOnnx(KerasModel model, Precision precision) {
        return Precisions.apply(ModelExport.toOnnx(model), precision);
    }

    /** Writes {@code out} all-or-nothing (a temporary file beside it, renamed into place); float32 weights. */
    public static void write(KerasModel model, Path out) {
        write(model, out, Precision.FP32);
    }

    /** Writes {@code out} with weights at {@code precision} (FP16 halves the file; INT8 quarters the Dense/Conv weights). */
    public static void write(KerasModel model, Path out, Precision precision) {
        ModelProto proto = toOnnx(model, precision);
        try (AtomicFiles.Output target = AtomicFiles.file(out)) {
            try (OutputStream os = Files.newOutputStream(target.temp())) {
                proto.writeTo(os);
            }
            target.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }
}
