package io.kerasj.runtime.report;

import io.kerasj.ir.KerasModel;
import io.kerasj.io.AtomicFiles;
import io.kerasj.summary.Diagnosis;
import io.kerasj.summary.RowCheck;
import io.kerasj.summary.SummaryRow;
import io.kerasj.summary.TotalCheck;
import io.kerasj.summary.ValidationReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The summary-validation counterpart of {@link ParityReportPage}: verdict first, the printed rows
 * against the model's layers, the totals, the diagnoses that explain differences, the layer graph
 * coloured by row, and the provenance.
 */
public final class ValidationReportPage {
    private ValidationReportPage() {
    }

    public static void write(Path out, ValidationReport report, KerasModel model, Provenance provenance) {
        byte[] page = render(report, model, provenance).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(out, o -> o.write(page));
    }

    public static String render(ValidationReport report, KerasModel model, Provenance provenance) {
        Html h = Html.page("kerasj summary validation: " + model.name());
        h.el("h1", null, "Summary validation: " + model.name());
        h.el("p", "muted", provenance.entries().getOrDefault("model file", "") + " against the printed summary "
                + report.summary().label() + " (" + report.summary().style().label() + ")");
        boolean ok = report.passed();
        h.raw("<div id=\"verdict\" class=\"verdict ").raw(ok ? "pass" : "fail").raw("\">");
        h.el("div", "big", ok ? "MATCH" : "DIFFERENT");
        long totalsDiffer = report.totals().stream().filter(t -> !t.ok()).count();
        h.el("p", null, report.rowsMatched() + " of " + report.rows().size() + " rows match, " + report.rowsDiffering()
                + " differ; " + totalsDiffer + " of " + report.totals().size() + " totals differ.");
        report.rows().stream().filter(r -> !r.status().ok()).findFirst().ifPresent(r -> h.raw("<p>First differing row: <b id=\"first-divergence\">")
                .text(r.row() != null ? r.row().label() : r.layerName()).raw("</b> — ").text(r.status().label()).raw("</p>"));
        h.raw("</div>");

        if (!report.diagnoses().isEmpty()) {
            h.el("h2", null, "Diagnosis");
            h.raw("<ul id=\"diagnoses\">");
            for (Diagnosis d : report.diagnoses()) {
                h.el("li", null, d.message());
            }
            h.raw("</ul>");
        }

        h.el("h2", null, "Rows");
        h.raw(report.rows().size() > ParityReportPage.FOLD_ROWS ? "<details><summary>All rows</summary>" : "<div>");
        h.raw("<table id=\"rows\"><thead><tr><th></th><th>printed row</th><th>model layer</th><th>printed shape</th>"
                + "<th>model shape</th><th>printed params</th><th>model params</th><th>notes</th></tr></thead><tbody>");
        for (RowCheck c : report.rows()) {
            SummaryRow row = c.row();
            h.raw("<tr class=\"").raw(c.status().ok() ? "" : "bad").raw("\"><td>")
                    .raw(c.status().ok() ? "<span class=\"tag ok\">" : "<span class=\"tag bad\">").text(c.status().label())
                    .raw("</span></td><td>").text(row == null ? "—" : row.label()).raw("</td><td>")
                    .text(c.layerName() == null ? "—" : c.layerName() + " (" + c.layerClass() + ")").raw("</td><td>")
                    .text(row == null ? "" : row.outputShape().text()).raw("</td><td>").text(nullToEmpty(c.expectedShape()))
                    .raw("</td><td class=\"num\">").text(row == null ? "" : group(row.params())).raw("</td><td class=\"num\">")
                    .text(c.expectedParams() == null ? "" : group(c.expectedParams())).raw("</td><td>")
                    .text(String.join("; ", c.notes())).raw("</td></tr>");
        }
        h.raw("</tbody></table>").raw(report.rows().size() > ParityReportPage.FOLD_ROWS ? "</details>" : "</div>");

        h.el("h2", null, "Totals");
        h.raw("<table id=\"totals\"><thead><tr><th></th><th>total</th><th>printed</th><th>model</th></tr></thead><tbody>");
        for (TotalCheck t : report.totals()) {
            h.raw("<tr class=\"").raw(t.ok() ? "" : "bad").raw("\"><td>")
                    .raw(t.ok() ? "<span class=\"tag ok\">ok</span>" : "<span class=\"tag bad\">differs</span>")
                    .raw("</td><td>").text(t.label()).raw("</td><td class=\"num\">")
                    .text(t.printed() == null ? "(not printed)" : group(t.printed())).raw("</td><td class=\"num\">")
                    .text(group(t.model())).raw("</td></tr>");
        }
        h.raw("</tbody></table>");

        h.el("h2", null, "Model");
        Map<String, LayerGraphSvg.Mark> marks = new HashMap<>();
        boolean firstSeen = false;
        for (RowCheck c : report.rows()) {
            if (c.layerName() == null) {
                continue;
            }
            LayerGraphSvg.Mark m = c.status().ok() ? LayerGraphSvg.Mark.PASSED
                    : firstSeen ? LayerGraphSvg.Mark.FAILED : LayerGraphSvg.Mark.FIRST_FAILURE;
            firstSeen |= !c.status().ok();
            marks.put(c.layerName(), m);
        }
        h.raw("<div class=\"graph\">").raw(LayerGraphSvg.draw(model, n -> marks.getOrDefault(n, LayerGraphSvg.Mark.NOT_CHECKED)))
                .raw("</div>");
        ParityReportPage.summary(h, model);
        ParityReportPage.provenance(h, provenance);
        return h.finish();
    }

    private static String group(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
