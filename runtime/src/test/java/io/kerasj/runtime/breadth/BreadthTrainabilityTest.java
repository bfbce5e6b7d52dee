package io.kerasj.runtime.breadth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Weight;
import io.kerasj.runtime.train.FineTune;
import io.kerasj.runtime.train.Optimizer;
import io.kerasj.runtime.train.Trainer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every issue-18 layer kind with weights or a place on the gradient path trains: on the
 * BreadthExportTest models (Conv1D causal/dilated/grouped, LayerNormalization, pooling, upsampling,
 * padding/cropping, Conv3D, Conv1D/2DTranspose, GroupNormalization, Resizing, CenterCrop,
 * SeparableConv1D, DepthwiseConv1D, ...) TensorFlow finds a gradient for every op, a few SGD steps
 * on one batch lower its (inference-mode) loss, and every trainable weight moves.
 */
class BreadthTrainabilityTest {

    @ParameterizedTest
    @ValueSource(strings = {"sequence", "volume", "image", "separable"})
    void sgdStepsLowerTheLossAndMoveEveryWeight(String which) {
        check(which, BreadthExportTest.model(which), name -> true);
    }

    /** One image layer kind between the input and a pooled softmax head. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"class_name\": \"Conv2DTranspose\", \"config\": {\"name\": \"k\", \"filters\": 4, \"kernel_size\": 3, \"strides\": 2, \"padding\": \"same\", \"output_padding\": 1}}",
        "{\"class_name\": \"GroupNormalization\", \"config\": {\"name\": \"k\", \"groups\": 3}}",
        "{\"class_name\": \"UnitNormalization\", \"config\": {\"name\": \"k\"}}",
        "{\"class_name\": \"Resizing\", \"config\": {\"name\": \"k\", \"height\": 5, \"width\": 5}}",
        "{\"class_name\": \"UpSampling2D\", \"config\": {\"name\": \"k\", \"size\": 2, \"interpolation\": \"bilinear\"}}",
        "{\"class_name\": \"CenterCrop\", \"config\": {\"name\": \"k\", \"height\": 4, \"width\": 4}}",
        "{\"class_name\": \"LayerNormalization\", \"config\": {\"name\": \"k\", \"axis\": [1, 2, 3]}}"})
    void eachImageKindTrains(String layerJson) {
        String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_input_shape\": [null, 6, 8, 3]}},"
                + "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c\", \"filters\": 3, \"kernel_size\": 3, \"padding\": \"same\"}},"
                + layerJson + ","
                + "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"f\"}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 2, \"activation\": \"softmax\"}}]}}";
        KerasModel m = FillRule.fill(io.kerasj.config.ModelConfigParser.parse(json, null,
                new io.kerasj.ir.SourceInfo("json", "2.9.0", "tensorflow", null)));
        // the Conv2D bias may legitimately get no gradient (a normalisation right after it cancels it)
        check(m.layer("k").className(), m, name -> !name.equals("c"));
    }

    private static void check(String which, KerasModel model, java.util.function.Predicate<String> mustMove) {
        List<Integer> feature = model.inputShapes().get(0).toList().subList(1, model.inputShapes().get(0).rank());
        FloatTensor x = FillRule.input(4, feature.stream().mapToInt(Integer::intValue).toArray());
        int[] labels = {0, 1, 1, 0};
        int[] sample = feature.stream().mapToInt(Integer::intValue).toArray();
        io.kerasj.runtime.data.FloatDataset data = new io.kerasj.runtime.data.FloatDataset(x.toArray(),
                io.kerasj.ir.Shape.of(sample), labels, model.outputShapes().get(0).dim(-1), which);
        try (Trainer t = FineTune.builder(model).optimizer(Optimizer.sgd().withLearningRate(0.01)).build()) {
            // inference-mode loss before and after: the noise layers make training-step losses random
            double first = t.evaluate(data).loss();
            for (int i = 0; i < 5; i++) {
                t.step(x, labels);
            }
            double last = t.evaluate(data).loss();
            System.out.printf("%s: evaluated loss %.6f -> %.6f after 5 SGD steps%n", which, first, last);
            assertTrue(Double.isFinite(first) && last < first, which + ": " + first + " -> " + last);
            KerasModel trained = t.model();
            for (Layer l : model.layers().stream().filter(l -> mustMove.test(l.name())).toList()) {
                for (Weight w : l.weights()) {
                    if (w.spec().trainable()) {
                        assertTrue(!w.value().equals(trained.layer(l.name()).weight(w.name()).value()),
                                which + ": " + l.name() + "/" + w.name() + " did not move");
                    }
                }
            }
        }
    }
}
