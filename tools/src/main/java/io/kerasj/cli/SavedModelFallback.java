package io.kerasj.cli;

import io.kerasj.ir.KerasImportException;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.savedmodel.SavedModelPredictor;
import io.kerasj.runtime.savedmodel.SavedModels;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The predictor for {@code kerasj predict}: an {@code .onnx} file as-is on ONNX Runtime; the
 * converted model on the chosen engine when kerasj
 * can import it; for a SavedModel it cannot convert (no Keras metadata, unsupported layers such as
 * LSTM), TensorFlow running the SavedModel's {@code serving_default} signature as-is — only when
 * its graph just computes ({@code SavedModelGate}), unless the user passed {@code --trust-model-code}.
 */
final class SavedModelFallback {
    private SavedModelFallback() {
    }

    static Predictor predictor(RuntimeOptions runtime, boolean trustModelCode, PrintWriter err) {
        Path path = runtime.model.path();
        if (runtime.isOnnxFile()) {
            return runtime.onnxFilePredictor(runtime.precision());
        }
        if (runtime.model.config != null || runtime.fillWeights || !SavedModels.isSavedModelDir(path)) {
            return runtime.predictor(runtime.load());
        }
        try {
            return runtime.predictor(runtime.load());
        } catch (KerasImportException e) {
            err.println("note: kerasj cannot convert this SavedModel, so TensorFlow runs it as-is (serving_default"
                    + " signature); reason: " + e.getMessage());
            if (trustModelCode) {
                err.println("warning: --trust-model-code: the SavedModel's graph is NOT checked; TensorFlow runs"
                        + " whatever it says, including file and network access");
            }
            err.flush();
            return trustModelCode ? SavedModelPredictor.loadTrustingModelCode(path, SavedModels.DEFAULT_SIGNATURE)
                    : SavedModelPredictor.load(path);
        }
    }
}
