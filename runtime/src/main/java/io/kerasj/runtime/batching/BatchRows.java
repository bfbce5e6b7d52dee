package io.kerasj.runtime.batching;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Shape;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Stacks several callers' tensors along the batch dimension and cuts a batched result back into
 * each caller's rows. Tensors are row-major, so a caller's rows are one contiguous run of values.
 */
final class BatchRows {
    private BatchRows() {
    }

    /** Rows (first dimension) of a tensor; scalars count as no batch. */
    static int rows(FloatTensor t) {
        if (t.shape().rank() == 0) {
            throw new IllegalArgumentException("a batched input needs a batch dimension, got a scalar");
        }
        return t.shape().dim(0);
    }

    /** {@code parts} (same shape after the batch dimension) stacked in order into one tensor. */
    static FloatTensor stack(List<FloatTensor> parts) {
        Shape first = parts.get(0).shape();
        int rows = 0;
        long values = 0;
        for (FloatTensor p : parts) {
            rows += rows(p);
            values += p.size();
        }
        float[] data = new float[Math.toIntExact(values)];
        int at = 0;
        for (FloatTensor p : parts) {
            p.buffer().get(data, at, p.size());
            at += p.size();
        }
        return FloatTensor.wrap(first.withBatch(rows), data);
    }

    /**
     * {@code batched} cut into consecutive pieces of {@code rows[i]} rows each.
     *
     * @throws IllegalStateException when the tensor does not have exactly the summed rows first
     *     (an output without a batch dimension cannot be shared out)
     */
    static List<FloatTensor> split(FloatTensor batched, int[] rows) {
        int total = 0;
        for (int r : rows) {
            total += r;
        }
        Shape shape = batched.shape();
        if (shape.rank() == 0 || shape.dim(0) != total) {
            throw new IllegalStateException("an output of shape " + shape + " does not have the batch's " + total
                    + " rows first; it cannot be split between callers");
        }
        int perRow = total == 0 ? 0 : batched.size() / total;
        FloatBuffer source = batched.buffer();
        List<FloatTensor> out = new ArrayList<>(rows.length);
        for (int r : rows) {
            float[] part = new float[r * perRow];
            source.get(part);
            out.add(FloatTensor.wrap(shape.withBatch(r), part));
        }
        return out;
    }
}
