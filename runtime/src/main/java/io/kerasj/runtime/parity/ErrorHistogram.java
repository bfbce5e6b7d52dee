package io.kerasj.runtime.parity;

import java.util.Arrays;

/**
 * How the compared elements of one layer spread over error sizes: |actual - expected| counted in
 * decades from 1e-12 to 1e+3 ({@link #FIRST_DECADE} .. {@link #LAST_DECADE}), with separate counts
 * for exact agreement and for non-finite differences. Small enough to keep per layer of any model,
 * so a report can plot the distribution without holding tensors.
 */
public record ErrorHistogram(long exact, long[] decades, long nonFinite) {
    public static final int FIRST_DECADE = -12;
    public static final int LAST_DECADE = 3;

    public ErrorHistogram {
        decades = decades.clone();
    }

    public static ErrorHistogram empty() {
        return new ErrorHistogram(0, new long[LAST_DECADE - FIRST_DECADE + 1], 0);
    }

    /** Count in the decade [10^d, 10^(d+1)); differences below 1e-12 count in the first, above 1e3 in the last. */
    public long decade(int d) {
        return decades[d - FIRST_DECADE];
    }

    @Override
    public long[] decades() {
        return decades.clone();
    }

    public long total() {
        return exact + nonFinite + Arrays.stream(decades).sum();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorHistogram h && h.exact == exact && h.nonFinite == nonFinite
                && Arrays.equals(h.decades, decades);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(exact) * 31 + Arrays.hashCode(decades) * 7 + Long.hashCode(nonFinite);
    }

    @Override
    public String toString() {
        return "ErrorHistogram[exact=" + exact + ", decades=" + Arrays.toString(decades) + ", nonFinite=" + nonFinite + "]";
    }

    /** Accumulates one layer's differences. */
    static final class Counter {
        private long exact;
        private final long[] decades = new long[LAST_DECADE - FIRST_DECADE + 1];
        private long nonFinite;

        void add(double absDifference) {
            if (absDifference == 0) {
                exact++;
            } else if (!Double.isFinite(absDifference)) {
                nonFinite++;
            } else {
                int d = (int) Math.floor(Math.log10(absDifference));
                decades[Math.max(FIRST_DECADE, Math.min(LAST_DECADE, d)) - FIRST_DECADE]++;
            }
        }

        ErrorHistogram result() {
            return new ErrorHistogram(exact, decades, nonFinite);
        }
    }
}
