package io.kerasj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.config.ModelConfigParser;
import io.kerasj.demo.DemoData;
import io.kerasj.export.LegacyH5Writer;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.SourceInfo;
import io.kerasj.runtime.train.FineTune;
import io.kerasj.runtime.train.Trainer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The training benchmark's baseline takes the same Adam step as kerasj's {@link Trainer}: same
 * weights and batches give the same losses and the same weights after two steps (Dropout included).
 * seed000's layers scaled down (99×99 input, a few filters and units) keep it fast.
 */
class HandBuiltAlexNetTrainingTest {
    private static final long SEED = 5;

    @Test
    void handBuiltAdamStepsEqualKerasjSteps() throws Exception {
        KerasModel model = FillRule.fill(smallAlexNet());
        FloatTensor x = FillRule.input(4, 99, 99, 3);
        int[][] labels = {{0, 1, 1, 0}, {1, 1, 0, 0}};
        try (Trainer ours = FineTune.builder(model).seed(SEED).batchSize(4).build();
             HandBuiltAlexNetTraining theirs = new HandBuiltAlexNetTraining(model, SEED)) {
            for (int[] y : labels) {
                double oursLoss = ours.step(x, y).loss();
                float theirLoss = theirs.step(x, y);
                assertEquals(oursLoss, theirLoss, 1e-6 * Math.max(1, Math.abs(oursLoss)));
            }
            assertEquals(ours.trainedWeights(), theirs.weightNames());
            for (String name : theirs.weightNames()) {
                String[] lw = name.split("/");
                FloatTensor a = ours.weight(lw[0], lw[1]);
                FloatTensor b = theirs.weight(lw[0], lw[1]);
                FloatTensor before = model.layer(lw[0]).weight(lw[1]).value();
                assertEquals(a.shape(), b.shape(), name);
                double moved = 0;
                for (int i = 0; i < a.size(); i++) {
                    assertEquals(a.get(i), b.get(i), 1e-6, name + "[" + i + "]");
                    moved = Math.max(moved, Math.abs(a.get(i) - before.get(i)));
                }
                // two Adam steps move every weight tensor by about the learning rate
                assertEquals(2e-3, moved, 1.5e-3, name + " moved by " + moved);
            }
        }
    }

    /** seed000's config with a 99×99 input, 4-16 filters and 32 units (same layers and names). */
    private static KerasModel smallAlexNet() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode config = json.readTree(DemoData.text(DemoData.seedFile("seed000_alexnet_functional", "keras2_config.json")));
        Map<String, Integer> sizes = Map.of("conv2d", 8, "conv2d_1", 16, "conv2d_2", 16, "conv2d_3", 12, "conv2d_4", 8,
                "dense", 32, "dense_1", 32);
        for (JsonNode layer : config.path("config").path("layers")) {
            ObjectNode c = (ObjectNode) layer.path("config");
            String name = c.path("name").asText();
            if (c.has("batch_input_shape")) {
                c.putArray("batch_input_shape").addNull().add(99).add(99).add(3);
            } else if (sizes.containsKey(name)) {
                c.put(c.has("filters") ? "filters" : "units", sizes.get(name));
            }
        }
        return ModelConfigParser.parse(json.writeValueAsString(config), null,
                new SourceInfo("json", LegacyH5Writer.DEFAULT_KERAS_VERSION, LegacyH5Writer.DEFAULT_BACKEND, null));
    }
}
