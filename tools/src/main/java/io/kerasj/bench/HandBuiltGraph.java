package io.kerasj.bench;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Node;
import io.kerasj.ir.Shape;
import io.kerasj.ir.TensorRef;
import io.kerasj.layers.InputLayerSpec;
import io.kerasj.runtime.graph.TensorTransfer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A model written directly against TF Java, the way one would without kerasj: a straight chain of
 * tf.nn ops ({@link HandBuiltLayers}) over weight variables, default session options. It is the
 * baseline kerasj's generated graph is benchmarked against (same weights, same input). It takes
 * single-input, single-output chains of the plain kinds; {@link #unsupported} says why not otherwise.
 */
public final class HandBuiltGraph implements AutoCloseable {
    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TFloat32> input;
    private final Operand<TFloat32> output;
    private final List<Loader> loaders = new ArrayList<>();

    private record Loader(Placeholder<TFloat32> value, Assign<TFloat32> assign, FloatTensor weight) {
    }

    /**
     * Builds the graph and loads the weights.
     *
     * @throws IllegalArgumentException with every reason when {@link #unsupported} finds any
     */
    public HandBuiltGraph(KerasModel model) {
        List<String> problems = unsupported(model);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("no hand-built TF Java baseline for this model: " + String.join("; ", problems));
        }
        try {
            Ops tf = Ops.create(graph);
            HandBuiltLayers layers = new HandBuiltLayers(tf, (layer, name) -> variable(tf, layer.weight(name).value()));
            TensorRef in = model.inputs().get(0);
            input = tf.placeholder(TFloat32.class, Placeholder.shape(TensorTransfer.toTfShape(model.shapeOf(in))));
            Map<TensorRef, Operand<TFloat32>> values = new HashMap<>();
            values.put(in, input);
            for (Layer layer : model.layers()) {
                if (!(layer.spec() instanceof InputLayerSpec)) {
                    values.put(TensorRef.of(layer.name()), layers.apply(layer, values.get(layer.inbound().get(0))));
                }
            }
            output = values.get(model.outputs().get(0));
            session = new Session(graph);
            try {
                loadWeights();
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /** Every reason this builder cannot write {@code model} by hand; empty when it can. */
    public static List<String> unsupported(KerasModel model) {
        List<String> problems = new ArrayList<>();
        if (model.inputs().size() != 1 || model.outputs().size() != 1) {
            problems.add(model.inputs().size() + " inputs and " + model.outputs().size() + " outputs (it takes one of each)");
        }
        for (Layer layer : model.layers()) {
            if (layer.spec() instanceof InputLayerSpec) {
                continue;
            }
            List<Node> nodes = layer.nodes();
            if (nodes.size() != 1 || nodes.get(0).inputs().size() != 1 || layer.outputShapes().size() != 1) {
                problems.add(layer.name() + ": not a single-input, single-output layer called once");
                continue;
            }
            TensorRef from = nodes.get(0).inputs().get(0);
            if (from.nodeIndex() != 0 || from.tensorIndex() != 0) {
                problems.add(layer.name() + ": reads " + from + " (it takes chains of single-output layers)");
                continue;
            }
            Shape shape = nodes.get(0).inputShapes().get(0);
            HandBuiltLayers.unsupported(layer, shape).ifPresent(p -> problems.add(layer.name() + ": " + p));
        }
        return problems;
    }

    /**
     * A weight variable loaded by a fed assign. (Embedding 230 MB of weights as graph constants
     * instead makes the first run take over a minute: TF's graph optimiser processes them.)
     */
    private Operand<TFloat32> variable(Ops tf, FloatTensor value) {
        org.tensorflow.ndarray.Shape shape = TensorTransfer.toTfShape(value.shape());
        var v = tf.variable(shape, TFloat32.class);
        Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
        loaders.add(new Loader(p, tf.assign(v, p), value));
        return v;
    }

    /** One run feeding every variable, as TF Java code without kerasj would load them. */
    private void loadWeights() {
        Session.Runner init = session.runner();
        List<TFloat32> fed = new ArrayList<>();
        try {
            for (Loader l : loaders) {
                TFloat32 t = TensorTransfer.toTensorFlow(l.weight());
                fed.add(t);
                init.feed(l.value(), t).addTarget(l.assign());
            }
            init.run().close();
        } finally {
            fed.forEach(TFloat32::close);
            loaders.clear();
        }
    }

    public FloatTensor predict(FloatTensor batch) {
        try (TFloat32 in = TensorTransfer.toTensorFlow(batch);
             Result r = session.runner().feed(input, in).fetch(output).run()) {
            return TensorTransfer.fromTensorFlow((TFloat32) r.get(0));
        }
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
