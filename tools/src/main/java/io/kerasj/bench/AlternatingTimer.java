package io.kerasj.bench;

import java.util.Arrays;

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
        double[] ta = new double[iters];
        double[] tb = new double[iters];
        for (int i = 0; i < iters; i++) {
            if (i % 2 == 0) {
                ta[i] = time(a);
                tb[i] = time(b);
            } else {
                tb[i] = time(b);
                ta[i] = time(a);
            }
        }
        return new double[] {median(ta), median(tb)};
    }

    private static double time(Runnable r) {
        long s = System.nanoTime();
        r.run();
        return (System.nanoTime() - s) / 1e6;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
