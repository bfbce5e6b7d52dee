package io.kerasj.runtime.breadth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.config.ModelConfigParser;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.SourceInfo;
import io.kerasj.ir.Weight;
import io.kerasj.runtime.train.FineTune;
import io.kerasj.runtime.train.Optimizer;
import io.kerasj.runtime.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The 3-D gradients kerasj registers (TF's C++ registry has none) against TF's own 2-D ones: a
 * Conv3D with a depth-1 kernel (then Max/AveragePooling3D with a depth-1 window) over a depth-1
 * volume is the 2-D model; three SGD steps must give the same losses and weights.
 */
class Gradients3DTest {

    private static KerasModel model(boolean threeD, String pool) {
        String in = threeD ? "[null, 1, 6, 7, 2]" : "[null, 6, 7, 2]";
        String k = threeD ? "[1, 3, 2]" : "[3, 2]";
        String p = threeD ? "[1, 2, 2]" : "[2, 2]";
        String d = threeD ? "3D" : "2D";
        String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_input_shape\": " + in + "}},"
                + "{\"class_name\": \"Conv" + d + "\", \"config\": {\"name\": \"c\", \"filters\": 3, \"kernel_size\": " + k
                + ", \"strides\": " + (threeD ? "[1, 1, 1]" : "[1, 1]") + ", \"padding\": \"same\", \"activation\": \"tanh\"}},"
                + "{\"class_name\": \"" + pool + "Pooling" + d + "\", \"config\": {\"name\": \"p\", \"pool_size\": " + p + ", \"padding\": \"same\"}},"
                + "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"f\"}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 3, \"activation\": \"softmax\"}}]}}";
        return FillRule.fill(ModelConfigParser.parse(json, null, new SourceInfo("json", "2.9.0", "tensorflow", null)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Max", "Average"})
    void conv3dAndPooling3dLearnLikeTheir2dTwins(String pool) {
        KerasModel m2 = model(false, pool);
        KerasModel m3 = model(true, pool);
        // same values: the 3-D kernel (1, 3, 2, 2, 3) holds the 2-D kernel (3, 2, 2, 3)
        List<Layer> layers = new ArrayList<>();
        for (Layer l : m3.layers()) {
            List<Weight> ws = new ArrayList<>();
            for (Weight w : l.weights()) {
                ws.add(new Weight(w.spec(), m2.layer(l.name()).weight(w.name()).value().reshape(w.spec().shape())));
            }
            layers.add(l.withWeights(ws));
        }
        m3 = m3.withLayers(layers);
        FloatTensor x2 = FillRule.input(3, 6, 7, 2);
        FloatTensor x3 = x2.reshape(io.kerasj.ir.Shape.of(3, 1, 6, 7, 2));
        int[] labels = {0, 2, 1};
        try (Trainer t2 = FineTune.builder(m2).optimizer(Optimizer.sgd().withLearningRate(0.3)).build();
             Trainer t3 = FineTune.builder(m3).optimizer(Optimizer.sgd().withLearningRate(0.3)).build()) {
            for (int step = 0; step < 3; step++) {
                assertEquals(t2.step(x2, labels).loss(), t3.step(x3, labels).loss(), 1e-6, "loss before step " + (step + 1));
            }
            for (String w : List.of("c/kernel", "c/bias", "d/kernel")) {
                String[] lw = w.split("/");
                float[] a = t2.model().layer(lw[0]).weight(lw[1]).value().toArray();
                float[] b = t3.model().layer(lw[0]).weight(lw[1]).value().toArray();
                for (int i = 0; i < a.length; i++) {
                    assertEquals(a[i], b[i], 1e-6, w + "[" + i + "]");
                }
            }
        }
    }
}
