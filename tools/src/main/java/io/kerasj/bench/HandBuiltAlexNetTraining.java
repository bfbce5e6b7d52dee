package io.kerasj.bench;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.layers.InputLayerSpec;
import io.kerasj.runtime.graph.TensorTransfer;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The training step of the oracle's seed000 AlexNet written directly against TF Java, as one would
 * without kerasj: {@code VariableV2} weights, the forward chain with Dropout, softmax cross-entropy
 * on the logits, {@code tf.gradients}, and TF's {@code ApplyAdam} per weight with Keras' defaults
 * (lr 0.001, β1 0.9, β2 0.999, ε 1e-7, bias corrections β^t with t = step + 1 in float32). The
 * updates wait for every gradient, so no weight changes while the backward pass still reads it.
 * It is the baseline kerasj's {@code Trainer} step is benchmarked against. The forward pass is
 * {@link HandBuiltLayers}' (any chain {@link HandBuiltGraph#unsupported} accepts that ends in a
 * softmax Dense), so a scaled-down AlexNet works too.
 *
 * <p>Dropout draws its masks as kerasj does (TF's stateless uniform keyed by the run's seed, the
 * layer's stream and the step), so the same weights and batch give the same step as kerasj's.
 */
public final class HandBuiltAlexNetTraining implements AutoCloseable {
    private static final float LEARNING_RATE = 1e-3f;
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-7f;

    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TFloat32> input;
    private final Placeholder<TInt32> labels;
    private final Placeholder<TInt64> step;
    private final Operand<TFloat32> loss;
    private final Op train;
    private final List<Variable<TFloat32>> variables = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<Assign<TFloat32>> loaders = new ArrayList<>();
    private final List<Placeholder<TFloat32>> loaderInputs = new ArrayList<>();
    private final List<FloatTensor> values = new ArrayList<>();
    private final long seed;
    private long steps;

    /**
     * @param model seed000 (or an AlexNet with its layer names) with weights
     * @param seed the seed kerasj's trainer was given (Dropout masks depend on it)
     */
    public HandBuiltAlexNetTraining(KerasModel model, long seed) {
        List<String> problems = HandBuiltGraph.unsupported(model);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("no hand-built training step for this model: " + String.join("; ", problems));
        }
        this.seed = seed;
        Ops tf = Ops.create(graph);
        int side = model.inputShapes().get(0).dim(1);
        input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, side, side, 3)));
        labels = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        step = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
        Operand<TFloat32> logits = forward(tf, model);
        Layer last = model.layers().get(model.layers().size() - 1);
        int classes = last.outputShapes().get(0).dim(-1);
        Operand<TFloat32> target = tf.oneHot(labels, tf.constant(classes), tf.constant(1f), tf.constant(0f));
        loss = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, target).loss(), tf.constant(0));
        train = adam(tf, tf.gradients(loss, variables));
        session = new Session(graph);
        load();
    }

    /**
     * The model's chain up to the last (softmax Dense) layer's logits, layer by layer as
     * {@link HandBuiltLayers} writes them; the i-th Dropout draws from stream i, as kerasj's do.
     */
    private Operand<TFloat32> forward(Ops tf, KerasModel model) {
        long[] streams = {0};
        HandBuiltLayers layers = new HandBuiltLayers(tf, (layer, name) -> weight(tf, layer, name),
                (layer, spec, x) -> dropout(tf, x, spec.rate(), ++streams[0]));
        List<Layer> chain = model.layers().stream().filter(l -> !(l.spec() instanceof InputLayerSpec)).toList();
        Operand<TFloat32> x = input;
        for (int i = 0; i < chain.size() - 1; i++) {
            x = layers.apply(chain.get(i), x);
        }
        return layers.logits(chain.get(chain.size() - 1), x);
    }

    /** Adam on every variable once all gradients exist, then the step counter. */
    private Op adam(Ops tf, org.tensorflow.op.core.Gradients grads) {
        Variable<TInt64> iterations = tf.variable(tf.constant(0L));
        Operand<TFloat32> t = tf.dtypes.cast(tf.math.add(iterations, tf.constant(1L)), TFloat32.class);
        Operand<TFloat32> beta1Power = tf.math.pow(tf.constant(BETA1), t);
        Operand<TFloat32> beta2Power = tf.math.pow(tf.constant(BETA2), t);
        List<Op> gradOps = new ArrayList<>();
        for (int i = 0; i < variables.size(); i++) {
            Operand<TFloat32> g = grads.dy(i);
            gradOps.add(g);
        }
        Ops gated = tf.withControlDependencies(gradOps);
        List<Op> updates = new ArrayList<>();
        for (int i = 0; i < variables.size(); i++) {
            Variable<TFloat32> v = variables.get(i);
            Variable<TFloat32> m = zeros(tf, v);
            Variable<TFloat32> s = zeros(tf, v);
            updates.add(gated.train.applyAdam(v, m, s, beta1Power, beta2Power, tf.constant(LEARNING_RATE),
                    tf.constant(BETA1), tf.constant(BETA2), tf.constant(EPSILON), grads.<TFloat32>dy(i)));
        }
        return tf.withControlDependencies(updates).assignAdd(iterations, tf.constant(1L));
    }

    /** A slot variable initialised to zeros by TF's own init op. */
    private static Variable<TFloat32> zeros(Ops tf, Variable<TFloat32> like) {
        return tf.variable(tf.zeros(tf.constant(like.shape().asArray()), TFloat32.class));
    }

    /** Loads the weights (one feed per variable) and runs the slots' and counter's init ops. */
    private void load() {
        Session.Runner init = session.runner();
        List<TFloat32> fed = new ArrayList<>();
        try {
            for (int i = 0; i < loaders.size(); i++) {
                TFloat32 t = TensorTransfer.toTensorFlow(values.get(i));
                fed.add(t);
                init.feed(loaderInputs.get(i), t).addTarget(loaders.get(i));
            }
            init.run().close();
        } finally {
            fed.forEach(TFloat32::close);
        }
        loaders.clear();
        loaderInputs.clear();
        values.clear();
        session.initialize();
    }

    private Variable<TFloat32> weight(Ops tf, Layer layer, String name) {
        FloatTensor value = layer.weight(name).value();
        Shape shape = TensorTransfer.toTfShape(value.shape());
        Variable<TFloat32> v = tf.variable(shape, TFloat32.class);
        Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
        loaders.add(tf.assign(v, p));
        loaderInputs.add(p);
        values.add(value);
        variables.add(v);
        names.add(layer.name() + "/" + name);
        return v;
    }

    /** Inverted dropout; the mask is TF's stateless uniform keyed [seed mixed with the stream, step]. */
    private Operand<TFloat32> dropout(Ops tf, Operand<TFloat32> x, double rate, long stream) {
        Operand<TInt64> key = tf.concat(List.of(tf.constant(new long[] {seed ^ (0x9E3779B97F4A7C15L * stream)}),
                tf.reshape(step, tf.constant(new int[] {1}))), tf.constant(0));
        Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.shape(x), key, TFloat32.class);
        Operand<TFloat32> keep = tf.dtypes.cast(tf.math.greaterEqual(u, tf.constant((float) rate)), TFloat32.class);
        return tf.math.mul(tf.math.mul(x, tf.constant((float) (1.0 / (1.0 - rate)))), keep);
    }

    /** One Adam step on the batch; returns the batch's mean loss before the update. */
    public float step(FloatTensor x, int[] y) {
        try (TFloat32 in = TensorTransfer.toTensorFlow(x); TInt32 yt = TInt32.vectorOf(y); TInt64 s = TInt64.scalarOf(steps);
             Result r = session.runner().feed(input, in).feed(labels, yt).feed(step, s).fetch(loss).addTarget(train).run()) {
            steps++;
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    /** The current value of {@code layer/weight}. */
    public FloatTensor weight(String layer, String weight) {
        Variable<TFloat32> v = variables.get(names.indexOf(layer + "/" + weight));
        try (Result r = session.runner().fetch(v).run()) {
            return TensorTransfer.fromTensorFlow((TFloat32) r.get(0));
        }
    }

    /** The trained weights as {@code layer/weight}, in model order. */
    public List<String> weightNames() {
        return List.copyOf(names);
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
