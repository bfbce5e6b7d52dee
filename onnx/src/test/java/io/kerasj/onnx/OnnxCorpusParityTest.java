package io.kerasj.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.KerasModels;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.Engine;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.parity.Dl4jReference;
import io.kerasj.runtime.parity.LayerExpectation;
import io.kerasj.runtime.parity.Npy;
import io.kerasj.runtime.parity.ParityChecker;
import io.kerasj.runtime.parity.ParityReport;
import io.kerasj.runtime.parity.Reference;
import io.kerasj.runtime.parity.Tolerance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The corpus models that carry real Keras outputs, exported to ONNX and run on ONNX Runtime,
 * reproduce them at the tolerances the TF engine is held to (runtime's CorpusParityTest).
 */
class OnnxCorpusParityTest {
    private static final String DL4J = "deeplearning4j__dl4j-test-resources/src/main/resources/";
    private static final String KONDUIT = "KonduitAI__dl4j-test-resources/src/main/resources/modelimport/keras/examples/activations/";

    private static Predictor onnx(KerasModel model) {
        return KerasRuntime.builder(model).engine(Engine.ONNX_RUNTIME).build();
    }

    @Test
    void batchNormCnnMatchesKerasPredictions() {
        String base = DL4J + "modelimport/keras/fullconfigs/cnn/";
        KerasModel model = KerasModels.load(Fixtures.corpus(base + "cnn_batch_norm.h5"));
        FloatTensor input = Npy.read(Fixtures.corpus(base + "input.npy"));
        FloatTensor expected = Npy.read(Fixtures.corpus(base + "predictions.npy"));
        try (Predictor p = onnx(model)) {
            Reference ref = new Reference("cnn_batch_norm predictions.npy", List.of(input), List.of(),
                    List.of(LayerExpectation.full(p.outputNames().get(0), expected)));
            ParityReport r = new ParityChecker(new Tolerance(1e-6, 0), new Tolerance(1e-6, 0)).check(p, ref);
            System.out.println(r.toText());
            assertTrue(r.passed(), r.toText());
        }
    }

    @Test
    void keras1CnnMatchesRecordedOutput() throws IOException {
        String base = DL4J + "keras/simple/";
        KerasModel model = KerasModels.load(Fixtures.corpus(base + "cnn_tf_model.h5"));
        float[] nchw = numbers(Fixtures.corpus(base + "cnn_tf_input.txt"));
        float[] expected = numbers(Fixtures.corpus(base + "cnn_tf_output.txt"));
        // the file holds (1, 3, 8, 8) channels first; the model takes channels last
        float[] nhwc = new float[nchw.length];
        for (int c = 0; c < 3; c++) {
            for (int hw = 0; hw < 64; hw++) {
                nhwc[hw * 3 + c] = nchw[c * 64 + hw];
            }
        }
        try (Predictor p = onnx(model)) {
            FloatTensor out = p.predict(FloatTensor.wrap(Shape.of(1, 8, 8, 3), nhwc));
            assertEquals(Shape.of(1, 3), out.shape());
            for (int i = 0; i < 3; i++) {
                // the file prints 6 decimals
                assertEquals(expected[i], out.get(i), 1e-6 + 5e-7, "class " + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ReLU_0", "Softmax_0", "LeakyReLU_0"})
    void konduitActivationModelsMatchEveryLayer(String name) {
        KerasModel model = KerasModels.load(Fixtures.corpus(KONDUIT + name + "_model.h5"));
        try (Predictor p = onnx(model)) {
            Reference ref = Dl4jReference.read(Fixtures.corpus(KONDUIT + name + "_inputs_and_outputs.h5"),
                    p.inputNames(), p.outputNames());
            ParityReport r = new ParityChecker(new Tolerance(1e-6, 1e-5), new Tolerance(1e-6, 1e-5)).check(p, ref);
            System.out.println(r.toText());
            assertTrue(r.passed(), r.toText());
            assertEquals(2, ref.layers().size());
            assertEquals(ref.layers().size() + ref.outputs().size(), r.checks().size());
        }
    }

    /** Real Keras files whose Lambda functions (Python 2.7 and 3.6 bytecode) are element-wise or space_to_depth. */
    @ParameterizedTest
    @ValueSource(strings = {"examples/lambda/model_lambda.h5", "examples/lambda/sequential_lambda.h5",
        "weights/space_to_depth_simple_tensorflow_1.h5", "weights/space_to_depth_simple_tensorflow_2.h5",
        "weights/space_to_depth_graph_tensorflow_2.h5"})
    void lambdaModelsAgreeWithTheTfEngine(String file) {
        KerasModel model = KerasModels.load(Fixtures.corpus(DL4J + "modelimport/keras/" + file));
        List<FloatTensor> inputs = model.inputShapes().stream()
                .map(s -> OnnxLayerKindsTest.input(2, s.featureDims())).toList();
        EngineParity.check(model, inputs, 1e-6, 1e-5);
    }

    private static float[] numbers(Path txt) throws IOException {
        String[] parts = Files.readString(txt).trim().split("\\s+");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Float.parseFloat(parts[i]);
        }
        return v;
    }
}
