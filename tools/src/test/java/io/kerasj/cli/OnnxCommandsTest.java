package io.kerasj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.FloatTensor;
import io.kerasj.runtime.parity.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export to .onnx, an .onnx file run as-is, and --engine/--precision on predict, verify and bench. */
class OnnxCommandsTest {
    private static final String CNN = "deeplearning4j__dl4j-test-resources/src/main/resources/modelimport/keras/fullconfigs/cnn/";

    @TempDir
    Path dir;

    @Test
    void exportedOnnxFilePredictsWhatKerasPredicted() throws Exception {
        String model = Fixtures.corpus(CNN + "cnn_batch_norm.h5").toString();
        String input = Fixtures.corpus(CNN + "input.npy").toString();
        String expected = Fixtures.corpus(CNN + "predictions.npy").toString();
        Path onnx = dir.resolve("cnn.onnx");
        CliRunner e = CliRunner.run("export", model, "--out", onnx.toString());
        assertEquals(0, e.exitCode(), e.err());
        assertTrue(e.out().contains("(onnx,"), e.out());

        Path y = dir.resolve("y.npy");
        CliRunner p = CliRunner.run("predict", onnx.toString(), "--input", input, "--output", y.toString());
        assertEquals(0, p.exitCode(), p.err());
        assertArrayEquals(Npy.read(Path.of(expected)).toArray(), Npy.read(y).toArray(), 1e-6f);

        CliRunner v = CliRunner.run("verify", onnx.toString(), "--input", input, "--expected", expected, "--atol", "1e-6", "--rtol", "0");
        assertEquals(0, v.exitCode(), v.out() + v.err());
        CliRunner engine = CliRunner.run("verify", model, "--engine", "onnxruntime", "--input", input, "--expected", expected);
        assertEquals(0, engine.exitCode(), engine.out() + engine.err());

        CliRunner tf = CliRunner.run("predict", onnx.toString(), "--engine", "tf", "--input", input);
        assertEquals(KerasjCli.EXIT_IMPORT_ERROR, tf.exitCode());
        assertTrue(tf.err().contains("runs on ONNX Runtime"), tf.err());
    }

    @Test
    void int8IsMeasuredAgainstFp32AndBenchComparesEnginesInOneTable() throws Exception {
        String model = Fixtures.corpus(CNN + "cnn_batch_norm.h5").toString();
        String input = Fixtures.corpus(CNN + "input.npy").toString();
        CliRunner v = CliRunner.run("verify", model, "--engine", "onnxruntime", "--precision", "int8", "--input", input,
                "--min-agreement", "0.6");
        assertEquals(0, v.exitCode(), v.out() + v.err());
        assertTrue(v.out().startsWith("int8 against fp32 on 5 samples: top-1 agreement "), v.out());

        CliRunner b = CliRunner.run("bench", model, "--engine", "tf,onnxruntime", "--precision", "fp32,int8", "--batch", "1,4",
                "--warmup", "1", "--iters", "3", "--json");
        assertEquals(0, b.exitCode(), b.err());
        JsonNode j = new ObjectMapper().readTree(b.out());
        assertEquals(3, j.get("configs").size(), "tf fp32, onnxruntime fp32, onnxruntime int8 (tf int8 skipped)");
        JsonNode b4 = j.get("batches").get(1);
        assertEquals(4, b4.get("batch").asInt());
        assertEquals(1.0, b4.get("results").get(0).get("ratio").asDouble(), 1e-12);
        assertEquals("ONNX_RUNTIME", b4.get("results").get(2).get("engine").asText());
        assertEquals("INT8", b4.get("results").get(2).get("precision").asText());

        CliRunner text = CliRunner.run("bench", model, "--engine", "tf,onnxruntime", "--batch", "2", "--iters", "1", "--warmup", "0");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("onnxruntime fp32") && text.out().contains("batch 2 ms"), text.out());
    }

    @Test
    void autoEngineAgreesWithKeras() throws Exception {
        String model = Fixtures.corpus(CNN + "cnn_batch_norm.h5").toString();
        String input = Fixtures.corpus(CNN + "input.npy").toString();
        String expected = Fixtures.corpus(CNN + "predictions.npy").toString();
        Path y = dir.resolve("auto.npy");
        CliRunner p = CliRunner.run("predict", model, "--engine", "auto", "--input", input, "--output", y.toString());
        assertEquals(0, p.exitCode(), p.err());
        assertArrayEquals(Npy.read(Path.of(expected)).toArray(), Npy.read(y).toArray(), 1e-6f);
        CliRunner v = CliRunner.run("verify", model, "--engine", "auto", "--input", input, "--expected", expected);
        assertEquals(0, v.exitCode(), v.out() + v.err());
    }

    @Test
    void anOnnxFileWithCustomOperatorsIsRefused() throws Exception {
        Path bad = dir.resolve("custom.onnx");
        // ModelProto{ir_version=8, opset_import={domain="com.example", version=1}}
        Files.write(bad, new byte[] {0x08, 0x08, 0x42, 0x0f, 0x0a, 0x0b, 'c', 'o', 'm', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e',
            0x10, 0x01, 0x3a, 0x00});
        CliRunner r = CliRunner.run("predict", bad.toString(), "--input", Fixtures.corpus(CNN + "input.npy").toString());
        assertEquals(KerasjCli.EXIT_IMPORT_ERROR, r.exitCode(), r.out());
        assertTrue(r.err().contains("operator domain 'com.example'"), r.err());
    }
}
