package io.kerasj.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.config.ModelConfigParser;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.ir.SourceInfo;
import io.kerasj.ir.Weight;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fine-tuning through an unrolled, masked recurrence: Embedding(mask_zero) → LSTM or GRU → Dense
 * softmax, trained four SGD steps with categorical cross-entropy. The reference is independent of
 * TensorFlow: the same forward pass written in float64 loops, and gradients by central finite
 * differences of that forward pass (no backpropagation code shared with anything), so every loss
 * and the final weights check TF's gradients of the unrolled graph, the masking and the update.
 */
class RecurrentFineTuneTest {
    static final int STEPS = 5;
    static final int VOCAB = 10;
    static final int EMB = 3;
    static final int UNITS = 4;
    static final int CLASSES = 3;
    static final float[] IDS = {0, 3, 7, 0, 9, 1, 2, 0, 0, 5, 4, 4, 8, 6, 0, 0, 0, 2, 2, 3};
    static final int[] LABELS = {0, 2, 1, 2};
    static final double LR = 0.5;

    @ParameterizedTest
    @CsvSource({"LSTM, sigmoid, 4", "LSTM, hard_sigmoid, 4", "GRU, sigmoid, 3"})
    void sgdStepsMatchTheFloat64Reference(String cell, String recurrentActivation, int gates) {
        KerasModel model = model(cell, recurrentActivation);
        Reference ref = new Reference(model, gates, recurrentActivation);
        FloatTensor x = FloatTensor.wrap(Shape.of(LABELS.length, STEPS), IDS);
        try (Trainer t = FineTune.builder(model).optimizer(Optimizer.sgd().withLearningRate(LR)).shuffle(false).build()) {
            for (int step = 0; step < 4; step++) {
                double expected = ref.loss(ref.params);
                double actual = t.step(x, LABELS).loss();
                System.out.printf("%s %s step %d loss %.9f reference %.9f%n", cell, recurrentActivation, step + 1, actual, expected);
                assertEquals(expected, actual, 2e-6 * expected, "loss before step " + (step + 1));
                ref.sgdStep();
            }
            double[] trained = flatten(t.model());
            for (int i = 0; i < trained.length; i++) {
                assertEquals(ref.params[i], trained[i], 2e-5, "weight value " + i + " after four steps");
            }
        }
    }

    @org.junit.jupiter.api.Test
    void inputDropoutActsInTrainingStepsOnlyAndRecurrentDropoutIsRefusedForTraining() {
        FloatTensor x = FloatTensor.wrap(Shape.of(LABELS.length, STEPS), IDS);
        io.kerasj.runtime.data.FloatDataset data = new io.kerasj.runtime.data.FloatDataset(IDS, Shape.of(STEPS), LABELS,
                CLASSES, "ids");
        double plainEval;
        double plainStep;
        try (Trainer t = FineTune.builder(model("LSTM", "sigmoid")).optimizer(Optimizer.sgd()).shuffle(false).build()) {
            plainEval = t.evaluate(data).loss();
            plainStep = t.step(x, LABELS).loss();
        }
        KerasModel dropped = withConfig("\"dropout\": 0.5");
        try (Trainer t = FineTune.builder(dropped).optimizer(Optimizer.sgd()).shuffle(false).build()) {
            // inference ignores dropout; a training step drops half the embedded features
            assertEquals(plainEval, t.evaluate(data).loss(), 1e-7);
            double step = t.step(x, LABELS).loss();
            org.junit.jupiter.api.Assertions.assertNotEquals(plainStep, step, 1e-4);
            org.junit.jupiter.api.Assertions.assertTrue(Double.isFinite(step));
        }
        KerasModel recurrent = withConfig("\"recurrent_dropout\": 0.3");
        io.kerasj.ir.KerasImportException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.kerasj.ir.KerasImportException.class, () -> FineTune.builder(recurrent).build());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("rnn")
                && e.getMessage().contains("recurrent_dropout=0.3"), e.getMessage());
    }

    private static KerasModel withConfig(String extra) {
        String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"class_name\": \"Embedding\", \"config\": {\"name\": \"emb\", \"batch_input_shape\": [null, " + STEPS + "],"
                + " \"input_dim\": " + VOCAB + ", \"output_dim\": " + EMB + ", \"mask_zero\": true}},"
                + "{\"class_name\": \"LSTM\", \"config\": {\"name\": \"rnn\", \"units\": " + UNITS + ","
                + " \"recurrent_activation\": \"sigmoid\", " + extra + "}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"out\", \"units\": " + CLASSES + ", \"activation\": \"softmax\"}}]}}";
        return FillRule.fill(ModelConfigParser.parse(json, null, new SourceInfo("json", "2.2.4", "tensorflow", null)));
    }

    static KerasModel model(String cell, String recurrentActivation) {
        String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"class_name\": \"Embedding\", \"config\": {\"name\": \"emb\", \"batch_input_shape\": [null, " + STEPS + "],"
                + " \"input_dim\": " + VOCAB + ", \"output_dim\": " + EMB + ", \"mask_zero\": true}},"
                + "{\"class_name\": \"" + cell + "\", \"config\": {\"name\": \"rnn\", \"units\": " + UNITS + ","
                + " \"recurrent_activation\": \"" + recurrentActivation + "\", \"reset_after\": false}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"out\", \"units\": " + CLASSES + ", \"activation\": \"softmax\"}}]}}";
        return FillRule.fill(ModelConfigParser.parse(json, null, new SourceInfo("json", "2.2.4", "tensorflow", null)));
    }

    static double[] flatten(KerasModel m) {
        List<Double> all = new ArrayList<>();
        for (Weight w : m.weights()) {
            for (float v : w.value().toArray()) {
                all.add((double) v);
            }
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The model in float64: parameters in Keras weight order, forward pass, finite-difference SGD. */
    static final class Reference {
        final int gates;
        final String recurrentActivation;
        double[] params;

        Reference(KerasModel m, int gates, String recurrentActivation) {
            this.gates = gates;
            this.recurrentActivation = recurrentActivation;
            this.params = flatten(m);
        }

        double loss(double[] p) {
            int width = gates * UNITS;
            int emb = 0;
            int kernel = emb + VOCAB * EMB;
            int recurrent = kernel + EMB * width;
            int bias = recurrent + UNITS * width;
            int dense = bias + width;
            int denseBias = dense + UNITS * CLASSES;
            double total = 0;
            for (int s = 0; s < LABELS.length; s++) {
                double[] h = new double[UNITS];
                double[] c = new double[UNITS];
                for (int t = 0; t < STEPS; t++) {
                    int id = (int) IDS[s * STEPS + t];
                    if (id == 0) {
                        continue; // masked: state carried over
                    }
                    double[] a = new double[width];
                    double[] r = new double[width];
                    for (int j = 0; j < width; j++) {
                        a[j] = p[bias + j];
                        for (int f = 0; f < EMB; f++) {
                            a[j] += p[emb + id * EMB + f] * p[kernel + f * width + j];
                        }
                        for (int i = 0; i < UNITS; i++) {
                            r[j] += h[i] * p[recurrent + i * width + j];
                        }
                    }
                    double[] nh = new double[UNITS];
                    if (gates == 4) {
                        for (int j = 0; j < UNITS; j++) {
                            double i = act(recurrentActivation, a[j] + r[j]);
                            double f = act(recurrentActivation, a[UNITS + j] + r[UNITS + j]);
                            double g = Math.tanh(a[2 * UNITS + j] + r[2 * UNITS + j]);
                            double o = act(recurrentActivation, a[3 * UNITS + j] + r[3 * UNITS + j]);
                            c[j] = f * c[j] + i * g;
                            nh[j] = o * Math.tanh(c[j]);
                        }
                    } else {
                        double[] rh = new double[UNITS];
                        double[] z = new double[UNITS];
                        for (int j = 0; j < UNITS; j++) {
                            z[j] = act(recurrentActivation, a[j] + r[j]);
                            rh[j] = act(recurrentActivation, a[UNITS + j] + r[UNITS + j]) * h[j];
                        }
                        for (int j = 0; j < UNITS; j++) {
                            double u = 0;
                            for (int i = 0; i < UNITS; i++) {
                                u += rh[i] * p[recurrent + i * width + 2 * UNITS + j];
                            }
                            double cand = Math.tanh(a[2 * UNITS + j] + u);
                            nh[j] = z[j] * h[j] + (1 - z[j]) * cand;
                        }
                    }
                    h = nh;
                }
                double[] logits = new double[CLASSES];
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < CLASSES; k++) {
                    logits[k] = p[denseBias + k];
                    for (int i = 0; i < UNITS; i++) {
                        logits[k] += h[i] * p[dense + i * CLASSES + k];
                    }
                    max = Math.max(max, logits[k]);
                }
                double sum = 0;
                for (double l : logits) {
                    sum += Math.exp(l - max);
                }
                total += max + Math.log(sum) - logits[LABELS[s]];
            }
            return total / LABELS.length;
        }

        void sgdStep() {
            double[] next = params.clone();
            double eps = 1e-6;
            for (int i = 0; i < params.length; i++) {
                double[] up = params.clone();
                double[] down = params.clone();
                up[i] += eps;
                down[i] -= eps;
                double grad = (loss(up) - loss(down)) / (2 * eps);
                next[i] = params[i] - LR * grad;
            }
            params = next;
        }

        static double act(String name, double x) {
            return name.equals("sigmoid") ? 1 / (1 + Math.exp(-x)) : Math.max(0, Math.min(1, 0.2 * x + 0.5));
        }
    }
}
