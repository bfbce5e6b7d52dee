package io.kerasj.runtime.parity;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.data.Dataset;
import io.kerasj.runtime.data.FloatDataset;
import java.util.Locale;

/**
 * How closely a candidate predictor (e.g. int8 weights) follows a reference (fp32) on the same
 * inputs: how often the top class agrees and how far the first output moves. Reduced precision is
 * expected to drift, so this is a measurement to report, not a pass/fail parity check.
 */
public record OutputAgreement(int samples, int top1Agree, double maxAbs, double meanAbs) {

    /** Runs both predictors on every sample of {@code data}, {@code batch} samples at a time. */
    public static OutputAgreement of(Predictor reference, Predictor candidate, Dataset data, int batch) {
        Shape in = reference.inputShapes().get(0);
        int per = data.sampleSize();
        int agree = 0;
        double max = 0;
        double sum = 0;
        long count = 0;
        for (int start = 0; start < data.size(); start += batch) {
            int b = Math.min(batch, data.size() - start);
            float[] v = new float[b * per];
            for (int i = 0; i < b; i++) {
                data.copySample(start + i, v, i * per);
            }
            FloatTensor x = FloatTensor.wrap(in.withBatch(b), v);
            FloatTensor r = reference.predict(x);
            FloatTensor c = candidate.predict(x);
            int classes = r.size() / b;
            for (int s = 0; s < b; s++) {
                agree += argmax(r, s, classes) == argmax(c, s, classes) ? 1 : 0;
            }
            for (int i = 0; i < r.size(); i++) {
                double d = Math.abs(r.get(i) - c.get(i));
                max = Math.max(max, d);
                sum += d;
            }
            count += r.size();
        }
        return new OutputAgreement(data.size(), agree, max, count == 0 ? 0 : sum / count);
    }

    /** The same over one input batch (batch first). */
    public static OutputAgreement of(Predictor reference, Predictor candidate, FloatTensor inputs, int batch) {
        int n = inputs.shape().dim(0);
        int[] features = inputs.shape().featureDims();
        return of(reference, candidate, new FloatDataset(inputs.toArray(), Shape.of(features), new int[n], 1, "inputs"), batch);
    }

    public double agreement() {
        return samples == 0 ? 0 : (double) top1Agree / samples;
    }

    /** e.g. {@code int8 against fp32 on 1000 samples: top-1 agreement 1000/1000 (100.00%), max |diff| ...}. */
    public String toText(String candidate, String reference) {
        return String.format(Locale.ROOT, "%s against %s on %d samples: top-1 agreement %d/%d (%.2f%%), max |diff| %.3g,"
                + " mean |diff| %.3g%n", candidate, reference, samples, top1Agree, samples, 100 * agreement(), maxAbs, meanAbs);
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
