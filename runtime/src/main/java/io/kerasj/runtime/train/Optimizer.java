package io.kerasj.runtime.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A Keras optimizer with its Keras defaults and its tf.keras (optimizer_v2) update rule, built as
 * graph ops on {@code VariableV2} variables. Updates run after every gradient of the step is
 * computed, and the shared {@code iterations} counter is incremented after all updates, as Keras
 * does.
 */
public sealed interface Optimizer permits Optimizer.Adam, Optimizer.Sgd, Optimizer.RmsProp {

    /** Keras name: {@code adam}, {@code sgd}, {@code rmsprop}. */
    String kerasName();

    double learningRate();

    Optimizer withLearningRate(double lr);

    /**
     * The update op of one variable, given its gradient.
     *
     * @param tf ops that run only once every gradient of the step exists
     * @param g slots, hyper-parameter constants and the step counter
     */
    Op update(Ops tf, OptimizerGraph g, Variable<TFloat32> var, Operand<TFloat32> grad);

    static Adam adam() {
        return new Adam(1e-3, 0.9, 0.999, 1e-7);
    }

    static Sgd sgd() {
        return new Sgd(0.01, 0.0, false);
    }

    static RmsProp rmsprop() {
        return new RmsProp(1e-3, 0.9, 0.0, 1e-7);
    }

    /** An optimizer by Keras name with Keras defaults. */
    static Optimizer byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "adam" -> adam();
            case "sgd" -> sgd();
            case "rmsprop" -> rmsprop();
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'; expected adam, sgd or rmsprop");
        };
    }

    /**
     * Adam as TF's {@code ApplyAdam} kernel computes it (what tf.keras runs):
     * {@code alpha = lr·sqrt(1-β2^t)/(1-β1^t); m += (g-m)(1-β1); v += (g²-v)(1-β2);
     * w -= m·alpha/(sqrt(v)+ε)} with t = iterations + 1 and the powers taken in float32.
     */
    record Adam(double learningRate, double beta1, double beta2, double epsilon) implements Optimizer {
        public Adam {
            checkRate(learningRate);
        }

        @Override
        public String kerasName() {
            return "adam";
        }

        @Override
        public Adam withLearningRate(double lr) {
            return new Adam(lr, beta1, beta2, epsilon);
        }

        @Override
        public Op update(Ops tf, OptimizerGraph g, Variable<TFloat32> var, Operand<TFloat32> grad) {
            Variable<TFloat32> m = g.slot(var, "m");
            Variable<TFloat32> v = g.slot(var, "v");
            return tf.train.applyAdam(var, m, v, g.power(beta1), g.power(beta2), g.scalar(learningRate), g.scalar(beta1),
                    g.scalar(beta2), g.scalar(epsilon), grad);
        }
    }

    /**
     * Keras SGD: {@code w -= lr·g}; with momentum (TF's {@code ApplyKerasMomentum}):
     * {@code a = a·momentum - lr·g; w += a}, Nesterov {@code w += a·momentum - lr·g}.
     */
    record Sgd(double learningRate, double momentum, boolean nesterov) implements Optimizer {
        public Sgd {
            checkRate(learningRate);
            if (momentum < 0 || momentum > 1) {
                throw new IllegalArgumentException("SGD momentum must be in [0, 1], got " + momentum);
            }
        }

        @Override
        public String kerasName() {
            return "sgd";
        }

        @Override
        public Sgd withLearningRate(double lr) {
            return new Sgd(lr, momentum, nesterov);
        }

        @Override
        public Op update(Ops tf, OptimizerGraph g, Variable<TFloat32> var, Operand<TFloat32> grad) {
            Operand<TFloat32> lr = g.scalar(learningRate);
            if (momentum == 0) {
                return tf.train.applyGradientDescent(var, lr, grad);
            }
            Variable<TFloat32> accum = g.slot(var, "momentum");
            Operand<TFloat32> lrGrad = tf.math.mul(grad, lr);
            Operand<TFloat32> newAccum = tf.assign(accum, tf.math.sub(tf.math.mul(accum, g.scalar(momentum)), lrGrad));
            Operand<TFloat32> step = nesterov ? tf.math.sub(tf.math.mul(newAccum, g.scalar(momentum)), lrGrad) : newAccum;
            return tf.assignAdd(var, step);
        }
    }

    /**
     * Keras RMSprop: without momentum {@code r = ρ·r + (1-ρ)·g²; w -= lr·g/(sqrt(r)+ε)}; with
     * momentum TF's {@code ApplyRMSProp} ({@code mom = μ·mom + lr·g/sqrt(r+ε); w -= mom}).
     */
    record RmsProp(double learningRate, double rho, double momentum, double epsilon) implements Optimizer {
        public RmsProp {
            checkRate(learningRate);
        }

        @Override
        public String kerasName() {
            return "rmsprop";
        }

        @Override
        public RmsProp withLearningRate(double lr) {
            return new RmsProp(lr, rho, momentum, epsilon);
        }

        @Override
        public Op update(Ops tf, OptimizerGraph g, Variable<TFloat32> var, Operand<TFloat32> grad) {
            Variable<TFloat32> rms = g.slot(var, "rms");
            if (momentum != 0) {
                Variable<TFloat32> mom = g.slot(var, "momentum");
                return tf.train.applyRmsProp(var, rms, mom, g.scalar(learningRate), g.scalar(rho), g.scalar(momentum),
                        g.scalar(epsilon), grad);
            }
            Operand<TFloat32> newRms = tf.assign(rms, tf.math.add(tf.math.mul(g.scalar(rho), rms),
                    tf.math.mul(g.scalar(1.0 - rho), tf.math.square(grad))));
            Operand<TFloat32> delta = tf.math.div(tf.math.mul(g.scalar(learningRate), grad),
                    tf.math.add(tf.math.sqrt(newRms), g.scalar(epsilon)));
            return tf.assignSub(var, delta);
        }
    }

    private static void checkRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + lr);
        }
    }

    /** The Keras class, which also prefixes its variables: {@code Adam}, {@code SGD}, {@code RMSprop}. */
    default String kerasClassName() {
        if (this instanceof Adam) {
            return "Adam";
        }
        return this instanceof Sgd ? "SGD" : "RMSprop";
    }

    /** {@code optimizer.get_config()} of tf.keras 2.x, so Keras can recreate the optimizer from a saved file. */
    default Map<String, Object> kerasConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", kerasClassName());
        c.put("learning_rate", learningRate());
        c.put("decay", 0.0);
        if (this instanceof Adam a) {
            c.put("beta_1", a.beta1());
            c.put("beta_2", a.beta2());
            c.put("epsilon", a.epsilon());
            c.put("amsgrad", false);
        } else if (this instanceof Sgd s) {
            c.put("momentum", s.momentum());
            c.put("nesterov", s.nesterov());
        } else {
            RmsProp r = (RmsProp) this;
            c.put("rho", r.rho());
            c.put("momentum", r.momentum());
            c.put("epsilon", r.epsilon());
            c.put("centered", false);
        }
        return c;
    }

    /** The optimizer {@link #kerasConfig()} describes (the inverse, for resumed runs). */
    static Optimizer fromKerasConfig(String className, Map<String, ?> c) {
        double lr = ((Number) c.get("learning_rate")).doubleValue();
        return switch (className) {
            case "Adam" -> new Adam(lr, number(c, "beta_1"), number(c, "beta_2"), number(c, "epsilon"));
            case "SGD" -> new Sgd(lr, number(c, "momentum"), Boolean.TRUE.equals(c.get("nesterov")));
            case "RMSprop" -> new RmsProp(lr, number(c, "rho"), number(c, "momentum"), number(c, "epsilon"));
            default -> throw new IllegalArgumentException("unknown optimizer class '" + className + "'; expected Adam, SGD or RMSprop");
        };
    }

    private static double number(Map<String, ?> c, String key) {
        if (!(c.get(key) instanceof Number n)) {
            throw new IllegalArgumentException("optimizer config has no number '" + key + "'");
        }
        return n.doubleValue();
    }

    /** Names of the slot variables the optimizer keeps per weight. */
    default List<String> slotNames() {
        if (this instanceof Adam) {
            return List.of("m", "v");
        }
        if (this instanceof Sgd s) {
            return s.momentum() == 0 ? List.of() : List.of("momentum");
        }
        RmsProp r = (RmsProp) this;
        return r.momentum() == 0 ? List.of("rms") : List.of("rms", "momentum");
    }
}
