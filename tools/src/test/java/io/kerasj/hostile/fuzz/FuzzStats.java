package io.kerasj.hostile.fuzz;

import java.util.ArrayList;
import java.util.List;

/** What one fuzz run saw: inputs, clean errors, accepted inputs, and everything else (must stay empty). */
final class FuzzStats {
    final String format;
    int inputs;
    int accepted;
    int cleanErrors;
    long maxAllocated;
    String maxAllocatedLabel = "";
    long peakHeapBytes;
    long millis;
    final List<String> failures = new ArrayList<>();

    FuzzStats(String format) {
        this.format = format;
    }

    @Override
    public String toString() {
        return String.format("%s: %d inputs, %d clean errors, %d accepted, %d other; max allocated per input %.1f MB"
                + " (%s); peak heap %.0f MB; %.1f s", format, inputs, cleanErrors, accepted, failures.size(),
                maxAllocated / 1e6, maxAllocatedLabel, peakHeapBytes / 1e6, millis / 1e3);
    }
}
