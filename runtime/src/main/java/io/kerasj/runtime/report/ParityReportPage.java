package io.kerasj.runtime.report;

import io.kerasj.io.AtomicFiles;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.runtime.parity.LayerCheck;
import io.kerasj.runtime.parity.ParityReport;
import io.kerasj.summary.SummaryPrinter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parity report a reviewer can open anywhere: one self-contained HTML file with the verdict
 * first, errors by depth, every checked layer with its error distribution, the model's summary
 * and layer graph, and the provenance of every number. Plots summarise; no tensor is embedded,
 * so the file stays small for a 60-million-parameter AlexNet or a 200-layer model.
 *
 * <pre>{@code
 * ParityReport r = ParityChecker.defaults().check(predictor, reference);
 * ParityReportPage.write(Path.of("report.html"), r, model,
 *         Provenance.of(model, r.reference(), referenceFile, "TensorFlow Java", "CPU"));
 * }</pre>
 */
public final class ParityReportPage {
    /** Longer tables show their failing rows and fold the rest. */
    static final int FOLD_ROWS = 40;

    private ParityReportPage() {
    }

    public static void write(Path out, ParityReport report, KerasModel model, Provenance provenance) {
        byte[] page = render(report, model, provenance).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(out, o -> o.write(page));
    }

    public static String render(ParityReport report, KerasModel model, Provenance provenance) {
        Html h = Html.page("kerasj parity report: " + model.name());
        h.el("h1", null, "Parity report: " + model.name());
        h.el("p", "muted", provenance.entries().getOrDefault("model file", "") + " compared with " + report.reference());
        verdict(h, report);

        h.el("h2", null, "Max error by depth");
        h.raw(ErrorPlots.byDepth(report.checks(), report.layerTolerance().atol()));

        h.el("h2", null, "Layers");
        h.el("p", "muted", "Tolerances: layers " + report.layerTolerance() + ", outputs " + report.outputTolerance()
                + ". An element passes when |got − expected| ≤ atol + rtol·|expected|. Distribution bars: exact,"
                + " decades 1e-12 … 1e3 (red from the layer atol up), non-finite.");
        List<LayerCheck> checks = report.checks();
        List<LayerCheck> failing = checks.stream().filter(c -> !c.passed()).toList();
        if (checks.size() > FOLD_ROWS) {
            if (!failing.isEmpty()) {
                table(h, failing, model, report, "failing-checks");
            }
            h.raw("<details><summary>All ").text(String.valueOf(checks.size())).raw(" checks</summary>");
            table(h, checks, model, report, "checks");
            h.raw("</details>");
        } else {
            table(h, checks, model, report, "checks");
        }

        h.el("h2", null, "Model");
        h.el("p", "muted", model.layers().size() + " layers, " + String.format("%,d", model.totalParams())
                + " parameters. Boxes: green agrees, red differs (thick: first divergence), grey not recorded in the reference.");
        Map<String, LayerGraphSvg.Mark> marks = marks(report);
        h.raw("<div class=\"graph\">").raw(LayerGraphSvg.draw(model, n -> marks.getOrDefault(n, LayerGraphSvg.Mark.NOT_CHECKED)))
                .raw("</div>");
        summary(h, model);

        provenance(h, provenance);
        return h.finish();
    }

    private static void verdict(Html h, ParityReport report) {
        boolean ok = report.passed();
        h.raw("<div id=\"verdict\" class=\"verdict ").raw(ok ? "pass" : "fail").raw("\">");
        h.el("div", "big", ok ? "PASS" : "FAIL");
        long failed = report.checks().stream().filter(c -> !c.passed()).count();
        if (ok) {
            h.el("p", null, "All " + report.checks().size() + " checks agree (layers " + report.layerTolerance()
                    + ", outputs " + report.outputTolerance() + ").");
        } else {
            LayerCheck first = report.firstDivergence().orElseThrow();
            h.raw("<p>First diverging layer: <b id=\"first-divergence\">").text(first.name()).raw("</b>");
            h.text(first.problem() == null ? "" : " — " + first.problem());
            if (first.worstIndex() >= 0) {
                h.text(". Max |error| " + Html.num(first.maxAbsError()) + "; worst element [" + first.worstIndex()
                        + "]: got " + Html.num(first.worstActual()) + ", expected " + Html.num(first.worstExpected()));
            }
            h.raw("</p>");
            h.el("p", null, failed + " of " + report.checks().size() + " checks differ (layers "
                    + report.layerTolerance() + ", outputs " + report.outputTolerance() + ").");
        }
        h.raw("</div>");
    }

    private static void table(Html h, List<LayerCheck> checks, KerasModel model, ParityReport report, String id) {
        String first = report.firstDivergence().map(LayerCheck::name).orElse(null);
        h.raw("<table id=\"").raw(id).raw("\"><thead><tr><th></th><th>layer</th><th>class</th><th>shape</th>"
                + "<th>compared</th><th>max |err|</th><th>max rel</th><th>worst element: got / expected</th>"
                + "<th>distribution</th></tr></thead><tbody>");
        for (LayerCheck c : checks) {
            boolean isFirst = !c.passed() && c.name().equals(first) && !c.finalOutput();
            h.raw("<tr class=\"").raw(c.passed() ? "" : isFirst ? "bad first" : "bad").raw("\"><td>")
                    .raw(c.passed() ? "<span class=\"tag ok\">ok</span>" : "<span class=\"tag bad\">differs</span>")
                    .raw("</td><td>").text((c.finalOutput() ? "[output] " : "") + c.name()).raw("</td><td>")
                    .text(model.findLayer(c.name()).map(Layer::className).orElse("")).raw("</td><td>")
                    .text(c.actualShape() == null ? "?" : c.actualShape().toString()).raw("</td><td class=\"num\">")
                    .text(String.valueOf(c.compared())).raw("</td><td class=\"num\">").text(Html.num(c.maxAbsError()))
                    .raw("</td><td class=\"num\">").text(Html.num(c.maxRelError())).raw("</td><td class=\"num\">");
            if (c.worstIndex() >= 0) {
                h.text("[" + c.worstIndex() + "] " + Html.num(c.worstActual()) + " / " + Html.num(c.worstExpected()));
            } else {
                h.text(c.problem() == null ? "" : c.problem());
            }
            h.raw("</td><td>").raw(ErrorPlots.histogram(c.errors(),
                    c.finalOutput() ? report.outputTolerance().atol() : report.layerTolerance().atol())).raw("</td></tr>");
        }
        h.raw("</tbody></table>");
    }

    private static Map<String, LayerGraphSvg.Mark> marks(ParityReport report) {
        Map<String, LayerGraphSvg.Mark> m = new HashMap<>();
        Optional<LayerCheck> first = report.firstDivergence();
        for (LayerCheck c : report.checks()) {
            LayerGraphSvg.Mark mark = c.passed() ? LayerGraphSvg.Mark.PASSED
                    : first.isPresent() && first.get() == c ? LayerGraphSvg.Mark.FIRST_FAILURE : LayerGraphSvg.Mark.FAILED;
            // an output check refines, never hides, its layer's own result
            m.merge(c.name(), mark, (a, b) -> a.ordinal() >= b.ordinal() ? a : b);
        }
        return m;
    }

    static void summary(Html h, KerasModel model) {
        String text = SummaryPrinter.print(model, SummaryPrinter.Style.KERAS2);
        long lines = text.lines().count();
        h.raw(lines > 60 ? "<details><summary>model.summary() as Keras prints it</summary>"
                : "<details open><summary>model.summary() as Keras prints it</summary>");
        h.raw("<pre id=\"summary\">").text(text).raw("</pre></details>");
    }

    static void provenance(Html h, Provenance p) {
        h.el("h2", null, "Provenance");
        h.raw("<dl class=\"prov\" id=\"provenance\">");
        p.entries().forEach((k, v) -> h.el("dt", null, k).el("dd", null, v));
        h.raw("</dl>");
    }
}
