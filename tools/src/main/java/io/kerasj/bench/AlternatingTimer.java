package io.kerasj.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times two competitors in the same process, alternating which runs first so neither always
 * follows the other (caches, CPU frequency and the other builds on a shared machine then weigh
 * on both alike). Reports medians in milliseconds.
 */
public final class AlternatingTimer {
    private AlternatingTimer() {
    }

    /** Median milliseconds of {@code a} and {@code b} over {@code iters} alternating runs each. */
    public static double[] medians(Runnable a, Runnable b, int iters) {
        return medians(List.of(a, b), iters);
    }

    /**
     * Median milliseconds of each competitor over {@code iters} rounds; round i starts with
     * competitor i mod n and runs the others in turn, so each leads equally often.
     */
    public static double[] medians(List<Runnable> competitors, int iters) {
        int n = competitors.size();
        double[][] t = new double[n][iters];
        for (int i = 0; i < iters; i++) {
            for (int k = 0; k < n; k++) {
                int c = (i + k) % n;
                t[c][i] = time(competitors.get(c));
            }
        }
        double[] m = new double[n];
        for (int c = 0; c < n; c++) {
            m[c] = median(t[c]);
        }
        return m;
    }

    private static double time(Runnable r) {
        long s = System.nanoTime();
        r.run();
        return (System.nanoTime() - s) / 1e6;
    }

    /** The machine's load averages (1, 5, 15 min) as text, or "unknown": the figure to print beside a timing. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return one < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", one);
        }
    }

    /** The median of {@code v} (mean of the middle two for an even count). */
    public static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
