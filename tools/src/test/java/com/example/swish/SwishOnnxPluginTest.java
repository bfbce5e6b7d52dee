package com.example.swish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.kerasj.config.ModelConfigParser;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.SourceInfo;
import io.kerasj.runtime.Engine;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plug-in's ONNX half, found through META-INF/services, runs the layer as its TensorFlow half does. */
class SwishOnnxPluginTest {
    private static final String CONFIG = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"swishnet\", \"layers\": ["
            + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_input_shape\": [null, 4]}},"
            + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 3}},"
            + "{\"class_name\": \"Swish\", \"config\": {\"name\": \"swish\", \"beta\": 1.5}}]}}";

    @Test
    void onnxRuntimeRunsThePluginLayerLikeTensorFlow() {
        KerasModel m = FillRule.fill(ModelConfigParser.parse(CONFIG, null, new SourceInfo("json", "2.15.0", "tensorflow", null)));
        FloatTensor x = FillRule.input(3, 4);
        try (Predictor tf = KerasRuntime.builder(m).build();
             Predictor onnx = KerasRuntime.builder(m).engine(Engine.ONNX_RUNTIME).build()) {
            assertArrayEquals(tf.predict(x).toArray(), onnx.predict(x).toArray(), 1e-6f);
            assertArrayEquals(tf.predictLayers(List.of(x), List.of("swish")).get("swish").toArray(),
                    onnx.predictLayers(List.of(x), List.of("swish")).get("swish").toArray(), 1e-6f);
        }
    }
}
