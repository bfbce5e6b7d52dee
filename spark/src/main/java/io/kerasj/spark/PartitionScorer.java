package io.kerasj.spark;

import io.kerasj.ir.FloatTensor;
import io.kerasj.runtime.Predictor;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Scores one partition: rows are taken {@code batchSize} at a time, their inputs decoded into one
 * batch, and the batch scored with one call of this JVM's cached predictor. A row whose input
 * cannot be decoded gets null outputs and its error (or fails the task when the plan says so).
 * Rows come out lazily, in input order, so a partition never has to fit in memory.
 *
 * <p>Rows stay in Spark's internal form: an output row is the input row joined to the added
 * columns, with no conversion of the input's values either way.
 */
final class PartitionScorer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ScoringPlan plan;

    PartitionScorer(ScoringPlan plan) {
        this.plan = plan;
    }

    Iterator<InternalRow> score(Iterator<InternalRow> rows) {
        if (!rows.hasNext()) {
            return rows;
        }
        PredictorCache.Lease lease = PredictorCache.acquire(plan.model(), plan.device());
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> lease.close());
        }
        Predictor predictor = lease.predictor();
        SampleDecoder decoder = SampleDecoder.of(plan.kind(), plan.inputType(), predictor.inputShapes().get(0), plan.imageScale());
        return new Iterator<>() {
            private final ArrayDeque<InternalRow> scored = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                if (scored.isEmpty() && rows.hasNext()) {
                    scoreBatch(rows, predictor, decoder, scored);
                }
                boolean more = !scored.isEmpty();
                if (!more && task == null) {
                    lease.close();
                }
                return more;
            }

            @Override
            public InternalRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return scored.poll();
            }
        };
    }

    private void scoreBatch(Iterator<InternalRow> rows, Predictor predictor, SampleDecoder decoder, ArrayDeque<InternalRow> out) {
        InternalRow[] batch = new InternalRow[plan.batchSize()];
        float[] inputs = new float[Math.multiplyExact(plan.batchSize(), decoder.sampleSize())];
        String[] errors = new String[plan.batchSize()];
        int size = 0;
        int good = 0;
        while (size < plan.batchSize() && rows.hasNext()) {
            // the upstream iterator may reuse its row object: keep a copy while the batch fills
            InternalRow row = rows.next().copy();
            batch[size] = row;
            try {
                decoder.decode(row, plan.inputColumn(), inputs, good);
                good++;
            } catch (RuntimeException e) {
                if (plan.failOnBadRow()) {
                    throw new IllegalArgumentException("row " + describe(row, decoder) + ": " + e.getMessage(), e);
                }
                errors[size] = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            size++;
        }
        float[][] probabilities = new float[good][];
        float[][] layer = new float[good][];
        if (good > 0) {
            FloatTensor x = FloatTensor.wrap(decoder.batchShape(good), good == plan.batchSize() ? inputs
                    : Arrays.copyOf(inputs, good * decoder.sampleSize()));
            split(predictor.predict(List.of(x)).get(0), probabilities);
            if (plan.layer() != null) {
                Map<String, FloatTensor> acts = predictor.predictLayers(List.of(x), List.of(plan.layer()));
                split(acts.get(plan.layer()), layer);
            }
        }
        int next = 0;
        for (int i = 0; i < size; i++) {
            Object[] added = new Object[plan.addedColumns()];
            boolean ok = errors[i] == null;
            int c = 0;
            added[c++] = ok ? UnsafeArrayData.fromPrimitiveArray(probabilities[next]) : null;
            if (plan.topK() > 0) {
                added[c++] = ok ? UnsafeArrayData.fromPrimitiveArray(TopK.indices(probabilities[next], plan.topK())) : null;
            }
            if (plan.layer() != null) {
                added[c++] = ok ? UnsafeArrayData.fromPrimitiveArray(layer[next]) : null;
            }
            if (plan.withError()) {
                added[c] = ok ? null : UTF8String.fromString(errors[i]);
            }
            if (ok) {
                next++;
            }
            out.add(new JoinedRow(batch[i], new GenericInternalRow(added)));
        }
    }

    /** Splits a batch of outputs into one flat array per sample. */
    private static void split(FloatTensor batch, float[][] into) {
        int per = batch.size() / into.length;
        float[] all = batch.toArray();
        for (int s = 0; s < into.length; s++) {
            into[s] = Arrays.copyOfRange(all, s * per, (s + 1) * per);
        }
    }

    /** The row's file (binaryFile's {@code path}, or an image struct's {@code origin}) for an error message. */
    private String describe(InternalRow row, SampleDecoder decoder) {
        if (plan.pathColumn() >= 0 && !row.isNullAt(plan.pathColumn())) {
            return row.getUTF8String(plan.pathColumn()).toString();
        }
        String origin = decoder.origin(row, plan.inputColumn());
        if (origin != null) {
            return origin;
        }
        return row.isNullAt(plan.inputColumn()) ? "with a null input" : "with input of type " + plan.inputType().simpleString();
    }
}
