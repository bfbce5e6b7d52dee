package io.kerasj.runtime.batching;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link MicroBatchingPredictor} coalesces concurrent requests: one engine call takes up to
 * {@code maxBatch} rows, and the oldest waiting request waits at most {@code maxDelay} for others
 * to join it. {@code Duration.ZERO} never waits: each call takes whatever queued up while the
 * engine was busy with the previous one, so a lone caller pays nothing and a crowd still shares
 * engine calls.
 *
 * @param maxBatch rows per engine call, at least 1 (a single request with more rows runs alone)
 * @param maxDelay how long the oldest request may wait for company, not negative
 */
public record MicroBatching(int maxBatch, Duration maxDelay) {

    public MicroBatching {
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxDelay must not be negative, got " + maxDelay);
        }
    }

    public static MicroBatching of(int maxBatch, Duration maxDelay) {
        return new MicroBatching(maxBatch, maxDelay);
    }

    /** {@link #maxDelay} in nanoseconds, saturated (a delay of centuries means "wait for a full batch"). */
    long maxDelayNanos() {
        try {
            return maxDelay.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
