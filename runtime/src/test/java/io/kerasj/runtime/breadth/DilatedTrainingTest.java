package io.kerasj.runtime.breadth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.config.ModelConfigParser;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Shape;
import io.kerasj.ir.SourceInfo;
import io.kerasj.ir.Weight;
import io.kerasj.runtime.train.FineTune;
import io.kerasj.runtime.train.Optimizer;
import io.kerasj.runtime.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Dilated convolutions train (TF's own Conv2D/depthwise gradients drop the dilations: the step
 * fails, or oneDNN aborts the JVM). Checked against a twin whose kernel is the zero-inserted
 * kernel with dilation 1: one SGD step must move the dilated kernel's taps exactly as the twin's
 * (plain-convolution gradient) moves the same positions, and give the same loss.
 */
class DilatedTrainingTest {

    private static KerasModel model(String cls, String kernelKey, int k, int dilation, int spatial) {
        String shape = spatial == 1 ? "[null, 10, 2]" : "[null, 7, 8, 2]";
        String tuple = spatial == 1 ? "[" + k + "]" : "[" + k + ", " + k + "]";
        String dil = spatial == 1 ? "[" + dilation + "]" : "[" + dilation + ", " + dilation + "]";
        String filters = cls.startsWith("Depthwise") ? "\"depth_multiplier\": 2" : "\"filters\": 3";
        String pool = spatial == 1 ? "GlobalAveragePooling1D" : "GlobalAveragePooling2D";
        String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_input_shape\": " + shape + "}},"
                + "{\"class_name\": \"" + cls + "\", \"config\": {\"name\": \"c\", " + filters + ", \"kernel_size\": " + tuple
                + ", \"dilation_rate\": " + dil + ", \"padding\": \"same\", \"activation\": \"tanh\"}},"
                + "{\"class_name\": \"" + pool + "\", \"config\": {\"name\": \"g\"}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 3, \"activation\": \"softmax\"}}]}}";
        return FillRule.fill(ModelConfigParser.parse(json, null, new SourceInfo("json", "2.9.0", "tensorflow", null)));
    }

    @ParameterizedTest
    @CsvSource({"Conv1D,kernel,1", "Conv2D,kernel,2", "DepthwiseConv2D,depthwise_kernel,2"})
    void dilatedKernelLearnsLikeItsZeroInsertedTwin(String cls, String kernelKey, int spatial) {
        KerasModel dilated = model(cls, kernelKey, 2, 2, spatial);
        KerasModel twin = model(cls, kernelKey, 3, 1, spatial);
        FloatTensor k = dilated.layer("c").weight(kernelKey).value();
        twin = withWeight(withWeights(twin, dilated), "c", kernelKey, zeroInserted(k, spatial));
        FloatTensor x = TestInput.of(spatial == 1 ? new int[] {3, 10, 2} : new int[] {3, 7, 8, 2});
        int[] labels = {0, 2, 1};
        double[] loss = new double[2];
        List<FloatTensor> after = new ArrayList<>();
        int i = 0;
        for (KerasModel m : List.of(dilated, twin)) {
            try (Trainer t = FineTune.builder(m).optimizer(Optimizer.sgd().withLearningRate(0.5)).build()) {
                loss[i++] = t.step(x, labels).loss();
                after.add(t.model().layer("c").weight(kernelKey).value());
            }
        }
        assertEquals(loss[1], loss[0], 1e-6);
        // the twin's in-between positions learn too; only the taps are shared
        FloatTensor taps = zeroInserted(after.get(0), spatial);
        FloatTensor mask = zeroInserted(ones(k), spatial);
        double worst = 0;
        for (int j = 0; j < taps.size(); j++) {
            if (mask.get(j) != 0) {
                worst = Math.max(worst, Math.abs(taps.get(j) - after.get(1).get(j)));
            }
        }
        System.out.printf("%s dilated vs zero-inserted twin after one SGD step: max kernel difference %.1e%n", cls, worst);
        assertEquals(0, worst, 1e-6);
        assertEquals(true, !after.get(0).equals(k), "the kernel moved");
    }

    private static FloatTensor ones(FloatTensor like) {
        float[] v = new float[like.size()];
        java.util.Arrays.fill(v, 1f);
        return FloatTensor.wrap(like.shape(), v);
    }

    /** (2[,2], in, out) kernel → (3[,3], in, out) with the taps at even positions. */
    private static FloatTensor zeroInserted(FloatTensor k, int spatial) {
        int inner = k.shape().dim(-2) * k.shape().dim(-1);
        if (spatial == 1) {
            float[] v = new float[3 * inner];
            for (int t = 0; t < 2; t++) {
                System.arraycopy(k.toArray(), t * inner, v, 2 * t * inner, inner);
            }
            return FloatTensor.wrap(Shape.of(3, k.shape().dim(-2), k.shape().dim(-1)), v);
        }
        float[] v = new float[9 * inner];
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 2; c++) {
                System.arraycopy(k.toArray(), (r * 2 + c) * inner, v, (2 * r * 3 + 2 * c) * inner, inner);
            }
        }
        return FloatTensor.wrap(Shape.of(3, 3, k.shape().dim(-2), k.shape().dim(-1)), v);
    }

    /** {@code target} with every weight of {@code source} except the convolution's kernel. */
    private static KerasModel withWeights(KerasModel target, KerasModel source) {
        List<Layer> layers = new ArrayList<>();
        for (Layer l : target.layers()) {
            List<Weight> ws = new ArrayList<>();
            for (Weight w : l.weights()) {
                Weight s = source.layer(l.name()).weight(w.name());
                ws.add(s.spec().shape().equals(w.spec().shape()) ? new Weight(w.spec(), s.value()) : w);
            }
            layers.add(l.withWeights(ws));
        }
        return target.withLayers(layers);
    }

    private static KerasModel withWeight(KerasModel m, String layer, String weight, FloatTensor value) {
        List<Layer> layers = new ArrayList<>();
        for (Layer l : m.layers()) {
            List<Weight> ws = new ArrayList<>();
            for (Weight w : l.weights()) {
                ws.add(l.name().equals(layer) && w.name().equals(weight) ? new Weight(w.spec(), value) : w);
            }
            layers.add(l.withWeights(ws));
        }
        return m.withLayers(layers);
    }

    /** Fill-rule inputs mapped to [-1, 1). */
    static final class TestInput {
        static FloatTensor of(int[] dims) {
            int[] feature = java.util.Arrays.copyOfRange(dims, 1, dims.length);
            float[] v = FillRule.input(dims[0], feature).toArray();
            for (int i = 0; i < v.length; i++) {
                v[i] = 2 * v[i] - 1;
            }
            return FloatTensor.wrap(Shape.of(dims), v);
        }
    }
}
