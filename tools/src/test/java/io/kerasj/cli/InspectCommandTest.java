package io.kerasj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerasj.fixtures.Fixtures;
import org.junit.jupiter.api.Test;

class InspectCommandTest {
    private static final String DL4J = "deeplearning4j__dl4j-test-resources/src/main/resources/";

    @Test
    void jsonHasTheDocumentedFields() throws Exception {
        CliRunner r = CliRunner.run("inspect", Fixtures.corpus(DL4J + "modelimport/keras/fullconfigs/cnn/cnn_batch_norm.h5").toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("h5", j.get("format").asText());
        assertEquals("2.1.3", j.get("keras_version").asText());
        assertEquals("tensorflow", j.get("backend").asText());
        assertEquals("Sequential", j.get("model_class").asText());
        JsonNode conv = j.get("layers").get(1);
        assertEquals("Conv2D", conv.get("class_name").asText());
        assertTrue(conv.get("output_shape").get(0).isNull(), "batch dimension is null");
        assertEquals(j.get("layers").get(0).get("name").asText(), conv.get("inbound").get(0).asText());
        JsonNode bn = j.get("layers").get(2);
        assertEquals("BatchNormalization", bn.get("class_name").asText());
        assertEquals(bn.get("params").asLong() / 2, bn.get("non_trainable_params").asLong());
        long sum = 0;
        for (JsonNode l : j.get("layers")) {
            sum += l.get("params").asLong();
        }
        assertEquals(sum, j.get("total_params").asLong());
        assertEquals(j.get("total_params").asLong(),
                j.get("trainable_params").asLong() + j.get("non_trainable_params").asLong());
    }

    @Test
    void configPlusWeightsAndTable() {
        String base = "Kotlin__kotlindl/tensorflow/src/test/resources/inference/lenet/";
        CliRunner r = CliRunner.run("inspect", Fixtures.corpus(base + "mnist_weights_only.h5").toString(),
                "--config", Fixtures.corpus(base + "modelConfig.json").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Total params: 844,326"), r.out());
    }

    @Test
    void unsupportedLayersExitTwoWithTheLayerNamed() throws java.io.IOException {
        java.nio.file.Path config = java.nio.file.Files.createTempFile("kerasj-unsupported", ".json");
        java.nio.file.Files.writeString(config, """
                {"class_name": "Sequential", "keras_version": "2.4.0", "config": {"name": "s", "layers": [
                  {"class_name": "ConvLSTM2D", "config": {"name": "conv_lstm2d_1", "filters": 2, "kernel_size": 3,
                   "batch_input_shape": [null, 4, 8, 8, 1]}}]}}""");
        try {
            CliRunner r = CliRunner.run("inspect", config.toString());
            assertEquals(2, r.exitCode());
            assertTrue(r.err().contains("conv_lstm2d_1") && r.err().contains("ConvLSTM2D"), r.err());
        } finally {
            java.nio.file.Files.deleteIfExists(config);
        }
    }

    @Test
    void recurrentCorpusModelInspectsWithKerasParameterCounts() {
        CliRunner r = CliRunner.run("inspect", Fixtures.corpus(DL4J
                + "modelimport/keras/examples/simple_rnn/simple_rnn_tf_keras_2_model.h5").toString());
        assertEquals(0, r.exitCode(), r.err());
        // SimpleRNN(50) on 1 feature: 1·50 + 50·50 + 50; Dense(1): 51
        assertTrue(r.out().contains("2,600") && r.out().contains("Total params: 2,651"), r.out());
    }

    @Test
    void missingFileExitsTwo() {
        CliRunner r = CliRunner.run("inspect", "/nonexistent/model.h5");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void recognisedLambdasShowTheirOperation() throws Exception {
        java.nio.file.Path config = Fixtures.oracle("seed003_mnist_lrn", "keras2_config.json");
        CliRunner table = CliRunner.run("inspect", config.toString());
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(table.out().contains("lambda (Lambda\u2192LRN r=2 b=1.0 a=2e-05 \u03b2=0.75)"), table.out());
        CliRunner json = CliRunner.run("inspect", config.toString(), "--json");
        JsonNode lambda = new ObjectMapper().readTree(json.out()).get("layers").get(2).get("lambda");
        assertEquals("lrn", lambda.get("op").asText());
        assertEquals(2, lambda.get("depth_radius").asInt());
        assertEquals(2e-05, lambda.get("alpha").asDouble());
        assertEquals(0.75, lambda.get("beta").asDouble());
    }
}
