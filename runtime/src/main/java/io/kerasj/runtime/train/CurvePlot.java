package io.kerasj.runtime.train;

import io.kerasj.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws a training history as a PNG with java.awt (works headless): loss on the left, accuracy on
 * the right, training in blue and validation in orange, one point per epoch.
 */
public final class CurvePlot {
    private static final int PANEL_W = 480;
    private static final int H = 360;
    private static final int MARGIN_L = 64;
    private static final int MARGIN_R = 16;
    private static final int MARGIN_T = 36;
    private static final int MARGIN_B = 48;
    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color VAL = new Color(255, 127, 14);

    private CurvePlot() {
    }

    public static BufferedImage render(History h) {
        BufferedImage img = new BufferedImage(2 * PANEL_W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            List<Double> loss = new ArrayList<>();
            List<Double> valLoss = new ArrayList<>();
            List<Double> acc = new ArrayList<>();
            List<Double> valAcc = new ArrayList<>();
            for (EpochResult e : h.epochs()) {
                loss.add(e.loss());
                valLoss.add(e.valLoss());
                acc.add(e.accuracy());
                valAcc.add(e.valAccuracy());
            }
            panel(g, 0, "loss", loss, valLoss);
            panel(g, PANEL_W, "accuracy", acc, valAcc);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Writes the plot (the PNG is written to a temporary file and moved into place). */
    public static void write(History h, Path png) {
        BufferedImage img = render(h);
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    private static void panel(Graphics2D g, int x0, String title, List<Double> train, List<Double> val) {
        int left = x0 + MARGIN_L;
        int right = x0 + PANEL_W - MARGIN_R;
        int top = MARGIN_T;
        int bottom = H - MARGIN_B;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (List<Double> s : List.of(train, val)) {
            for (double v : s) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!Double.isFinite(lo)) {
            lo = 0;
            hi = 1;
        }
        boolean nonNegative = lo >= 0;
        if (hi - lo < 1e-9) {
            // one epoch (or a flat run): a range around the value, not ±0.5 around it
            double half = Math.max(Math.abs(hi) * 0.1, 1e-3);
            hi += half;
            lo -= half;
        }
        double pad = (hi - lo) * 0.05;
        lo -= pad;
        hi += pad;
        if (nonNegative) {
            // losses and accuracies are never negative: keep the axis there
            lo = Math.max(lo, 0);
        }
        g.setStroke(new BasicStroke(1f));
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.BLACK);
        g.setFont(font.deriveFont(Font.BOLD, 14f));
        g.drawString(title, left + (right - left - g.getFontMetrics().stringWidth(title)) / 2, top - 12);
        g.setFont(font);
        g.setColor(new Color(230, 230, 230));
        int ticks = 5;
        for (int i = 0; i <= ticks; i++) {
            int y = bottom - (bottom - top) * i / ticks;
            g.drawLine(left, y, right, y);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, right - left, bottom - top);
        for (int i = 0; i <= ticks; i++) {
            int y = bottom - (bottom - top) * i / ticks;
            String label = String.format(Locale.ROOT, "%.3f", lo + (hi - lo) * i / ticks);
            g.drawString(label, left - 6 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
        }
        int n = train.size();
        for (int e = 0; e < n; e++) {
            int x = xOf(e, n, left, right);
            if (n <= 20 || e % Math.ceil(n / 10.0) == 0 || e == n - 1) {
                String label = Integer.toString(e + 1);
                g.drawString(label, x - fm.stringWidth(label) / 2, bottom + fm.getAscent() + 4);
            }
        }
        g.drawString("epoch", left + (right - left - fm.stringWidth("epoch")) / 2, bottom + 2 * fm.getHeight() + 4);
        series(g, train, TRAIN, lo, hi, left, right, top, bottom);
        series(g, val, VAL, lo, hi, left, right, top, bottom);
        if (n == 1) {
            // a single point says little on its own: print its value and what would make a curve
            g.setColor(Color.DARK_GRAY);
            String v = String.format(Locale.ROOT, "%s %.4f after 1 epoch (train more epochs for a curve)", title, train.get(0));
            g.drawString(v, left + 8, bottom - 8);
        }
        int lx = right - 110;
        legend(g, lx, top + 14, TRAIN, "training");
        if (val.stream().anyMatch(Double::isFinite)) {
            legend(g, lx, top + 30, VAL, "validation");
        }
    }

    private static void legend(Graphics2D g, int x, int y, Color c, String text) {
        g.setColor(c);
        g.setStroke(new BasicStroke(2.5f));
        g.drawLine(x, y - 4, x + 20, y - 4);
        g.setColor(Color.BLACK);
        g.drawString(text, x + 26, y);
    }

    private static void series(Graphics2D g, List<Double> s, Color c, double lo, double hi, int left, int right, int top,
                               int bottom) {
        g.setColor(c);
        g.setStroke(new BasicStroke(2.5f));
        int n = s.size();
        int px = -1;
        int py = -1;
        for (int e = 0; e < n; e++) {
            double v = s.get(e);
            if (!Double.isFinite(v)) {
                px = -1;
                continue;
            }
            int x = xOf(e, n, left, right);
            int y = (int) Math.round(bottom - (v - lo) / (hi - lo) * (bottom - top));
            g.fillOval(x - 3, y - 3, 7, 7);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            px = x;
            py = y;
        }
    }

    private static int xOf(int e, int n, int left, int right) {
        return n <= 1 ? (left + right) / 2 : left + 10 + (right - left - 20) * e / (n - 1);
    }
}
