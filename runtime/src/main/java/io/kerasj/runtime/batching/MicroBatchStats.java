package io.kerasj.runtime.batching;

/**
 * What a {@link MicroBatchingPredictor} has done so far, for tuning {@link MicroBatching}: the
 * average batch is {@code rows / batches}; many {@code timedOut} batches of few rows mean callers
 * rarely overlap (a shorter {@code maxDelay} costs them less), many {@code full} ones that a larger
 * {@code maxBatch} could share more.
 *
 * @param requests requests answered (with outputs or an error)
 * @param batches engine calls made for batches
 * @param rows rows in those calls
 * @param full batches sent because {@code maxBatch} rows were waiting
 * @param timedOut batches sent because the oldest request had waited {@code maxDelay}
 * @param drained batches sent without waiting because the predictor was closing
 * @param isolated batches whose engine call failed and whose requests were then run one by one,
 *     so that an error reaches only the caller that caused it
 * @param pending requests waiting now
 */
public record MicroBatchStats(long requests, long batches, long rows, long full, long timedOut, long drained,
        long isolated, int pending) {
}
