package io.kerasj.runtime.parity;

import io.kerasj.ir.Shape;

/**
 * The comparison of one layer (or output): how many values were compared, the largest absolute
 * and relative errors, and the worst element (largest error relative to what the tolerance
 * allows there), and how the compared errors spread over decades.
 */
public record LayerCheck(String name, boolean finalOutput, Shape expectedShape, Shape actualShape, long compared,
                         double maxAbsError, double maxRelError, long worstIndex, double worstActual,
                         double worstExpected, double expectedSum, double actualSum, boolean passed, String problem,
                         ErrorHistogram errors) {

    /** A check whose error distribution was not recorded. */
    public LayerCheck(String name, boolean finalOutput, Shape expectedShape, Shape actualShape, long compared,
                      double maxAbsError, double maxRelError, long worstIndex, double worstActual,
                      double worstExpected, double expectedSum, double actualSum, boolean passed, String problem) {
        this(name, finalOutput, expectedShape, actualShape, compared, maxAbsError, maxRelError, worstIndex, worstActual,
                worstExpected, expectedSum, actualSum, passed, problem, ErrorHistogram.empty());
    }

    /** Human-readable one-liner. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(passed ? "ok   " : "FAIL ").append(finalOutput ? "[output] " : "").append(name)
                .append(' ').append(actualShape == null ? "?" : actualShape.toString());
        if (problem != null) {
            sb.append(": ").append(problem);
        }
        if (compared > 0) {
            sb.append(String.format(java.util.Locale.ROOT, " compared=%d max_abs=%s max_rel=%s", compared,
                    error(maxAbsError), error(maxRelError)));
            if (worstIndex >= 0) {
                sb.append(String.format(java.util.Locale.ROOT, " worst[%d]: got %.9g expected %.9g", worstIndex,
                        worstActual, worstExpected));
            }
        }
        return sb.toString();
    }

    /** Errors in one notation, so columns of them compare at a glance: 0 when exact, else 3.210e-08. */
    private static String error(double e) {
        return e == 0 ? "0" : String.format(java.util.Locale.ROOT, "%.3e", e);
    }
}
