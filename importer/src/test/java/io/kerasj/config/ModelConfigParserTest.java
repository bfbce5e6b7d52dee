package io.kerasj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.ir.SourceInfo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelConfigParserTest {
    private static final SourceInfo K2 = new SourceInfo("json", "2.4.0", "tensorflow", null);

    @Test
    void everyUnsupportedLayerIsReportedAtOnce() {
        String json = """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "ConvLSTM1D", "config": {"name": "lstm", "filters": 4, "kernel_size": 2, "batch_input_shape": [null, 5, 3, 2]}},
                  {"class_name": "Dense", "config": {"name": "d", "units": 2}},
                  {"class_name": "CuDNNGRU", "config": {"name": "gru", "units": 4}}]}}""";
        KerasImportException e = assertThrows(KerasImportException.class,
                () -> ModelConfigParser.parse(json, Path.of("m.json"), K2));
        assertEquals(2, e.problems().size());
        assertEquals("lstm", e.problems().get(0).layer());
        assertTrue(e.problems().get(0).message().contains("'ConvLSTM1D'") && e.problems().get(0).message().contains("position 0"));
        assertEquals("gru", e.problems().get(1).layer());
        assertTrue(e.getMessage().startsWith("m.json"));
    }

    @Test
    void keras1SequentialWithInputDimAndAliases() {
        String json = """
                {"class_name": "Sequential", "config": [
                  {"class_name": "Dense", "config": {"name": "dense_1", "output_dim": 8, "input_dim": 4, "bias": true}},
                  {"class_name": "Dropout", "config": {"name": "dropout_1", "p": 0.25}},
                  {"class_name": "Dense", "config": {"name": "dense_2", "output_dim": 3, "bias": false}}]}""";
        KerasModel m = ModelConfigParser.parse(json, null, new SourceInfo("json", "1.2.2", null, null));
        assertEquals("dense_1_input", m.layers().get(0).name());
        assertEquals(Shape.batch(3), m.layer("dense_2").outputShape());
        assertEquals(4 * 8 + 8 + 8 * 3, m.totalParams());
    }

    @Test
    void keras3FunctionalInboundNodesAndGroupedConv() {
        String json = """
                {"class_name": "Functional", "config": {"name": "f", "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "name": "in",
                   "config": {"batch_shape": [null, 16, 16, 4], "dtype": "float32", "name": "in"}, "inbound_nodes": []},
                  {"module": "keras.layers", "class_name": "Conv2D", "name": "c",
                   "config": {"name": "c", "filters": 8, "kernel_size": [3, 3], "strides": [2, 2], "padding": "same",
                              "groups": 2, "activation": {"module": "keras.activations", "class_name": "function", "config": "relu"}},
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 16, 16, 4], "keras_history": ["in", 0, 0]}}], "kwargs": {}}]}],
                 "input_layers": [["in", 0, 0]], "output_layers": ["c", 0, 0]}}""";
        KerasModel m = ModelConfigParser.parse(json, null, new SourceInfo("keras", "3.5.0", null, null));
        assertEquals(Shape.batch(8, 8, 8), m.layer("c").outputShape());
        assertEquals(3 * 3 * 2 * 8 + 8, m.totalParams());
    }

    @Test
    void shapeErrorsNameTheLayer() {
        String json = """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "Conv2D", "config": {"name": "big", "filters": 2, "kernel_size": [9, 9], "batch_input_shape": [null, 4, 4, 1]}}]}}""";
        KerasImportException e = assertThrows(KerasImportException.class, () -> ModelConfigParser.parse(json, null, K2));
        assertEquals("big", e.problems().get(0).layer());
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
    }

    @Test
    void nestedSequentialInsideFunctionalCountsItsWeightsOnce() {
        String json = """
                {"class_name": "Model", "config": {"name": "outer", "layers": [
                  {"class_name": "InputLayer", "name": "img", "config": {"name": "img", "batch_input_shape": [null, 8, 8, 3]}, "inbound_nodes": []},
                  {"class_name": "Sequential", "name": "tower", "config": {"name": "tower", "layers": [
                      {"class_name": "Conv2D", "config": {"name": "c1", "filters": 4, "kernel_size": 3, "batch_input_shape": [null, 8, 8, 3]}},
                      {"class_name": "BatchNormalization", "config": {"name": "bn", "axis": [3]}},
                      {"class_name": "Flatten", "config": {"name": "f"}}]},
                   "inbound_nodes": [[["img", 0, 0, {}]]]},
                  {"class_name": "Dense", "name": "head", "config": {"name": "head", "units": 2, "trainable": false}, "inbound_nodes": [[["tower", 0, 0, {}]]]}],
                 "input_layers": [["img", 0, 0]], "output_layers": [["head", 0, 0]]}}""";
        KerasModel m = ModelConfigParser.parse(json, null, K2);
        assertEquals(Shape.batch(144), m.layer("tower").outputShape());
        long conv = 3 * 3 * 3 * 4 + 4;
        long bn = 4 * 4;
        long head = 144 * 2 + 2;
        assertEquals(conv + bn + head, m.totalParams());
        assertEquals(8 + head, m.nonTrainableParams(), "BN moving stats and the frozen head");
        assertEquals(6, m.layer("tower").weights().size());
        assertEquals("c1/kernel", m.layer("tower").weights().get(0).name());
    }

    @Test
    void tfKerasCallsANestedModelWithItsOwnInputAsNodeOne() {
        String json = """
                {"class_name": "Functional", "config": {"name": "outer", "layers": [
                  {"class_name": "InputLayer", "name": "img", "config": {"name": "img", "batch_input_shape": [null, 4]}, "inbound_nodes": []},
                  {"class_name": "Sequential", "name": "tower", "config": {"name": "tower", "layers": [
                      {"class_name": "InputLayer", "config": {"name": "t_in", "batch_input_shape": [null, 4]}},
                      {"class_name": "Dense", "config": {"name": "d", "units": 3}}]},
                   "inbound_nodes": [[["img", 0, 0, {}]]]},
                  {"class_name": "Dense", "name": "head", "config": {"name": "head", "units": 2}, "inbound_nodes": [[["tower", 1, 0, {}]]]}],
                 "input_layers": [["img", 0, 0]], "output_layers": [["head", 0, 0]]}}""";
        KerasModel m = ModelConfigParser.parse(json, null, K2);
        assertEquals(0, m.layer("head").inbound().get(0).nodeIndex());
        assertEquals(Shape.batch(2), m.outputShapes().get(0));
    }

    @Test
    void nestedWeightsAreOrderedTrainableFirstAsKerasStoresThem() {
        String json = """
                {"class_name": "Functional", "config": {"name": "outer", "layers": [
                  {"class_name": "InputLayer", "name": "img", "config": {"name": "img", "batch_input_shape": [null, 4]}, "inbound_nodes": []},
                  {"class_name": "Sequential", "name": "tower", "config": {"name": "tower", "layers": [
                      {"class_name": "InputLayer", "config": {"name": "t_in", "batch_input_shape": [null, 4]}},
                      {"class_name": "BatchNormalization", "config": {"name": "bn", "axis": -1}},
                      {"class_name": "Dense", "config": {"name": "d", "units": 3}}]},
                   "inbound_nodes": [[["img", 0, 0, {}]]]}],
                 "input_layers": [["img", 0, 0]], "output_layers": [["tower", 1, 0]]}}""";
        KerasModel m = ModelConfigParser.parse(json, null, K2);
        assertEquals(java.util.List.of("bn/gamma", "bn/beta", "d/kernel", "d/bias", "bn/moving_mean", "bn/moving_variance"),
                m.layer("tower").weights().stream().map(io.kerasj.ir.Weight::name).toList());
    }
}
