package io.kerasj.runtime.report;

import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Node;
import io.kerasj.ir.TensorRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Draws a model's layer graph as inline SVG: one box per layer, rows by depth (longest path from
 * an input), arrows along every call's inputs, so branches and merges show as they are wired.
 * Boxes are coloured by what the caller says of each layer (e.g. its parity result).
 */
final class LayerGraphSvg {
    /** How a layer is shown. */
    enum Mark {
        PASSED("#d8f0e3", "#1f7a4d"), FAILED("#fad4d0", "#b3261e"), FIRST_FAILURE("#f4a79f", "#7d1610"),
        NOT_CHECKED("#eef1f6", "#8a93a6");

        final String fill;
        final String stroke;

        Mark(String fill, String stroke) {
            this.fill = fill;
            this.stroke = stroke;
        }
    }

    private static final int W = 210;
    private static final int H = 46;
    private static final int HGAP = 26;
    private static final int VGAP = 30;
    private static final int MARGIN = 16;

    private LayerGraphSvg() {
    }

    static String draw(KerasModel model, Function<String, Mark> mark) {
        List<Layer> layers = model.layers();
        Map<String, Integer> depth = new HashMap<>();
        Map<String, Set<String>> preds = new HashMap<>();
        for (Layer l : layers) {
            Set<String> p = new LinkedHashSet<>();
            for (Node n : l.nodes()) {
                for (TensorRef r : n.inputs()) {
                    if (model.findLayer(r.layer()).isPresent() && !r.layer().equals(l.name())) {
                        p.add(r.layer());
                    }
                }
            }
            preds.put(l.name(), p);
            // layers come in dependency order, so every predecessor already has its depth
            int d = 0;
            for (String q : p) {
                d = Math.max(d, depth.getOrDefault(q, 0) + 1);
            }
            depth.put(l.name(), d);
        }
        List<List<Layer>> rows = new ArrayList<>();
        for (Layer l : layers) {
            int d = depth.get(l.name());
            while (rows.size() <= d) {
                rows.add(new ArrayList<>());
            }
            rows.get(d).add(l);
        }
        int widest = rows.stream().mapToInt(List::size).max().orElse(1);
        int width = 2 * MARGIN + widest * W + (widest - 1) * HGAP;
        int height = 2 * MARGIN + rows.size() * H + (rows.size() - 1) * VGAP;
        Map<String, int[]> pos = new HashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            List<Layer> row = rows.get(r);
            int rowWidth = row.size() * W + (row.size() - 1) * HGAP;
            int x0 = (width - rowWidth) / 2;
            for (int i = 0; i < row.size(); i++) {
                pos.put(row.get(i).name(), new int[] {x0 + i * (W + HGAP), MARGIN + r * (H + VGAP)});
            }
        }
        StringBuilder svg = new StringBuilder(layers.size() * 420 + 512);
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"layer-graph\" width=\"%d\""
                + " height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"system-ui, sans-serif\">", width, height, width, height));
        svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\""
                + " orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#8a93a6\"/></marker></defs>");
        for (Layer l : layers) {
            int[] to = pos.get(l.name());
            for (String q : preds.get(l.name())) {
                int[] from = pos.get(q);
                int x1 = from[0] + W / 2;
                int y1 = from[1] + H;
                int x2 = to[0] + W / 2;
                int y2 = to[1];
                int mid = (y1 + y2) / 2;
                svg.append(String.format(Locale.ROOT, "<path d=\"M%d,%d C%d,%d %d,%d %d,%d\" fill=\"none\" stroke=\"#8a93a6\""
                        + " stroke-width=\"1.3\" marker-end=\"url(#arrow)\"/>", x1, y1, x1, mid, x2, mid, x2, y2 - 1));
            }
        }
        for (Layer l : layers) {
            int[] p = pos.get(l.name());
            Mark m = mark.apply(l.name());
            String shape = l.nodes().isEmpty() || l.outputShapes().isEmpty() ? "" : l.outputShape().toString();
            svg.append("<g class=\"layer\" data-layer=\"").append(Html.escape(l.name())).append("\" data-mark=\"")
                    .append(m.name().toLowerCase(Locale.ROOT)).append("\">");
            svg.append("<title>").append(Html.escape(l.name() + " (" + l.className() + ") " + shape + ", "
                    + l.params() + " params")).append("</title>");
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\" fill=\"%s\""
                    + " stroke=\"%s\" stroke-width=\"%s\"/>", p[0], p[1], W, H, m.fill, m.stroke,
                    m == Mark.FIRST_FAILURE ? "3" : "1.2"));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12.5\" font-weight=\"600\""
                    + " fill=\"#1d2330\">", p[0] + 8, p[1] + 18)).append(Html.escape(clip(l.name(), 28))).append("</text>");
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#5b6475\">", p[0] + 8,
                    p[1] + 36)).append(Html.escape(clip(l.className() + " " + shape, 33))).append("</text>");
            svg.append("</g>");
        }
        return svg.append("</svg>").toString();
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
