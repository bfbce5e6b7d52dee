package io.kerasj.runtime.savedmodel;

import io.kerasj.io.ReaderBackedFormat;
import io.kerasj.ir.KerasModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A TensorFlow SavedModel directory: Keras-written ones convert to the model IR, and any model
 * exports to one with a {@code serving_default} signature. It lives in the runtime module because
 * both directions need TensorFlow; registered through {@link java.util.ServiceLoader}.
 */
public final class SavedModelFormat extends ReaderBackedFormat {
    public SavedModelFormat() {
        super(SAVEDMODEL, SavedModels::isSavedModelDir, SavedModelConverter::convert);
    }

    @Override
    public List<String> extensions() {
        return List.of();
    }

    @Override
    public boolean writesDirectory() {
        return true;
    }

    @Override
    public String write(KerasModel model, Path path) {
        SavedModelExport e = SavedModelExporter.export(model, path);
        return String.format(Locale.ROOT, "signature serving_default: inputs %s, outputs %s; %d variables",
                e.inputs(), e.outputs(), e.variables());
    }
}
