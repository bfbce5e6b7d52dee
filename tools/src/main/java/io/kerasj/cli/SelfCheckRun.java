package io.kerasj.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.parity.LayerCheck;
import io.kerasj.runtime.parity.ParityReport;
import io.kerasj.runtime.parity.Tolerance;
import io.kerasj.runtime.savedmodel.SavedModelConverter;
import io.kerasj.runtime.savedmodel.SavedModelPredictor;
import io.kerasj.runtime.savedmodel.SavedModelSelfCheck;
import io.kerasj.runtime.savedmodel.SavedModels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/**
 * {@code kerasj verify SAVEDMODEL_DIR --self-check}: kerasj's conversion of the SavedModel, run by
 * the kerasj runtime, against TensorFlow running the same SavedModel as-is, on fill-rule inputs of
 * the model's input shapes. Exit 0 when every output agrees, 1 on a mismatch, 2 when the
 * SavedModel cannot be converted (the reason is printed).
 */
final class SelfCheckRun {
    /** Samples per input batch, as the oracle uses. */
    static final int BATCH = 2;

    private SelfCheckRun() {
    }

    static int run(RuntimeOptions runtime, Tolerance tolerance, boolean json, CommandLine cli) throws Exception {
        Path dir = runtime.model.path();
        if (!SavedModels.isSavedModelDir(dir)) {
            throw new IllegalArgumentException("--self-check compares kerasj's conversion of a SavedModel with TensorFlow "
                    + "running it; " + dir + " is not a SavedModel directory (no saved_model.pb)");
        }
        if (runtime.fillWeights || runtime.model.config != null) {
            throw new IllegalArgumentException("--self-check uses the SavedModel's own config and weights; "
                    + "drop --fill-weights and --config");
        }
        KerasModel model;
        try {
            model = SavedModelConverter.convert(dir);
        } catch (KerasImportException e) {
            return impossible(cli, dir, e);
        }
        List<FloatTensor> inputs = new ArrayList<>();
        for (int i = 0; i < model.inputShapes().size(); i++) {
            Shape s = model.inputShapes().get(i);
            for (int d : s.featureDims()) {
                if (d == Shape.UNKNOWN) {
                    throw new IllegalArgumentException("input '" + model.inputs().get(i) + "' has shape " + s
                            + " with an unknown dimension besides the batch; --self-check needs fixed input shapes");
                }
            }
            inputs.add(FillRule.input(BATCH, s.featureDims()));
        }
        Predictor converted;
        try {
            converted = runtime.predictor(model);
        } catch (KerasImportException e) {
            return impossible(cli, dir, e);
        }
        ParityReport report;
        try (Predictor p = converted; SavedModelPredictor asIs = SavedModelPredictor.load(dir)) {
            report = SavedModelSelfCheck.check(p, asIs, inputs, tolerance);
        }
        double maxAbs = 0;
        double maxRel = 0;
        for (LayerCheck c : report.checks()) {
            maxAbs = Math.max(maxAbs, c.maxAbsError());
            maxRel = Math.max(maxRel, c.maxRelError());
        }
        PrintWriter out = cli.getOut();
        if (json) {
            ObjectNode j = report.toJson();
            j.put("max_abs_error", maxAbs);
            j.put("max_rel_error", maxRel);
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(j));
        } else {
            out.print(report.toText());
            out.printf(Locale.ROOT, "self-check %s: kerasj conversion vs TensorFlow as-is on %d fill-rule sample(s): "
                    + "max abs error %.3g, max rel error %.3g (%s)%n", report.passed() ? "PASS" : "MISMATCH", BATCH,
                    maxAbs, maxRel, tolerance);
        }
        out.flush();
        return report.passed() ? 0 : VerifyCommand.EXIT_MISMATCH;
    }

    private static int impossible(CommandLine cli, Path dir, KerasImportException e) {
        PrintWriter err = cli.getErr();
        err.println("self-check impossible: kerasj cannot convert " + dir + " to its model IR, so there is no "
                + "conversion to compare with TensorFlow's execution.");
        err.println("reason: " + e.getMessage());
        err.println("(`kerasj predict` still runs this SavedModel as-is with TensorFlow.)");
        err.flush();
        return KerasjCli.EXIT_IMPORT_ERROR;
    }
}
