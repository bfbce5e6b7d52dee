package io.kerasj.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.fill.FillRule;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.ImportProblem;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.onnx.export.Attrs;
import io.kerasj.onnx.export.ModelExport;
import io.kerasj.onnx.proto.Onnx.FunctionProto;
import io.kerasj.onnx.proto.Onnx.ModelProto;
import io.kerasj.onnx.proto.Onnx.NodeProto;
import io.kerasj.onnx.proto.Onnx.OperatorSetIdProto;
import io.kerasj.onnx.proto.Onnx.StringStringEntryProto;
import io.kerasj.onnx.proto.Onnx.TensorProto;
import io.kerasj.runtime.Device;
import io.kerasj.runtime.Engine;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Precision;
import io.kerasj.runtime.Predictor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** .onnx files: written all-or-nothing, run as-is with per-layer outputs, refused when they need more than standard ONNX. */
class OnnxFilesTest {

    private static KerasModel smallCnn() {
        return OnnxLayerKindsTest.sequential(2, new int[] {8, 8, 2},
                OnnxLayerKindsTest.layer("Conv2D", "conv", "\"filters\": 16, \"kernel_size\": [3, 3], \"activation\": \"relu\""),
                OnnxLayerKindsTest.layer("MaxPooling2D", "pool", "\"pool_size\": [2, 2]"),
                OnnxLayerKindsTest.layer("Flatten", "flat", ""),
                OnnxLayerKindsTest.layer("Dense", "hidden", "\"units\": 64, \"activation\": \"relu\""),
                OnnxLayerKindsTest.layer("Dense", "out", "\"units\": 4, \"activation\": \"softmax\""));
    }

    @Test
    void anExportedFileRunsAsIsWithItsLayerNames() throws IOException {
        KerasModel m = smallCnn();
        Path file = Fixtures.workDir("onnx-files").resolve("small.onnx");
        OnnxExport.write(m, file);
        FloatTensor x = OnnxLayerKindsTest.input(3, 8, 8, 2);
        FloatTensor tf;
        Map<String, FloatTensor> tfLayers;
        try (Predictor p = KerasRuntime.builder(m).build()) {
            tf = p.predict(x);
            tfLayers = p.predictLayers(List.of(x), List.of("conv", "pool", "flat"));
        }
        try (Predictor p = OnnxFiles.predictor(file, Device.CPU)) {
            assertEquals(List.of("in"), p.inputNames());
            assertEquals(List.of("out"), p.outputNames());
            assertEquals(m.inputShapes(), p.inputShapes());
            assertArrayEquals(tf.toArray(), p.predict(x).toArray(), 1e-6f);
            assertEquals(List.of("in", "conv", "pool", "flat", "hidden", "out"), p.layerNames());
            Map<String, FloatTensor> layers = p.predictLayers(List.of(x), List.of("conv", "pool", "flat"));
            for (String name : tfLayers.keySet()) {
                assertEquals(tfLayers.get(name).shape(), layers.get(name).shape(), name);
                assertArrayEquals(tfLayers.get(name).toArray(), layers.get(name).toArray(), 1e-5f, name);
            }
        }
        // nothing but the file itself is left in the directory
        try (var list = Files.list(file.getParent())) {
            assertEquals(List.of(file.getFileName().toString()), list.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void fp16StorageHalvesTheFileAndKeepsThePredictions() throws IOException {
        KerasModel m = smallCnn();
        Path dir = Fixtures.workDir("onnx-fp16");
        OnnxExport.write(m, dir.resolve("fp32.onnx"));
        OnnxExport.write(m, dir.resolve("fp16.onnx"), Precision.FP16);
        long fp32 = Files.size(dir.resolve("fp32.onnx"));
        long fp16 = Files.size(dir.resolve("fp16.onnx"));
        assertTrue(fp16 < 0.6 * fp32, fp16 + " vs " + fp32);
        FloatTensor x = OnnxLayerKindsTest.input(3, 8, 8, 2);
        try (Predictor a = OnnxFiles.predictor(dir.resolve("fp32.onnx"), Device.CPU);
             Predictor b = KerasRuntime.builder(m).engine(Engine.ONNX_RUNTIME).precision(Precision.FP16).build()) {
            assertArrayEquals(a.predict(x).toArray(), b.predict(x).toArray(), 2e-3f);
        }
    }

    @Test
    void customOperatorsFunctionsAndExternalWeightsAreRefusedAllAtOnce() throws IOException {
        ModelProto good = ModelExport.toOnnx(smallCnn());
        ModelProto.Builder bad = good.toBuilder()
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("com.example").setVersion(1))
                .addFunctions(FunctionProto.newBuilder().setName("my_op").setDomain("com.example"));
        bad.getGraphBuilder().addNode(NodeProto.newBuilder().setName("evil").setOpType("RunShell").setDomain("com.example")
                .addInput("out").addOutput("evil_out").addAttribute(Attrs.s("cmd", "true")));
        bad.getGraphBuilder().addInitializer(TensorProto.newBuilder().setName("outside").setDataType(1).addDims(4)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("../../etc/passwd")));
        Path file = Fixtures.workDir("onnx-hostile").resolve("bad.onnx");
        Files.write(file, bad.build().toByteArray());
        KerasImportException e = assertThrows(KerasImportException.class, () -> OnnxFiles.predictor(file, Device.CPU));
        List<String> where = e.problems().stream().map(ImportProblem::layer).toList();
        assertEquals(List.of("model", "model", "outside", "evil"), where, e.getMessage());
        assertTrue(e.getMessage().contains("com.example::RunShell"), e.getMessage());

        Path junk = file.resolveSibling("junk.onnx");
        Files.write(junk, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 1, 2, 3});
        KerasImportException j = assertThrows(KerasImportException.class, () -> OnnxFiles.predictor(junk, Device.CPU));
        assertTrue(j.getMessage().contains("not an ONNX model"), j.getMessage());
    }

    @Test
    void fillRuleSeedInputRunsOnTheFileAsOnTheModel() {
        // the graph's batch dimension is free: batch 1 and batch 5 both run
        KerasModel m = smallCnn();
        try (Predictor p = KerasRuntime.builder(m).engine(Engine.ONNX_RUNTIME).build()) {
            assertEquals(1, p.predict(FillRule.input(1, 8, 8, 2)).shape().dim(0));
            assertEquals(5, p.predict(FillRule.input(5, 8, 8, 2)).shape().dim(0));
        }
    }
}
