package io.kerasj.runtime.breadth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.KerasModels;
import io.kerasj.config.ModelConfigParser;
import io.kerasj.export.KerasArchiveWriter;
import io.kerasj.export.LegacyH5Writer;
import io.kerasj.fill.FillRule;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.SourceInfo;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.savedmodel.SavedModelExporter;
import io.kerasj.runtime.savedmodel.SavedModelPredictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Models built from the issue-18 layers export to .h5, .keras and SavedModel, and come back with
 * the same layers, shapes, parameter counts and bit-identical weights and predictions (the
 * SavedModel also runs as-is in TensorFlow).
 */
class BreadthExportTest {
    private static final String KERAS2_SEQUENCE = "[null, 12, 4]";
    private static final String KERAS2_VOLUME = "[null, 4, 6, 6, 2]";

    private static String layer(String cls, String name, String cfg) {
        return "{\"class_name\": \"" + cls + "\", \"config\": {\"name\": \"" + name + "\", \"trainable\": true, \"dtype\": \"float32\""
                + (cfg.isEmpty() ? "" : ", " + cfg) + "}}";
    }

    private static KerasModel sequential(String version, String inputShape, String... layers) {
        StringBuilder sb = new StringBuilder("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"breadth\", \"layers\": [");
        sb.append("{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_input_shape\": ").append(inputShape)
                .append(", \"dtype\": \"float32\"}}");
        for (String l : layers) {
            sb.append(", ").append(l);
        }
        sb.append("]}}");
        return FillRule.fill(ModelConfigParser.parse(sb.toString(), null, new SourceInfo("json", version, "tensorflow", null)));
    }

    static KerasModel model(String which) {
        if (which.equals("sequence")) {
            return sequential("2.9.0", KERAS2_SEQUENCE,
                    layer("Conv1D", "conv", "\"filters\": 6, \"kernel_size\": [3], \"strides\": [1], \"padding\": \"causal\","
                            + " \"dilation_rate\": [2], \"groups\": 2, \"activation\": \"relu\", \"use_bias\": true"),
                    layer("LayerNormalization", "ln", "\"axis\": [-1], \"epsilon\": 0.001, \"center\": true, \"scale\": true"),
                    layer("GaussianNoise", "noise", "\"stddev\": 0.1"),
                    layer("ZeroPadding1D", "pad", "\"padding\": [1, 2]"),
                    layer("MaxPooling1D", "pool", "\"pool_size\": [2], \"strides\": [2], \"padding\": \"valid\", \"data_format\": \"channels_last\""),
                    layer("UpSampling1D", "up", "\"size\": 2"),
                    layer("Cropping1D", "crop", "\"cropping\": [1, 1]"),
                    layer("SpatialDropout1D", "sdrop", "\"rate\": 0.2"),
                    layer("Conv1D", "conv2", "\"filters\": 3, \"kernel_size\": [2], \"strides\": [1], \"padding\": \"same\","
                            + " \"data_format\": \"channels_last\", \"dilation_rate\": [1], \"activation\": \"linear\", \"use_bias\": false"),
                    layer("AlphaDropout", "adrop", "\"rate\": 0.1"),
                    layer("GlobalAveragePooling1D", "gap", "\"data_format\": \"channels_last\", \"keepdims\": false"),
                    layer("ActivityRegularization", "reg", "\"l1\": 0.0, \"l2\": 0.01"),
                    layer("Dense", "out", "\"units\": 2, \"activation\": \"softmax\", \"use_bias\": true"));
        }
        if (which.equals("image")) {
            return sequential("3.3.3", "[null, 6, 8, 3]",
                    layer("Normalization", "norm", "\"axis\": -1, \"mean\": [0.1, 0.2, 0.3], \"variance\": [1.0, 2.0, 0.5], \"invert\": false"),
                    layer("RandomFlip", "flip", "\"mode\": \"horizontal\""),
                    layer("Conv2DTranspose", "up", "\"filters\": 4, \"kernel_size\": [3, 3], \"strides\": [2, 2], \"padding\": \"same\","
                            + " \"output_padding\": [1, 1], \"data_format\": \"channels_last\", \"dilation_rate\": [1, 1], \"activation\": \"relu\", \"use_bias\": true"),
                    layer("GroupNormalization", "gn", "\"groups\": 2, \"axis\": -1, \"epsilon\": 0.001, \"center\": true, \"scale\": true"),
                    layer("CenterCrop", "crop", "\"height\": 10, \"width\": 12"),
                    layer("Resizing", "resize", "\"height\": 5, \"width\": 5, \"interpolation\": \"bilinear\", \"crop_to_aspect_ratio\": false"),
                    layer("UpSampling2D", "ups", "\"size\": [2, 2], \"interpolation\": \"bilinear\", \"data_format\": \"channels_last\""),
                    layer("UnitNormalization", "unit", "\"axis\": -1"),
                    layer("GlobalAveragePooling2D", "gap", "\"data_format\": \"channels_last\", \"keepdims\": false"),
                    layer("Dense", "out", "\"units\": 2, \"activation\": \"softmax\", \"use_bias\": true"));
        }
        if (which.equals("separable")) {
            return sequential("2.9.0", KERAS2_SEQUENCE,
                    layer("SeparableConv1D", "sep", "\"filters\": 5, \"kernel_size\": [3], \"strides\": [1], \"padding\": \"causal\","
                            + " \"dilation_rate\": [2], \"depth_multiplier\": 2, \"activation\": \"tanh\", \"use_bias\": true"),
                    layer("DepthwiseConv1D", "dw", "\"kernel_size\": [2], \"strides\": [2], \"padding\": \"valid\", \"depth_multiplier\": 1,"
                            + " \"activation\": \"linear\", \"use_bias\": true"),
                    layer("Conv1DTranspose", "t", "\"filters\": 3, \"kernel_size\": [3], \"strides\": [2], \"padding\": \"valid\","
                            + " \"activation\": \"linear\", \"use_bias\": false"),
                    layer("GlobalMaxPooling1D", "gmp", "\"data_format\": \"channels_last\", \"keepdims\": false"),
                    layer("Dense", "out", "\"units\": 2, \"activation\": \"softmax\", \"use_bias\": true"));
        }
        return sequential("2.9.0", KERAS2_VOLUME,
                layer("Conv3D", "conv", "\"filters\": 4, \"kernel_size\": [2, 3, 3], \"strides\": [1, 1, 1], \"padding\": \"same\","
                        + " \"data_format\": \"channels_last\", \"dilation_rate\": [1, 1, 1], \"groups\": 1, \"activation\": \"relu\", \"use_bias\": true"),
                layer("AveragePooling3D", "pool", "\"pool_size\": [2, 2, 2], \"strides\": [2, 2, 2], \"padding\": \"valid\", \"data_format\": \"channels_last\""),
                layer("UpSampling3D", "up", "\"size\": [2, 1, 1], \"data_format\": \"channels_last\""),
                layer("ZeroPadding3D", "pad", "\"padding\": [[0, 1], [1, 0], [1, 1]], \"data_format\": \"channels_last\""),
                layer("GaussianDropout", "gd", "\"rate\": 0.3"),
                layer("GlobalMaxPooling3D", "gmp", "\"data_format\": \"channels_last\", \"keepdims\": false"),
                layer("Dense", "out", "\"units\": 3, \"activation\": \"softmax\", \"use_bias\": true"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sequence", "volume", "image", "separable"})
    void roundTripsThroughEveryFormat(String which) throws Exception {
        KerasModel model = model(which);
        List<Integer> feature = model.inputShapes().get(0).toList().subList(1, model.inputShapes().get(0).rank());
        FloatTensor x = FillRule.input(2, feature.stream().mapToInt(Integer::intValue).toArray());
        FloatTensor expected = predict(model, x);
        Path dir = Fixtures.workDir("breadth-export").resolve(which);
        Files.createDirectories(dir);
        LegacyH5Writer.forModel(model).writeModel(model, dir.resolve("m.h5"));
        new KerasArchiveWriter().write(model, dir.resolve("m.keras"));
        SavedModelExporter.export(model, dir.resolve("saved"));
        for (String f : List.of("m.h5", "m.keras", "saved")) {
            KerasModel back = KerasModels.load(dir.resolve(f));
            assertEquals(model.layers().size() - (f.equals("saved") ? 0 : 0), back.layers().size(), f);
            for (Layer l : model.layers()) {
                Layer b = back.layer(l.name());
                assertEquals(l.spec().getClass(), b.spec().getClass(), f + " " + l.name());
                assertEquals(l.outputShapes(), b.outputShapes(), f + " " + l.name());
                assertEquals(l.params(), b.params(), f + " " + l.name());
            }
            Conv1DCorpusTest.assertSameWeights(model, back, f);
            assertArrayEquals(expected.toArray(), predict(back, x).toArray(), 0f, f);
        }
        try (SavedModelPredictor asIs = SavedModelPredictor.load(dir.resolve("saved"))) {
            FloatTensor y = asIs.predict(x);
            float worst = 0;
            for (int i = 0; i < y.size(); i++) {
                worst = Math.max(worst, Math.abs(y.get(i) - expected.get(i)));
            }
            assertTrue(worst <= 1e-6, "SavedModel as-is differs by " + worst);
        }
    }

    private static FloatTensor predict(KerasModel m, FloatTensor x) {
        try (Predictor p = KerasRuntime.builder(m).build()) {
            return p.predict(x);
        }
    }
}
