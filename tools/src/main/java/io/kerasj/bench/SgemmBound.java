package io.kerasj.bench;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.graph.TensorTransfer;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * The machine's matrix-multiply bound as TF reaches it here: one fp32 MatMul of two n×n variables
 * in this process, default session options, on whichever CPU kernel path TF takes (oneDNN or
 * Eigen). A model's images/s × FLOPs per image over this GFLOP/s is the fraction of the bound it
 * reaches. {@link #run()} is a competitor for {@link AlternatingTimer}, so the bound is measured
 * under the same load as the models.
 */
public final class SgemmBound implements AutoCloseable {
    /** The reference size. */
    public static final int DEFAULT_SIZE = 4096;

    private final int n;
    private final Graph graph = new Graph();
    private final Session session;
    private final MatMul<TFloat32> product;

    public SgemmBound(int n) {
        this.n = n;
        Ops tf = Ops.create(graph);
        Shape shape = Shape.of(n, n);
        var a = tf.variable(TensorTransfer.toTfShape(shape), TFloat32.class);
        var b = tf.variable(TensorTransfer.toTfShape(shape), TFloat32.class);
        Placeholder<TFloat32> av = tf.placeholder(TFloat32.class, Placeholder.shape(TensorTransfer.toTfShape(shape)));
        Placeholder<TFloat32> bv = tf.placeholder(TFloat32.class, Placeholder.shape(TensorTransfer.toTfShape(shape)));
        var loadA = tf.assign(a, av);
        var loadB = tf.assign(b, bv);
        product = tf.linalg.matMul(a, b);
        session = new Session(graph);
        // variables, not constants or feeds: the timed run neither copies inputs nor lets the
        // optimiser fold the product away; ordinary values (no denormals)
        try (TFloat32 x = TensorTransfer.toTensorFlow(matrix(shape, 1));
             TFloat32 y = TensorTransfer.toTensorFlow(matrix(shape, 2))) {
            session.runner().feed(av, x).feed(bv, y).addTarget(loadA).addTarget(loadB).run().close();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static FloatTensor matrix(Shape shape, int salt) {
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((i * 31 + salt * 17) % 97 - 48) / 97f;
        }
        return FloatTensor.wrap(shape, v);
    }

    /** One product; the result stays in TF (nothing is fetched). */
    public void run() {
        session.runner().addTarget(product).run().close();
    }

    /** FLOPs of one product: n³ multiply-adds × 2. */
    public double gflop() {
        return 2.0 * n * n * n / 1e9;
    }

    public int size() {
        return n;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
