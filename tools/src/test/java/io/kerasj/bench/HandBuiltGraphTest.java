package io.kerasj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.config.ModelConfigParser;
import io.kerasj.demo.DemoData;
import io.kerasj.export.LegacyH5Writer;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.SourceInfo;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's baseline computes the same function as the runtime (and the oracle's final output). */
class HandBuiltGraphTest {
    @Test
    void handBuiltGraphAgreesWithTheRuntime() {
        KerasModel model = AlexNetBenchmark.seed000();
        FloatTensor ours = assertAgrees(model, 1e-6);
        // oracle final output for seed000 (expected.json)
        float[] oracle = {0.533684253692627f, 0.46631571650505066f, 0.5317604541778564f, 0.46823954582214355f};
        for (int i = 0; i < 4; i++) {
            assertEquals(oracle[i], ours.get(i), 1e-5);
        }
    }

    /** seed004's layer kinds (BN after every Conv2D, Dropout, 1000-way softmax) at a small size. */
    @Test
    void batchNormalisedAlexNetAgrees() {
        assertAgrees(scaledDown("seed004_alexnet_bn_1000"), 1e-6);
    }

    /** seed001 also normalises after its Dense layers (the formula path, not the fused kernel). */
    @Test
    void batchNormAfterDenseAgrees() {
        assertAgrees(scaledDown("seed001_alexnet_bn_147"), 1e-6);
    }

    /** seed003 (2.4 MB as is) has TF's LRN as Lambda layers. */
    @Test
    void lrnLambdasAgree() {
        assertAgrees(FillRule.fill(DemoData.seedModel("seed003_mnist_lrn")), 1e-6);
    }

    @Test
    void aModelItCannotWriteIsRefusedWithEveryReason() {
        KerasModel grouped = DemoData.seedModel("seed002_alexnet_grouped_lrn");
        List<String> problems = HandBuiltGraph.unsupported(grouped);
        assertEquals(3, problems.stream().filter(p -> p.contains("grouped convolution (groups=2)")).count(), problems.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HandBuiltGraph(FillRule.fill(grouped)));
        assertTrue(e.getMessage().startsWith("no hand-built TF Java baseline for this model: conv2d_1: grouped convolution"),
                e.getMessage());
        assertTrue(HandBuiltGraph.unsupported(DemoData.seedModel("seed004_alexnet_bn_1000")).isEmpty());
    }

    private static FloatTensor assertAgrees(KerasModel model, double tolerance) {
        FloatTensor x = FillRule.input(model);
        FloatTensor ours;
        try (Predictor p = KerasRuntime.builder(model).build()) {
            ours = p.predict(x);
        }
        try (HandBuiltGraph h = new HandBuiltGraph(model)) {
            FloatTensor theirs = h.predict(x);
            assertEquals(ours.shape(), theirs.shape());
            for (int i = 0; i < ours.size(); i++) {
                assertEquals(ours.get(i), theirs.get(i), tolerance, "output " + i);
            }
        }
        return ours;
    }

    /** A seed's architecture with 99×99 images, 1/16 of the filters and 32-unit hidden Dense layers; fill-rule weights. */
    private static KerasModel scaledDown(String seed) {
        try {
            ObjectMapper json = new ObjectMapper();
            JsonNode root = json.readTree(DemoData.text(DemoData.seedFile(seed, "keras2_config.json")));
            for (JsonNode layer : root.get("config").get("layers")) {
                ObjectNode c = (ObjectNode) layer.get("config");
                if (c.has("batch_input_shape")) {
                    ArrayNode shape = (ArrayNode) c.get("batch_input_shape");
                    shape.set(1, 99);
                    shape.set(2, 99);
                }
                if (c.has("filters")) {
                    c.put("filters", c.get("filters").asInt() / 16);
                }
                if (c.has("units") && c.get("units").asInt() == 4096) {
                    c.put("units", 32);
                }
            }
            return FillRule.fill(ModelConfigParser.parse(json.writeValueAsString(root), null,
                    new SourceInfo("json", LegacyH5Writer.DEFAULT_KERAS_VERSION, LegacyH5Writer.DEFAULT_BACKEND, null)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
