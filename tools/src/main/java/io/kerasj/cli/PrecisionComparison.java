package io.kerasj.cli;

import io.kerasj.ir.FloatTensor;
import io.kerasj.runtime.Predictor;
import java.util.Locale;

/**
 * A reduced-precision model against its float32 self on the same inputs: how often the top class
 * agrees and how far the outputs move. Reduced precision is expected to drift, so this is a
 * measurement, not a pass/fail parity check.
 */
record PrecisionComparison(int samples, int top1Agree, double maxAbs, double meanAbs) {

    /** Compares the first outputs of both predictors on {@code batch}, in chunks of {@code chunk} samples. */
    static PrecisionComparison of(Predictor fp32, Predictor reduced, FloatTensor batch, int chunk) {
        int n = batch.shape().dim(0);
        int per = batch.size() / Math.max(n, 1);
        int agree = 0;
        double max = 0;
        double sum = 0;
        long count = 0;
        float[] all = batch.toArray();
        for (int start = 0; start < n; start += chunk) {
            int b = Math.min(chunk, n - start);
            float[] part = new float[b * per];
            System.arraycopy(all, start * per, part, 0, part.length);
            FloatTensor x = FloatTensor.wrap(batch.shape().withBatch(b), part);
            FloatTensor a = fp32.predict(x);
            FloatTensor q = reduced.predict(x);
            int classes = a.size() / b;
            for (int s = 0; s < b; s++) {
                agree += argmax(a, s, classes) == argmax(q, s, classes) ? 1 : 0;
            }
            for (int i = 0; i < a.size(); i++) {
                double d = Math.abs(a.get(i) - q.get(i));
                max = Math.max(max, d);
                sum += d;
            }
            count += a.size();
        }
        return new PrecisionComparison(n, agree, max, count == 0 ? 0 : sum / count);
    }

    double agreement() {
        return samples == 0 ? 0 : (double) top1Agree / samples;
    }

    String toText(String precision) {
        return String.format(Locale.ROOT, "%s against fp32 on %d samples: top-1 agreement %d/%d (%.2f%%), max |diff| %.3g,"
                + " mean |diff| %.3g%n", precision, samples, top1Agree, samples, 100 * agreement(), maxAbs, meanAbs);
    }

    private static int argmax(FloatTensor t, int sample, int classes) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (t.get(sample * classes + c) > t.get(sample * classes + best)) {
                best = c;
            }
        }
        return best;
    }
}
