package io.kerasj.runtime.graph;

import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * What the TensorFlow kernels loaded in this JVM accept, found by running tiny graphs once rather
 * than guessed from the CPU. TensorFlow picks its CPU path at start-up: with oneDNN on (the default
 * only on CPUs with AVX-512 VNNI/BF16/AMX, or {@code TF_ENABLE_ONEDNN_OPTS=1}) grappler rewrites
 * Conv2D into oneDNN kernels that take {@code groups}; with it off (AVX2 machines, arm64 builds,
 * {@code TF_ENABLE_ONEDNN_OPTS=0}) the remapper fuses Conv2D+BiasAdd(+activation) and
 * Conv2D+FusedBatchNorm into {@code _FusedConv2D}, which rejects grouped convolutions at run time,
 * and the Eigen Conv2D gradients reject them too. The probes reproduce exactly those patterns.
 */
public final class KernelSupport {
    private static volatile KernelSupport probed;

    private final boolean fusedGroupedConv;
    private final boolean groupedConvGradient;

    KernelSupport(boolean fusedGroupedConv, boolean groupedConvGradient) {
        this.fusedGroupedConv = fusedGroupedConv;
        this.groupedConvGradient = groupedConvGradient;
    }

    /** The answer for this JVM's TensorFlow, probed on first use (a few milliseconds). */
    public static KernelSupport probe() {
        KernelSupport k = probed;
        if (k == null) {
            synchronized (KernelSupport.class) {
                k = probed;
                if (k == null) {
                    k = new KernelSupport(runs(KernelSupport::convBiasRelu, false) && runs(KernelSupport::convBatchNorm, false),
                            runs(KernelSupport::plainConv, true));
                    probed = k;
                }
            }
        }
        return k;
    }

    /** Grouped Conv2D survives the optimiser's fusions with BiasAdd, activations and FusedBatchNorm. */
    public boolean fusedGroupedConv() {
        return fusedGroupedConv;
    }

    /** Gradients of a grouped Conv2D (input and filter) run. */
    public boolean groupedConvGradient() {
        return groupedConvGradient;
    }

    /**
     * The CPU kernel path, as far as it shows in behaviour: grouped convolutions fused and
     * differentiable is oneDNN's path; otherwise TensorFlow's own (Eigen) kernels.
     */
    public String cpuPath() {
        return fusedGroupedConv && groupedConvGradient ? "oneDNN" : "Eigen (oneDNN off)";
    }

    private interface Pattern {
        Operand<TFloat32> build(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel, Operand<TFloat32> bias);
    }

    // one pattern per graph: two identical convolutions in one graph would be merged by common
    // subexpression elimination into one with two consumers, which is never fused
    private static Operand<TFloat32> convBiasRelu(Ops tf, Operand<TFloat32> x, Operand<TFloat32> k, Operand<TFloat32> b) {
        return tf.nn.relu(tf.nn.biasAdd(conv(tf, x, k), b));
    }

    private static Operand<TFloat32> convBatchNorm(Ops tf, Operand<TFloat32> x, Operand<TFloat32> k, Operand<TFloat32> b) {
        return tf.nn.fusedBatchNorm(conv(tf, x, k), b, b, b, b, FusedBatchNorm.isTraining(false),
                FusedBatchNorm.dataFormat("NHWC")).y();
    }

    private static Operand<TFloat32> plainConv(Ops tf, Operand<TFloat32> x, Operand<TFloat32> k, Operand<TFloat32> b) {
        return conv(tf, x, k);
    }

    private static Operand<TFloat32> conv(Ops tf, Operand<TFloat32> x, Operand<TFloat32> k) {
        return tf.nn.conv2d(x, k, List.of(1L, 1L, 1L, 1L), "SAME");
    }

    /** Runs a 2-group 3×3 convolution pattern on a 1×4×4×4 input; false when TensorFlow refuses it. */
    private static boolean runs(Pattern pattern, boolean withGradients) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 4, 4, 4)));
            Placeholder<TFloat32> k = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(3, 3, 2, 4)));
            Operand<TFloat32> b = tf.constant(new float[] {0.1f, 0.2f, 0.3f, 0.4f});
            Operand<TFloat32> y = pattern.build(tf, x, k, b);
            Output<?>[] grads = withGradients
                    ? g.addGradients(tf.sum(y, tf.constant(new int[] {0, 1, 2, 3})).asOutput(),
                            new Output<?>[] {x.asOutput(), k.asOutput()})
                    : new Output<?>[0];
            try (Session s = new Session(g);
                 TFloat32 xv = TFloat32.tensorOf(Shape.of(1, 4, 4, 4));
                 TFloat32 kv = TFloat32.tensorOf(Shape.of(3, 3, 2, 4))) {
                Session.Runner r = s.runner().feed(x, xv).feed(k, kv).fetch(y);
                for (Output<?> o : grads) {
                    r.fetch(o);
                }
                r.run().close();
                return true;
            }
        } catch (RuntimeException e) {
            // TF Java maps status codes onto unrelated Java types (TFUnimplementedException is an
            // UnsupportedOperationException, TFInvalidArgumentException an IllegalArgumentException)
            return false;
        }
    }
}
