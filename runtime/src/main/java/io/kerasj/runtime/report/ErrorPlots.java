package io.kerasj.runtime.report;

import io.kerasj.runtime.parity.ErrorHistogram;
import io.kerasj.runtime.parity.LayerCheck;
import java.util.List;
import java.util.Locale;

/** Small inline-SVG plots that summarise errors without embedding any tensor. */
final class ErrorPlots {
    private static final int LOW = ErrorHistogram.FIRST_DECADE;
    private static final int HIGH = ErrorHistogram.LAST_DECADE;

    private ErrorPlots() {
    }

    /**
     * One layer's error distribution: a bar for exact agreement, one per decade 1e-12 … 1e3, and
     * one for non-finite differences; bar heights on a log scale of counts.
     */
    static String histogram(ErrorHistogram h, double atol) {
        int bars = HIGH - LOW + 3;
        int bw = 7;
        int height = 30;
        int width = bars * (bw + 1);
        long[] counts = new long[bars];
        counts[0] = h.exact();
        for (int d = LOW; d <= HIGH; d++) {
            counts[d - LOW + 1] = h.decade(d);
        }
        counts[bars - 1] = h.nonFinite();
        long max = 1;
        for (long c : counts) {
            max = Math.max(max, c);
        }
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg class=\"hist\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\"><rect width=\"%d\" height=\"%d\""
                        + " fill=\"#f6f7fa\"/>", width, height, width, height, width, height));
        for (int i = 0; i < bars; i++) {
            if (counts[i] == 0) {
                continue;
            }
            double frac = Math.log1p(counts[i]) / Math.log1p(max);
            int bh = Math.max(2, (int) Math.round(frac * (height - 2)));
            String color = i == 0 ? "#1f7a4d" : i == bars - 1 ? "#7d1610"
                    : Math.pow(10, LOW + i - 1) >= atol ? "#b3261e" : "#5b84c4";
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s: %d</title></rect>",
                    i * (bw + 1), height - bh, bw, bh, color, binLabel(i, bars), counts[i]));
        }
        return s.append("</svg>").toString();
    }

    private static String binLabel(int i, int bars) {
        if (i == 0) {
            return "exact";
        }
        if (i == bars - 1) {
            return "NaN or infinite";
        }
        return "|error| in [1e" + (LOW + i - 1) + ", 1e" + (LOW + i) + ")";
    }

    /** Max |error| of every check in model order on a log axis, so drift that accumulates with depth shows. */
    static String byDepth(List<LayerCheck> checks, double layerAtol) {
        int w = 1060;
        int h = 230;
        int left = 52;
        int right = 12;
        int top = 10;
        int bottom = 28;
        int n = Math.max(1, checks.size());
        double plotW = w - left - right;
        double plotH = h - top - bottom;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg id=\"depth-plot\" width=\"100%%\" viewBox=\"0 0 %d %d\" font-family=\"system-ui, sans-serif\""
                        + " font-size=\"10\">", w, h));
        for (int d = LOW; d <= HIGH; d += 3) {
            double y = top + plotH * (HIGH - d) / (double) (HIGH - LOW);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e1e4ea\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#5b6475\">1e%d</text>", left, w - right, y, y,
                    left - 6, y + 3, d));
        }
        if (layerAtol > 0) {
            double y = yOf(layerAtol, top, plotH);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#b3261e\""
                    + " stroke-dasharray=\"5 4\"/><text x=\"%d\" y=\"%.1f\" fill=\"#b3261e\">layer atol</text>", left, w - right,
                    y, y, w - right - 52, y - 4));
        }
        StringBuilder line = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (int i = 0; i < checks.size(); i++) {
            LayerCheck c = checks.get(i);
            if (c.compared() == 0) {
                continue;
            }
            double x = left + (checks.size() == 1 ? plotW / 2 : plotW * i / (n - 1));
            double y = yOf(c.maxAbsError(), top, plotH);
            line.append(line.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
            dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.2\" fill=\"%s\"><title>%s: max |error| %s</title></circle>",
                    x, y, c.passed() ? "#1f7a4d" : "#b3261e", Html.escape(c.name()), Html.num(c.maxAbsError())));
        }
        s.append("<path d=\"").append(line).append("\" fill=\"none\" stroke=\"#5b84c4\" stroke-width=\"1.4\"/>").append(dots);
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#5b6475\">layers in model order →</text>",
                left, h - 8));
        return s.append("</svg>").toString();
    }

    private static double yOf(double err, int top, double plotH) {
        double l = err <= 0 ? LOW : Double.isFinite(err) ? Math.log10(err) : HIGH;
        l = Math.max(LOW, Math.min(HIGH, l));
        return top + plotH * (HIGH - l) / (HIGH - LOW);
    }
}
