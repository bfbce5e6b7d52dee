package io.kerasj.runtime;

/**
 * An independent float64 reference of Keras' recurrent layers, written from Keras' equations
 * with plain loops (no TensorFlow): SimpleRNN, LSTM (gates i, f, c, o), GRU with and without
 * reset_after, go_backwards, and masks (a masked step keeps the state and repeats the previous
 * output). Activations by Keras name; hard_sigmoid is Keras 2's clip(0.2x + 0.5, 0, 1).
 */
final class NaiveRnn {
    enum Kind { SIMPLE, LSTM, GRU, GRU_RESET_AFTER }

    final Kind kind;
    final int units;
    final double[][] kernel;     // (features, gates·units)
    final double[][] recurrent;  // (units, gates·units)
    final double[] bias;         // gates·units, or input bias for GRU_RESET_AFTER
    final double[] recurrentBias; // GRU_RESET_AFTER only
    final String activation;
    final String recurrentActivation;

    NaiveRnn(Kind kind, int units, double[][] kernel, double[][] recurrent, double[] bias, double[] recurrentBias,
             String activation, String recurrentActivation) {
        this.kind = kind;
        this.units = units;
        this.kernel = kernel;
        this.recurrent = recurrent;
        this.bias = bias;
        this.recurrentBias = recurrentBias;
        this.activation = activation;
        this.recurrentActivation = recurrentActivation;
    }

    /**
     * Runs one sequence x[t][f]; mask[t] may be null. Returns the outputs per processed step
     * (in processing order) followed by the final states: result[0..T-1] outputs, result[T] h,
     * result[T+1] c (LSTM).
     */
    double[][] run(double[][] x, boolean[] mask, boolean goBackwards) {
        int steps = x.length;
        double[] h = new double[units];
        double[] c = new double[units];
        double[][] out = new double[steps + 2][];
        for (int k = 0; k < steps; k++) {
            int t = goBackwards ? steps - 1 - k : k;
            double[] z = project(x[t]);
            double[] newH;
            double[] newC = c;
            switch (kind) {
                case SIMPLE -> {
                    newH = new double[units];
                    double[] r = times(h, recurrent, 0, units);
                    for (int j = 0; j < units; j++) {
                        newH[j] = act(activation, z[j] + r[j]);
                    }
                }
                case LSTM -> {
                    double[] a = times(h, recurrent, 0, 4 * units);
                    newH = new double[units];
                    newC = new double[units];
                    for (int j = 0; j < units; j++) {
                        double i = act(recurrentActivation, z[j] + a[j]);
                        double f = act(recurrentActivation, z[units + j] + a[units + j]);
                        double g = act(activation, z[2 * units + j] + a[2 * units + j]);
                        double o = act(recurrentActivation, z[3 * units + j] + a[3 * units + j]);
                        newC[j] = f * c[j] + i * g;
                        newH[j] = o * act(activation, newC[j]);
                    }
                }
                case GRU -> {
                    double[] zr = times(h, recurrent, 0, 2 * units);
                    double[] zg = new double[units];
                    double[] rh = new double[units];
                    for (int j = 0; j < units; j++) {
                        zg[j] = act(recurrentActivation, z[j] + zr[j]);
                        rh[j] = act(recurrentActivation, z[units + j] + zr[units + j]) * h[j];
                    }
                    double[] hr = times(rh, recurrent, 2 * units, units);
                    newH = new double[units];
                    for (int j = 0; j < units; j++) {
                        double cand = act(activation, z[2 * units + j] + hr[j]);
                        newH[j] = zg[j] * h[j] + (1 - zg[j]) * cand;
                    }
                }
                default -> {
                    double[] rec = times(h, recurrent, 0, 3 * units);
                    for (int j = 0; j < rec.length; j++) {
                        rec[j] += recurrentBias[j];
                    }
                    newH = new double[units];
                    for (int j = 0; j < units; j++) {
                        double zg = act(recurrentActivation, z[j] + rec[j]);
                        double r = act(recurrentActivation, z[units + j] + rec[units + j]);
                        double cand = act(activation, z[2 * units + j] + r * rec[2 * units + j]);
                        newH[j] = zg * h[j] + (1 - zg) * cand;
                    }
                }
            }
            if (mask == null || mask[t]) {
                h = newH;
                c = newC;
            }
            out[k] = h.clone();
        }
        out[steps] = h;
        out[steps + 1] = c;
        return out;
    }

    private double[] project(double[] xt) {
        int width = kernel[0].length;
        double[] z = new double[width];
        for (int j = 0; j < width; j++) {
            double s = bias == null ? 0 : bias[j];
            for (int f = 0; f < xt.length; f++) {
                s += xt[f] * kernel[f][j];
            }
            z[j] = s;
        }
        return z;
    }

    /** v·m[:, from:from+n] */
    private static double[] times(double[] v, double[][] m, int from, int n) {
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < v.length; i++) {
                s += v[i] * m[i][from + j];
            }
            out[j] = s;
        }
        return out;
    }

    static double act(String name, double x) {
        return switch (name) {
            case "tanh" -> Math.tanh(x);
            case "sigmoid" -> 1 / (1 + Math.exp(-x));
            case "hard_sigmoid" -> Math.max(0, Math.min(1, 0.2 * x + 0.5));
            case "relu" -> Math.max(0, x);
            case "linear" -> x;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** A row-major float tensor as a double matrix. */
    static double[][] matrix(float[] values, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m[r][c] = values[r * cols + c];
            }
        }
        return m;
    }

    static double[] vector(float[] values, int from, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = values[from + i];
        }
        return v;
    }
}
