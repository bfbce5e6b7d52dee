package io.kerasj.crosscheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.KerasModels;
import io.kerasj.fill.FillRule;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Shape;
import io.kerasj.ir.Weight;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Independent second opinion: kerasj (TensorFlow Java) and DL4J 1.0.0-M2.1's Keras importer
 * ({@code KerasModelImport}, run in a child JVM by {@link Dl4jProcess}) load the same corpus HDF5
 * file, get the same deterministic batch ({@link FillRule#input}, shaped as the Keras input) and
 * must agree per output element within {@link Difference} (1e-4 absolute, plus 1e-6 relative for
 * outputs far above 1).
 *
 * <p>Layouts: DL4J 1.0.0-M2.1 keeps each Keras layer's {@code data_format} (every image layer of
 * the agreeing models reports NHWC, Keras' channels_last), so both sides take and return the very
 * same tensors and nothing is transposed; identical shapes plus element-wise agreement is the proof.
 *
 * <p>Corpus models left out, all DL4J limitations (measured on 1.0.0-M2.1):
 * <ul>
 *   <li>DL4J imports them but its own network then refuses the Keras input:
 *   {@code conv2d_reshape_tensorflow_1}, {@code conv2d_reshape_theano_1/2} (NHWC conv layers, then
 *   a flatten preprocessor configured for NCHW), KonduitAI {@code simpleconv2d.hdf5} (first Conv2D
 *   channels_first, the rest channels_last: DL4J's shape inference expects (5, 6, 15) at the Dense
 *   where its activations are (6, 5, 15)), {@code flatten_3d.hdf5} (rejects the (2, 10, 10, 10, 1)
 *   batch that its own message lists as a valid layout).</li>
 *   <li>DL4J's native code segfaults the JVM: {@code batch_to_conv2d_tensorflow_1},
 *   {@code batch_to_conv2d_theano_1/2}.</li>
 *   <li>DL4J spins forever in SimpleRNN's orthogonal weight init:
 *   {@code simple_rnn_tf_keras_2_model.h5} (kerasj checks it against Keras' recorded outputs instead).</li>
 *   <li>{@code space_to_depth_graph_tensorflow_2}: two inputs, and DL4J rejects its Lambda as it
 *   does the single-input ones pinned in {@link #dl4jRefusesToImport}.</li>
 *   <li>Weights-only files (no {@code model_config}): neither importer loads them alone.</li>
 * </ul>
 * {@link #dl4jRefusesToImport} pins the ones DL4J rejects outright; {@link #theanoKeras2ConvDiffersOnlyByKerasKernelFlip}
 * explains the one real disagreement.
 */
class Dl4jCrossCheckTest {
    private static final String DL4J = "deeplearning4j__dl4j-test-resources/src/main/resources/";
    private static final String WEIGHTS = DL4J + "modelimport/keras/weights/";
    private static final String KONDUIT = "KonduitAI__dl4j-test-resources/src/main/resources/modelimport/keras/";

    static Stream<Arguments> agreeing() {
        return Stream.of(
                model(DL4J + "keras/simple/cnn_tf_model.h5"),
                model(DL4J + "modelimport/keras/fullconfigs/cnn/cnn_batch_norm.h5"),
                // fully convolutional (None, None, 3): run it at its native 12x12 window
                Arguments.of(DL4J + "modelimport/keras/examples/12net.h5", new int[] {12, 12, 3}),
                model(DL4J + "modelimport/keras/examples/gans/wgan_discriminator.h5"),
                model(WEIGHTS + "batch_to_conv2d_tensorflow_2.h5"),
                model(WEIGHTS + "conv2d_reshape_tensorflow_2.h5"),
                model(WEIGHTS + "conv2d_tensorflow_1.h5"),
                model(WEIGHTS + "conv2d_tensorflow_2.h5"),
                model(WEIGHTS + "conv2d_theano_1.h5"),
                model(WEIGHTS + "dense_tensorflow_1.h5"),
                model(WEIGHTS + "dense_tensorflow_2.h5"),
                model(WEIGHTS + "dense_theano_1.h5"),
                model(WEIGHTS + "dense_theano_2.h5"),
                model(WEIGHTS + "sepconv2d_tensorflow_2.h5"),
                model(KONDUIT + "examples/activations/ReLU_0_model.h5"),
                model(KONDUIT + "examples/activations/Softmax_0_model.h5"),
                model(KONDUIT + "examples/activations/LeakyReLU_0_model.h5"));
    }

    private static Arguments model(String corpusPath) {
        return Arguments.of(corpusPath, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agreeing")
    void dl4jAgreesWithKerasj(String corpusPath, int[] featureShape) {
        Path file = Fixtures.corpus(corpusPath);
        KerasModel model = KerasModels.load(file);
        FloatTensor input = featureShape == null ? FillRule.input(model) : FillRule.input(2, featureShape);

        List<FloatTensor> ours;
        List<String> ourNames;
        try (Predictor p = KerasRuntime.builder(model).build()) {
            ours = p.predict(List.of(input));
            ourNames = p.outputNames();
        }
        Dl4jProcess.Result dl4j = Dl4jProcess.run(file, input, workDir(file));
        assertTrue(dl4j.ran(), "DL4J did not run " + corpusPath + ": " + dl4j.describe());
        List<String> theirNames = List.of(dl4j.fields().get("outputs").split(","));
        assertEquals(ours.size(), dl4j.outputs().size(), "output count; DL4J outputs " + theirNames);

        StringBuilder report = new StringBuilder("CROSSCHECK " + file.getFileName()
                + " (DL4J " + dl4j.fields().get("kind") + ", image layouts [" + dl4j.fields().get("formats") + "])");
        for (int i = 0; i < ours.size(); i++) {
            FloatTensor a = ours.get(i);
            FloatTensor b = dl4j.outputs().get(i);
            assertComparable(model, ourNames.get(i), a, theirNames.get(i), b);
            Difference d = Difference.of(a, b);
            report.append("\n  ").append(ourNames.get(i)).append(' ').append(a.shape()).append(": ").append(d.describe());
            assertTrue(d.withinBound(), corpusPath + " output " + ourNames.get(i) + " disagrees with DL4J: " + d.describe());
        }
        System.out.println(report);
    }

    /**
     * Same shape and layer, with one DL4J-specific exception: a Sequential model ending in Flatten
     * has no DL4J layer for it (DL4J turns Flatten into a preprocessor of the next layer), so DL4J
     * returns the unflattened NHWC map of the layer before; its C-order flattening is Keras' Flatten.
     */
    private static void assertComparable(KerasModel model, String ourName, FloatTensor ours, String theirName,
                                         FloatTensor theirs) {
        Layer last = model.layers().get(model.layers().size() - 1);
        if (ours.shape().equals(theirs.shape())) {
            assertEquals(ourName, theirName, "outputs come from different layers");
            return;
        }
        assertEquals("Flatten", last.className(), "shapes differ: ours " + ours.shape() + ", DL4J " + theirs.shape());
        assertEquals(ourName, last.name());
        Shape t = theirs.shape();
        assertEquals(Shape.of(t.dim(0), Math.toIntExact(t.featureSize())), ours.shape(), "DL4J map does not flatten to ours");
    }

    /**
     * {@code conv2d_theano_2.h5} is Keras 2 saved on the Theano backend ({@code backend: theano},
     * channels_last). Keras' loader flips Theano conv kernels in both spatial axes
     * ({@code preprocess_weights_for_loading} → {@code convert_kernel}) because Theano convolves and
     * TensorFlow correlates; kerasj does the same, DL4J does not. Proof that this is the only
     * difference: with the flip undone, kerasj agrees with DL4J within the usual bound, while the
     * Keras-correct output differs by far more.
     */
    @Test
    void theanoKeras2ConvDiffersOnlyByKerasKernelFlip() {
        Path file = Fixtures.corpus(WEIGHTS + "conv2d_theano_2.h5");
        KerasModel model = KerasModels.load(file);
        assertEquals("theano", model.source().backend());
        FloatTensor input = FillRule.input(model);
        Dl4jProcess.Result dl4j = Dl4jProcess.run(file, input, workDir(file));
        assertTrue(dl4j.ran(), dl4j.describe());
        FloatTensor theirs = dl4j.outputs().get(0);

        Difference kerasSemantics = Difference.of(predict(model, input), theirs);
        Difference unflipped = Difference.of(predict(withConvKernelsFlipped(model), input), theirs);
        System.out.println("CROSSCHECK conv2d_theano_2.h5 Keras flip: " + kerasSemantics.describe()
                + "\n  flip undone: " + unflipped.describe());
        assertTrue(unflipped.withinBound(), unflipped.describe());
        assertTrue(kerasSemantics.maxAbs() > 1.0, kerasSemantics.describe());
    }

    /** The test JVM is kerasj's alone (TF Java on JavaCPP 1.5.11); DL4J lives only in the child. */
    @Test
    void dl4jIsNotOnTheTestJvmClasspath() {
        ClassLoader loader = getClass().getClassLoader();
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.nd4j.linalg.factory.Nd4j", false, loader));
        assertThrows(ClassNotFoundException.class,
                () -> Class.forName("org.deeplearning4j.nn.modelimport.keras.KerasModelImport", false, loader));
        assertEquals("1.5.11", org.bytedeco.javacpp.Loader.class.getPackage().getImplementationVersion());
    }

    /** Models kerasj imports and runs that DL4J refuses at import time, with DL4J's reason. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        DL4J + "modelimport/keras/examples/lambda/model_lambda.h5|No SameDiff Lambda layer found for Lambda layer lambda_3",
        DL4J + "modelimport/keras/examples/lambda/sequential_lambda.h5|No SameDiff Lambda layer found for Lambda layer lambda_1",
        WEIGHTS + "space_to_depth_simple_tensorflow_1.h5|No SameDiff Lambda layer found for Lambda layer space_to_depth_x2",
        WEIGHTS + "space_to_depth_simple_tensorflow_2.h5|No SameDiff Lambda layer found for Lambda layer space_to_depth_x2",
        KONDUIT + "weights/simpleconv2d_model.hdf5|Layer dense_1 had parameters < 0",
    })
    void dl4jRefusesToImport(String corpusPath, String reason) {
        Path file = Fixtures.corpus(corpusPath);
        KerasModel model = KerasModels.load(file);
        FloatTensor input = FillRule.input(model);
        FloatTensor ours = predict(model, input);
        assertEquals(model.outputShapes().get(0).withBatch(2), ours.shape());

        Dl4jProcess.Result dl4j = Dl4jProcess.run(file, input, workDir(file));
        assertTrue(dl4j.rejected(), dl4j.describe());
        assertTrue(dl4j.fields().get("message").contains(reason), dl4j.fields().get("message"));
    }

    private static FloatTensor predict(KerasModel model, FloatTensor input) {
        try (Predictor p = KerasRuntime.builder(model).build()) {
            return p.predict(input);
        }
    }

    /** Reverses the spatial axes of every Conv2D kernel, (rows, cols, in, out) layout. */
    private static KerasModel withConvKernelsFlipped(KerasModel model) {
        List<Layer> layers = new ArrayList<>();
        for (Layer l : model.layers()) {
            if (!l.className().equals("Conv2D")) {
                layers.add(l);
                continue;
            }
            List<Weight> ws = new ArrayList<>();
            for (Weight w : l.weights()) {
                ws.add(w.name().endsWith("kernel") ? new Weight(w.spec(), flipSpatial(w.value())) : w);
            }
            layers.add(l.withWeights(ws));
        }
        return model.withLayers(layers);
    }

    private static FloatTensor flipSpatial(FloatTensor k) {
        int rows = k.shape().dim(0);
        int cols = k.shape().dim(1);
        int inner = k.shape().dim(2) * k.shape().dim(3);
        float[] src = k.toArray();
        float[] dst = new float[src.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int to = ((rows - 1 - r) * cols + (cols - 1 - c)) * inner;
                System.arraycopy(src, (r * cols + c) * inner, dst, to, inner);
            }
        }
        return FloatTensor.wrap(k.shape(), dst);
    }

    private static Path workDir(Path model) {
        return Fixtures.workDir("dl4j-" + model.getFileName());
    }
}
