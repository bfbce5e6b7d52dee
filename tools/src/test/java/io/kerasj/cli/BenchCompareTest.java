package io.kerasj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerasj.fixtures.Fixtures;
import org.junit.jupiter.api.Test;

/** {@code kerasj bench --compare}: the hand-built baseline, the sgemm bound and load-to-ready times in one run. */
class BenchCompareTest {
    private static final String CNN = "deeplearning4j__dl4j-test-resources/src/main/resources/modelimport/keras/fullconfigs/cnn/";
    private static final String LEAKY = "KonduitAI__dl4j-test-resources/src/main/resources/modelimport/keras/examples/activations/"
            + "LeakyReLU_0_model.h5";

    @Test
    void everyEngineAgainstTheHandBuiltGraphAndTheBound() throws Exception {
        String model = Fixtures.corpus(CNN + "cnn_batch_norm.h5").toString();
        CliRunner b = CliRunner.run("bench", model, "--compare", "--batch", "1,2", "--warmup", "0", "--iters", "1", "--json");
        assertEquals(0, b.exitCode(), b.err());
        JsonNode j = new ObjectMapper().readTree(b.out());
        // 10x10x3 -> Conv2D 3x3 (8x8x1) -> BN -> relu -> Conv2D 3x3 (6x6x1) -> Flatten -> Dense(1): (64·27 + 36·9 + 36)·2
        assertEquals(4176e-9, j.get("gflop_per_image").asDouble(), 1e-15);
        assertTrue(j.get("hand_built").get("available").asBoolean());
        assertEquals(4096, j.get("sgemm_size").asInt());
        assertEquals("session.intra_op.allow_spinning=0", j.get("onnxruntime_session_config").asText());
        JsonNode rows = j.get("rows");
        assertEquals(4, rows.size(), rows.toString());
        assertEquals("hand-built tf fp32", rows.get(0).get("name").asText());
        assertEquals("kerasj onnxruntime int8", rows.get(3).get("name").asText());
        for (JsonNode r : rows) {
            assertTrue(r.get("ready_ms").asDouble() > 0, r.toString());
        }
        JsonNode b2 = j.get("batches").get(1);
        assertEquals(2, b2.get("batch").asInt());
        assertTrue(b2.get("sgemm_gflops").asDouble() > 0);
        JsonNode hand = b2.get("results").get(0);
        assertEquals(1.0, hand.get("throughput_vs_hand_built").asDouble(), 1e-12);
        JsonNode tf = b2.get("results").get(1);
        double ips = tf.get("images_per_second").asDouble();
        assertEquals(2000 / tf.get("ms_per_batch").asDouble(), ips, 1e-9 * ips);
        assertEquals(ips * 4176e-9, tf.get("gflops").asDouble(), 1e-12 * ips);
        assertEquals(tf.get("gflops").asDouble() / b2.get("sgemm_gflops").asDouble(), tf.get("fraction_of_sgemm").asDouble(), 1e-12);
        assertEquals(hand.get("ms_per_batch").asDouble() / tf.get("ms_per_batch").asDouble(),
                tf.get("throughput_vs_hand_built").asDouble(), 1e-9);
    }

    @Test
    void aModelTheBaselineCannotWriteStillGetsItsRows() {
        String model = Fixtures.corpus(LEAKY).toString();
        CliRunner b = CliRunner.run("bench", model, "--compare", "--engine", "tf", "--batch", "1", "--warmup", "0", "--iters", "1");
        assertEquals(0, b.exitCode(), b.err());
        assertTrue(b.out().contains("no hand-built TF Java baseline: leaky_re_lu_1: layer kind LeakyReLU"), b.out());
        assertTrue(b.out().lines().anyMatch(l -> l.startsWith("kerasj tf fp32 ")), b.out());
        assertFalse(b.out().contains("hand-built tf fp32"), b.out());
        assertTrue(b.out().contains("% sgemm"), b.out());
    }
}
