package io.kerasj.runtime;

import static io.kerasj.runtime.TestModels.layer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.runtime.graph.CompiledModel;
import io.kerasj.runtime.graph.KernelSupport;
import io.kerasj.runtime.graph.LoweringOptions;
import io.kerasj.runtime.graph.LoweringOptions.GroupedConv;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Grouped Conv2D on whichever TensorFlow CPU path this JVM runs (the build runs these tests with
 * TF_ENABLE_ONEDNN_OPTS=1 and again with =0): the kernel probe tells the paths apart, and every
 * strategy the probe allows gives the same outputs and gradients as the split form.
 */
class GroupedConvPathsTest {
    /** Grouped convs with bias+relu, without bias before BatchNormalization, and with elu: every fusion TF knows. */
    static KerasModel model() {
        return TestModels.sequential(new int[] {7, 7, 4},
                layer("Conv2D", "g1", "\"filters\": 6, \"kernel_size\": [3, 3], \"padding\": \"same\", \"groups\": 2, \"activation\": \"relu\""),
                layer("Conv2D", "g2", "\"filters\": 6, \"kernel_size\": [3, 3], \"padding\": \"valid\", \"groups\": 3, \"use_bias\": false"),
                layer("BatchNormalization", "bn", "\"axis\": -1, \"epsilon\": 0.001"),
                layer("Conv2D", "g3", "\"filters\": 4, \"kernel_size\": [1, 1], \"groups\": 2, \"activation\": \"elu\""));
    }

    @Test
    void probeMatchesTheKernelPathChosenByTheEnvironment() {
        KernelSupport k = KernelSupport.probe();
        String env = System.getenv("TF_ENABLE_ONEDNN_OPTS");
        if ("0".equals(env)) {
            // TensorFlow's own kernels: _FusedConv2D and the Eigen gradients reject groups
            assertEquals(false, k.fusedGroupedConv());
            assertEquals(false, k.groupedConvGradient());
        } else if ("1".equals(env) && System.getProperty("os.arch").equals("amd64")) {
            assertEquals(true, k.fusedGroupedConv());
            assertEquals(true, k.groupedConvGradient());
        } else {
            assertEquals(k.fusedGroupedConv() && k.groupedConvGradient() ? "oneDNN" : "Eigen (oneDNN off)", k.cpuPath());
        }
    }

    @Test
    void autoInfersWhatTheSplitFormInfers() {
        KerasModel m = model();
        var x = TestModels.input(3, 7, 7, 4);
        assertSame(run(m, GroupedConv.SPLIT, x), run(m, GroupedConv.AUTO, x), "AUTO");
    }

    @Test
    void nativeInfersTheSameOrSaysWhyItCannotRunHere() {
        KerasModel m = model();
        var x = TestModels.input(3, 7, 7, 4);
        if (KernelSupport.probe().fusedGroupedConv()) {
            assertSame(run(m, GroupedConv.SPLIT, x), run(m, GroupedConv.NATIVE, x), "NATIVE");
        } else {
            KerasImportException e = org.junit.jupiter.api.Assertions.assertThrows(KerasImportException.class,
                    () -> run(m, GroupedConv.NATIVE, x));
            assertTrue(e.getMessage().contains("fuses it into kernels without groups"), e.getMessage());
        }
    }

    private static void assertSame(io.kerasj.ir.FloatTensor expected, io.kerasj.ir.FloatTensor y, String what) {
        assertEquals(expected.size(), y.size());
        for (int i = 0; i < y.size(); i++) {
            assertEquals(expected.get(i), y.get(i), 1e-6, what + " output " + i);
        }
    }

    @Test
    void autoTrainsWithTheSplitFormsGradients() {
        KerasModel m = model();
        float[] split = gradients(m, GroupedConv.SPLIT);
        float[] auto = gradients(m, GroupedConv.AUTO);
        assertEquals(split.length, auto.length);
        double norm = 0;
        for (int i = 0; i < split.length; i++) {
            assertEquals(split[i], auto[i], 1e-5, "d loss / d weight, element " + i);
            norm += Math.abs(split[i]);
        }
        assertTrue(norm > 1e-3, "the gradients are not all zero");
    }

    @Test
    void nativeTrainingSaysWhyWhereGroupedGradientsDoNotExist() {
        Executable compile = () -> CompiledModel.compile(model(),
                LoweringOptions.defaults().withGroupedConv(GroupedConv.NATIVE).withTraining(1)).close();
        if (KernelSupport.probe().groupedConvGradient()) {
            float[] split = gradients(model(), GroupedConv.SPLIT);
            float[] nat = gradients(model(), GroupedConv.NATIVE);
            for (int i = 0; i < split.length; i++) {
                assertEquals(split[i], nat[i], 1e-5, "d loss / d weight, element " + i);
            }
        } else {
            KerasImportException e = org.junit.jupiter.api.Assertions.assertThrows(KerasImportException.class, compile);
            assertTrue(e.getMessage().contains("no gradient for grouped convolutions"), e.getMessage());
        }
    }

    private static io.kerasj.ir.FloatTensor run(KerasModel m, GroupedConv g, io.kerasj.ir.FloatTensor x) {
        try (Predictor p = KerasRuntime.builder(m).groupedConv(g).build()) {
            return p.predict(x);
        }
    }

    /** d(sum of outputs²)/d(every kernel), through the training graph (flag fed true). */
    private static float[] gradients(KerasModel m, GroupedConv g) {
        try (CompiledModel c = CompiledModel.compile(m, LoweringOptions.defaults().withGroupedConv(g).withTraining(1));
             Session s = new Session(c.graph())) {
            c.initialize(s);
            Ops tf = c.ops();
            Operand<TFloat32> y = c.outputs().get(0);
            Operand<TFloat32> loss = tf.sum(tf.math.square(y), tf.constant(new int[] {0, 1, 2, 3}));
            List<Operand<TFloat32>> kernels = new ArrayList<>();
            for (String l : List.of("g1", "g2", "g3")) {
                kernels.add(c.weights().variable(l, "kernel"));
            }
            var grads = tf.gradients(loss, kernels);
            var x = TestModels.input(2, 7, 7, 4);
            try (TFloat32 xt = io.kerasj.runtime.graph.TensorTransfer.toTensorFlow(x)) {
                Session.Runner r = s.runner().feed(c.inputs().get(0), xt)
                        .feed(c.training().orElseThrow().flag(), org.tensorflow.types.TBool.scalarOf(true));
                for (int i = 0; i < kernels.size(); i++) {
                    r.fetch(grads.dy(i));
                }
                try (Result res = r.run()) {
                    List<Float> all = new ArrayList<>();
                    for (int i = 0; i < kernels.size(); i++) {
                        TFloat32 t = (TFloat32) res.get(i);
                        float[] v = new float[(int) t.size()];
                        t.asRawTensor().data().asFloats().read(v);
                        for (float f : v) {
                            all.add(f);
                        }
                    }
                    float[] out = new float[all.size()];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = all.get(i);
                    }
                    return out;
                }
            }
        }
    }
}
