package io.kerasj.spark;

import io.kerasj.ir.FloatTensor;
import io.kerasj.runtime.Predictor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores one partition: rows are taken {@code batchSize} at a time, their inputs decoded into one
 * batch, and the batch scored with one call of this JVM's cached predictor. A row whose input
 * cannot be decoded gets null outputs and its error (or fails the task when the plan says so).
 * Rows come out lazily, in input order, so a partition never has to fit in memory.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ScoringPlan plan;

    PartitionScorer(ScoringPlan plan) {
        this.plan = plan;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return rows;
        }
        PredictorCache.Lease lease = PredictorCache.acquire(plan.model(), plan.device());
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> lease.close());
        }
        Predictor predictor = lease.predictor();
        SampleDecoder decoder = SampleDecoder.of(plan.kind(), predictor.inputShapes().get(0), plan.imageScale());
        return new Iterator<>() {
            private final ArrayDeque<Row> scored = new ArrayDeque<>();

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
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return scored.poll();
            }
        };
    }

    private void scoreBatch(Iterator<Row> rows, Predictor predictor, SampleDecoder decoder, ArrayDeque<Row> out) {
        List<Row> batch = new ArrayList<>(plan.batchSize());
        while (batch.size() < plan.batchSize() && rows.hasNext()) {
            batch.add(rows.next());
        }
        float[] inputs = new float[Math.multiplyExact(batch.size(), decoder.sampleSize())];
        String[] errors = new String[batch.size()];
        int good = 0;
        for (int i = 0; i < batch.size(); i++) {
            try {
                decoder.decode(batch.get(i), plan.inputColumn(), inputs, good);
                good++;
            } catch (RuntimeException e) {
                if (plan.failOnBadRow()) {
                    throw new IllegalArgumentException("row " + describe(batch.get(i)) + ": " + e.getMessage(), e);
                }
                errors[i] = e.getMessage() == null ? e.toString() : e.getMessage();
            }
        }
        float[][] probabilities = new float[good][];
        float[][] layer = new float[good][];
        if (good > 0) {
            FloatTensor x = FloatTensor.wrap(decoder.batchShape(good), good == batch.size() ? inputs
                    : Arrays.copyOf(inputs, good * decoder.sampleSize()));
            split(predictor.predict(List.of(x)).get(0), probabilities);
            if (plan.layer() != null) {
                Map<String, FloatTensor> acts = predictor.predictLayers(List.of(x), List.of(plan.layer()));
                split(acts.get(plan.layer()), layer);
            }
        }
        int next = 0;
        for (int i = 0; i < batch.size(); i++) {
            Row row = batch.get(i);
            Object[] values = new Object[row.length() + plan.addedColumns()];
            for (int c = 0; c < row.length(); c++) {
                values[c] = row.get(c);
            }
            int c = row.length();
            boolean ok = errors[i] == null;
            float[] probs = ok ? probabilities[next] : null;
            values[c++] = probs;
            if (plan.topK() > 0) {
                values[c++] = ok ? TopK.indices(probs, plan.topK()) : null;
            }
            if (plan.layer() != null) {
                values[c++] = ok ? layer[next] : null;
            }
            if (plan.withError()) {
                values[c] = errors[i];
            }
            if (ok) {
                next++;
            }
            out.add(RowFactory.create(values));
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
    private String describe(Row row) {
        if (row.schema() != null && row.schema().getFieldIndex("path").isDefined()) {
            return String.valueOf(row.<Object>getAs("path"));
        }
        Object input = row.isNullAt(plan.inputColumn()) ? null : row.get(plan.inputColumn());
        if (input instanceof Row image && image.schema() != null && image.schema().getFieldIndex("origin").isDefined()) {
            return String.valueOf(image.<Object>getAs("origin"));
        }
        return "with input " + (input == null ? "null" : input.getClass().getSimpleName());
    }
}
