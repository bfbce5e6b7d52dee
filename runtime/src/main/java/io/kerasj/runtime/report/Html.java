package io.kerasj.runtime.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Builds one self-contained HTML page: text is always escaped, markup only comes from this package. */
final class Html {
    private final StringBuilder sb = new StringBuilder(64 * 1024);

    /** Starts a page whose styles are inline (the report must open without a network). */
    static Html page(String title) {
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .raw("<title>").text(title).raw("</title><style>").raw(stylesheet()).raw("</style></head><body>\n");
        return h;
    }

    Html raw(String markup) {
        sb.append(markup);
        return this;
    }

    Html text(String s) {
        sb.append(escape(s));
        return this;
    }

    /** {@code <tag class="cls">text</tag>}. */
    Html el(String tag, String cls, String text) {
        sb.append('<').append(tag);
        if (cls != null) {
            sb.append(" class=\"").append(escape(cls)).append('"');
        }
        return raw(">").text(text).raw("</" + tag + ">");
    }

    String finish() {
        return sb.append("</body></html>\n").toString();
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A number as the report prints it: 3 significant digits, exponent form when small or large. */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e5 ? String.format(Locale.ROOT, "%.4g", v) : String.format(Locale.ROOT, "%.3e", v);
    }

    private static String stylesheet() {
        try (InputStream in = Html.class.getResourceAsStream("report.css")) {
            if (in == null) {
                throw new IllegalStateException("report.css is missing from the kerasj runtime jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
