package io.kerasj.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kerasj.ir.KerasModel;
import io.kerasj.runtime.report.Provenance;
import io.kerasj.runtime.report.ValidationReportPage;
import io.kerasj.summary.ModelSummary;
import io.kerasj.summary.SummaryDocument;
import io.kerasj.summary.SummaryParseException;
import io.kerasj.summary.SummaryParser;
import io.kerasj.summary.SummaryValidator;
import io.kerasj.summary.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kerasj validate}: does the imported model match what Python's {@code model.summary()} printed? */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check an imported model against a printed model.summary() and explain any difference.",
                "The text may be a terminal capture, notebook or blog post in Keras 1, 2 or 3 layout; differences are "
                + "explained as another input size or class count, lost convolution groups, BatchNormalization or "
                + "frozen-layer splits.",
                "Exit status: 0 when every row and total matches, 1 when something differs, 2 when the model or "
                        + "the summary cannot be read."})
public final class ValidateCommand implements Callable<Integer> {
    /** Exit status when the summary and the model differ. */
    public static final int EXIT_DIFFERENT = 1;

    @Mixin
    ModelOptions model;

    @Option(names = "--summary", required = true, paramLabel = "SUMMARY.txt",
            description = "Text containing the printed model.summary() (several summaries are fine: see --model-name, --index)")
    Path summary;

    @Option(names = "--model-name", paramLabel = "NAME",
            description = "Use the summary printed for this model (its Model: \"NAME\" line)")
    String modelName;

    @Option(names = "--index", paramLabel = "N",
            description = "Use the N-th summary of the text (1 = first); default: the only one, else the one "
                    + "named like the model, else the best fit")
    Integer index;

    @Option(names = "--json", description = "Print the report as JSON (same content as the table)")
    boolean json;

    @Option(names = "--report", paramLabel = "OUT.html",
            description = "Also write a self-contained HTML report (verdict, rows, diagnoses, layer graph, provenance)")
    Path htmlReport;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SummaryDocument doc;
        ModelSummary chosen = null;
        try {
            doc = SummaryParser.parse(summary);
            if (modelName != null) {
                chosen = doc.byName(modelName);
            } else if (index != null) {
                chosen = doc.get(index - 1);
            }
        } catch (SummaryParseException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return KerasjCli.EXIT_IMPORT_ERROR;
        }
        KerasModel m = model.load();
        ValidationReport report = chosen != null ? SummaryValidator.validate(m, chosen)
                : SummaryValidator.validateBest(m, doc);
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(report.toJsonTree()));
        } else {
            if (chosen == null && doc.size() > 1) {
                out.println("The text has " + doc.size() + " summaries (" + doc.describe() + "); comparing with "
                        + report.summary().label() + ". Choose another with --model-name or --index.");
                out.println();
            }
            out.print(report.toText());
        }
        if (htmlReport != null) {
            ValidationReportPage.write(htmlReport, report, m, Provenance.ofValidation(m, summary));
            spec.commandLine().getErr().println("report: " + htmlReport);
        }
        out.flush();
        return report.passed() ? 0 : EXIT_DIFFERENT;
    }
}
