package io.kerasj.summary;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds and reads every {@code model.summary()} table in a document: a terminal capture, a notebook
 * export, a blog post. Handles the Keras 1, Keras 2 (cut and wrapped cells) and Keras 3 (box)
 * layouts, and the damage text suffers on the way (tabs, {@code <hr/>}, lost rules, rows split over
 * lines, colour codes). Limits are checked before work: total size, line length, binary content,
 * rows per table, tables per document.
 *
 * <pre>{@code
 * SummaryDocument doc = SummaryParser.parse(Path.of("notebook.txt"));
 * ModelSummary s = doc.byName("model_8");
 * }</pre>
 */
public final class SummaryParser {
    /** Largest document read (characters, and bytes for files). */
    public static final int MAX_CHARS = 16 << 20;
    /** Rows in one table; real models have at most a few thousand layers. */
    public static final int MAX_ROWS = 20_000;
    public static final int MAX_SUMMARIES = 1_000;
    /** Unreadable lines after which a table without totals is considered over. */
    private static final int MAX_STRAY_LINES = 6;
    private static final int MODEL_LINE_LOOKBACK = 4;

    private SummaryParser() {
    }

    public static SummaryDocument parse(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new SummaryParseException(file + ": no such file or directory", e);
        } catch (IOException e) {
            throw new SummaryParseException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (size > MAX_CHARS) {
            throw new SummaryParseException(file + ": " + size + " bytes is more than the " + MAX_CHARS
                    + " bytes a summary document may have");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SummaryParseException(file + ": cannot read: " + e.getMessage(), e);
        }
        try {
            return parse(decode(bytes));
        } catch (SummaryParseException e) {
            throw new SummaryParseException(file + ": " + e.getMessage(), e);
        }
    }

    public static SummaryDocument parse(String text) {
        if (text.length() > MAX_CHARS) {
            throw new SummaryParseException("the text has " + text.length() + " characters, more than the "
                    + MAX_CHARS + " a summary document may have");
        }
        String notebook = NotebookText.extract(text);
        TextCleaner.Lines lines = TextCleaner.clean(notebook != null ? notebook : text);
        List<ModelSummary> found = new ArrayList<>();
        long rowsSeen = 0;
        int i = 0;
        while (i < lines.size()) {
            if (!LineKinds.isHeader(lines.text().get(i))) {
                i++;
                continue;
            }
            if (found.size() >= MAX_SUMMARIES) {
                throw new SummaryParseException("more than " + MAX_SUMMARIES + " summary tables in one document");
            }
            Region r = readTable(lines, i, found.size());
            rowsSeen += r.summary.rows().size();
            if (rowsSeen > 4L * MAX_ROWS) {
                throw new SummaryParseException("more than " + 4L * MAX_ROWS + " summary rows in one document");
            }
            found.add(r.summary);
            i = Math.max(r.next, i + 1);
        }
        if (found.isEmpty()) {
            throw new SummaryParseException("no model.summary() table found: looked for a header line like "
                    + "'Layer (type)   Output Shape   Param #' in " + lines.size() + " lines");
        }
        return new SummaryDocument(found);
    }

    private record Region(ModelSummary summary, int next) {
    }

    private static Region readTable(TextCleaner.Lines lines, int header, int index) {
        List<String> text = lines.text();
        String prefix = LogPrefix.of(text.get(header));
        String headerLine = LogPrefix.strip(text.get(header), prefix);
        boolean box = LineKinds.isBoxHeader(headerLine);
        boolean wrapped = !box && headerLine.startsWith(" ") && !headerLine.startsWith("  ");
        List<RowBuilder> rows = new ArrayList<>();
        TextRowAssembler textRows = new TextRowAssembler(rows, wrapped);
        BoxRowAssembler boxRows = box ? new BoxRowAssembler(rows) : null;
        SummaryTotals totals = SummaryTotals.NONE;
        boolean inTotals = false;
        int last = header;
        List<String> warnings = new ArrayList<>();
        List<String> stray = new ArrayList<>();
        Map<Integer, Integer> ruleWidths = new HashMap<>();
        int j = header + 1;
        for (; j < text.size(); j++) {
            String line = LogPrefix.strip(text.get(j), prefix);
            if (LineKinds.isHeader(line) || LineKinds.modelName(line) != null) {
                break;
            }
            Map<String, Long> t = LineKinds.totals(line);
            if (!t.isEmpty()) {
                if (boxRows != null) {
                    boxRows.finish();
                }
                for (Map.Entry<String, Long> e : t.entrySet()) {
                    totals = totals.with(e.getKey(), e.getValue());
                }
                inTotals = true;
                last = j;
                continue;
            }
            boolean blank = LineKinds.isBlank(line);
            boolean rule = !blank && LineKinds.isRule(line);
            if (inTotals) {
                if (blank || rule) {
                    if (rule) {
                        last = j;
                    }
                    continue;
                }
                break;
            }
            if (blank) {
                continue;
            }
            if (rule) {
                if (boxRows != null) {
                    boxRows.rule();
                }
                int w = LineKinds.plainRuleWidth(line);
                if (w > 0) {
                    ruleWidths.merge(w, 1, Integer::sum);
                }
                last = j;
                continue;
            }
            boolean used = boxRows != null ? boxRows.accept(line, lines.origin()[j]) : textRows.accept(line, lines.origin()[j]);
            if (rows.size() > MAX_ROWS) {
                throw new SummaryParseException("the summary table at line " + lines.origin()[header] + " has more than "
                        + MAX_ROWS + " rows; no Keras model has that many layers");
            }
            if (used) {
                for (String s : stray) {
                    warnings.add("not part of any row: " + s);
                }
                stray.clear();
                last = j;
            } else {
                stray.add("line " + lines.origin()[j] + ": '" + abbreviate(line.strip()) + "'");
                if (stray.size() > MAX_STRAY_LINES) {
                    break;
                }
            }
        }
        if (boxRows != null) {
            boxRows.finish();
            for (String u : boxRows.unreadable()) {
                warnings.add("could not read a row: '" + abbreviate(u) + "'");
            }
        }
        String unfinished = textRows.takeUnfinished();
        if (unfinished != null) {
            warnings.add("a row started but never completed: '" + abbreviate(unfinished) + "'");
        }
        if (totals.isEmpty()) {
            warnings.add("no 'Total params' lines after the table");
        }
        List<SummaryRow> built = new ArrayList<>();
        for (RowBuilder b : rows) {
            built.add(b.build());
        }
        String name = modelName(text, header, prefix);
        boolean rich = headerLine.indexOf('┃') >= 0 || headerLine.indexOf('│') >= 0;
        SummaryStyle style = style(box && rich, wrapped, ruleWidths);
        ModelSummary summary = new ModelSummary(index, name, style, built, totals, lines.origin()[header],
                lines.origin()[last], warnings);
        int next = j;
        return new Region(summary, next);
    }

    private static SummaryStyle style(boolean box, boolean wrapped, Map<Integer, Integer> ruleWidths) {
        if (box) {
            return SummaryStyle.KERAS3;
        }
        if (wrapped) {
            return SummaryStyle.KERAS2_WRAPPED;
        }
        int width = 0;
        int count = 0;
        for (Map.Entry<Integer, Integer> e : ruleWidths.entrySet()) {
            if (e.getValue() > count) {
                width = e.getKey();
                count = e.getValue();
            }
        }
        if (count < 2) {
            return SummaryStyle.REFLOWED;
        }
        return width == 100 ? SummaryStyle.KERAS1 : SummaryStyle.KERAS2;
    }

    /** The {@code Model: "name"} line just above the header (within a few non-blank lines). */
    private static String modelName(List<String> text, int header, String prefix) {
        int seen = 0;
        for (int k = header - 1; k >= 0 && seen < MODEL_LINE_LOOKBACK; k--) {
            String line = LogPrefix.strip(text.get(k), prefix);
            if (LineKinds.isBlank(line)) {
                continue;
            }
            String name = LineKinds.modelName(line);
            if (name != null) {
                return name;
            }
            if (!LineKinds.isRule(line)) {
                seen++;
            }
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    /** UTF-8 unless a byte-order mark says UTF-16 (PowerShell writes redirected output that way). */
    static String decode(byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
            return decode(bytes, 2, StandardCharsets.UTF_16LE);
        }
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
            return decode(bytes, 2, StandardCharsets.UTF_16BE);
        }
        int skip = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        return decode(bytes, skip, StandardCharsets.UTF_8);
    }

    private static String decode(byte[] bytes, int offset, Charset cs) {
        try {
            // malformed bytes (a GBK page, say) become U+FFFD: the ASCII table inside stays readable
            return cs.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset)).toString();
        } catch (CharacterCodingException e) {
            throw new SummaryParseException("cannot decode the text as " + cs + ": " + e.getMessage(), e);
        }
    }
}
