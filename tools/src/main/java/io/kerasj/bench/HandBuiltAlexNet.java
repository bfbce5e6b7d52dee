package io.kerasj.bench;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.runtime.graph.TensorTransfer;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The oracle's seed000 AlexNet written directly against TF Java, the way one would without
 * kerasj: the layers a straight chain of ops over weight variables. It is the
 * baseline the runtime's generated graph is benchmarked against (same weights, same input).
 */
public final class HandBuiltAlexNet implements AutoCloseable {

    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TFloat32> input;
    private final Operand<TFloat32> output;

    /** @param model seed000 with weights (layer names as in its keras2_config.json) */
    public HandBuiltAlexNet(KerasModel model) {
        Ops tf = Ops.create(graph);
        input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 227, 227, 3)));
        int flat = model.layer("dense").weight("kernel").value().shape().dim(0);
        output = tf.nn.softmax(AlexNetChain.logits(tf, input, flat,
                (layer, name) -> weight(tf, model.layer(layer).weight(name).value()), (x, stream) -> x));
        session = new Session(graph);
        // load the weights once: one feed per variable, as TF Java code without kerasj would
        Session.Runner init = session.runner();
        List<TFloat32> fed = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < loaders.size(); i++) {
                TFloat32 t = TensorTransfer.toTensorFlow(values.get(i));
                fed.add(t);
                init.feed(loaders.get(i).initialValue, t).addTarget(loaders.get(i).assign);
            }
            init.run().close();
        } finally {
            fed.forEach(TFloat32::close);
        }
        loaders.clear();
        values.clear();
    }

    private record Loader(Placeholder<TFloat32> initialValue, org.tensorflow.op.core.Assign<TFloat32> assign) {
    }

    private final List<Loader> loaders = new java.util.ArrayList<>();
    private final List<FloatTensor> values = new java.util.ArrayList<>();

    /**
     * A weight variable loaded by a fed assign. (Embedding 230 MB of weights as graph constants
     * instead makes the first run take over a minute here: TF's graph optimiser processes them.)
     */
    private Operand<TFloat32> weight(Ops tf, FloatTensor t) {
        Shape shape = TensorTransfer.toTfShape(t.shape());
        var v = tf.variable(shape, TFloat32.class);
        Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
        loaders.add(new Loader(p, tf.assign(v, p)));
        values.add(t);
        return v;
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
