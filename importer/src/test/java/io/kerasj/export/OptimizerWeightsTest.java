package io.kerasj.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.kerasj.KerasModels;
import io.kerasj.hdf5.LegacyH5Reader;
import io.kerasj.hdf5.write.H5File;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.OptimizerState;
import io.kerasj.ir.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code optimizer_weights} and {@code training_config} as tf.keras 2.x {@code model.save} writes them, and their reading. */
class OptimizerWeightsTest {
    @TempDir
    Path dir;

    static OptimizerState adam() {
        FloatTensor m = FloatTensor.wrap(Shape.of(2), new float[] {0.25f, -1.5f});
        FloatTensor v = FloatTensor.wrap(Shape.of(2), new float[] {0.0625f, 2.25f});
        return new OptimizerState("Adam", 42, List.of(new OptimizerState.Slot("Adam/dense/bias/m:0", m),
                new OptimizerState.Slot("Adam/dense/bias/v:0", v)),
                "{\"loss\": \"categorical_crossentropy\", \"optimizer_config\": {\"class_name\": \"Adam\"}}");
    }

    @Test
    void writtenInKerasLayoutAndReadBack() throws Exception {
        KerasModel model = TestModels.filled(TestModels.SEQUENTIAL);
        Path file = dir.resolve("trained.h5");
        LegacyH5Writer.forModel(model).writeModel(model, adam(), Map.of("extra", "{\"a\": 1}"), file);
        try (HdfFile f = new HdfFile(file)) {
            assertArrayEquals(new String[] {"Adam/iter:0", "Adam/dense/bias/m:0", "Adam/dense/bias/v:0"},
                    (String[]) H5Read.attr(f, "optimizer_weights", "weight_names").value(), "the counter first, then the slots");
            Dataset iter = (Dataset) f.getByPath("optimizer_weights/Adam/iter:0");
            assertTrue(iter.isScalar());
            assertEquals(8, ((io.jhdf.object.datatype.FixedPoint) iter.getDataType()).getSize(), "int64, as numpy stores iter");
            assertEquals(42L, ((Number) iter.getData()).longValue());
            assertEquals("{\"a\": 1}", H5Read.attr(f, "", "extra").value());
        }
        OptimizerState back = new LegacyH5Reader().readOptimizerState(file).orElseThrow();
        assertEquals("Adam", back.optimizerName());
        assertEquals(42, back.iterations());
        assertEquals(adam().slots(), back.slots());
        assertEquals(adam().trainingConfig(), back.trainingConfig());
        // the model itself imports as before
        assertEquals(model.totalParams(), KerasModels.load(file).totalParams());
        // without an optimizer: nothing to resume
        Path plain = dir.resolve("plain.h5");
        LegacyH5Writer.forModel(model).writeModel(model, plain);
        assertTrue(new LegacyH5Reader().readOptimizerState(plain).isEmpty());
    }

    @Test
    void kerasArchiveHoldsCompileConfigAndOptimizerVarsWeightByWeight() throws Exception {
        KerasModel model = TestModels.filled(TestModels.SEQUENTIAL);
        FloatTensor mk = FloatTensor.wrap(Shape.of(1), new float[] {1});
        FloatTensor mb = FloatTensor.wrap(Shape.of(1), new float[] {2});
        FloatTensor vk = FloatTensor.wrap(Shape.of(1), new float[] {3});
        FloatTensor vb = FloatTensor.wrap(Shape.of(1), new float[] {4});
        String config = "{\"loss\": \"sparse_categorical_crossentropy\", \"metrics\": [\"accuracy\"], \"optimizer_config\": "
                + "{\"class_name\": \"Adam\", \"config\": {\"name\": \"Adam\", \"learning_rate\": 0.01, \"decay\": 0.0, "
                + "\"beta_1\": 0.9, \"beta_2\": 0.999, \"epsilon\": 1e-07, \"amsgrad\": false}}}";
        // tf.keras 2 order: every m, then every v
        OptimizerState state = new OptimizerState("Adam", 7, List.of(new OptimizerState.Slot("Adam/dense/kernel/m:0", mk),
                new OptimizerState.Slot("Adam/dense/bias/m:0", mb), new OptimizerState.Slot("Adam/dense/kernel/v:0", vk),
                new OptimizerState.Slot("Adam/dense/bias/v:0", vb)), config);
        Path file = dir.resolve("trained.keras");
        new KerasArchiveWriter().write(model, state, file);
        Map<String, byte[]> entries = KerasArchiveWriterTest.unzip(file);
        com.fasterxml.jackson.databind.JsonNode cc = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(entries.get("config.json")).get("compile_config");
        assertEquals("Adam", cc.at("/optimizer/class_name").asText());
        assertEquals("keras.optimizers", cc.at("/optimizer/module").asText());
        assertEquals("adam", cc.at("/optimizer/config/name").asText());
        assertEquals(0.01, cc.at("/optimizer/config/learning_rate").asDouble());
        assertTrue(cc.at("/optimizer/config/decay").isMissingNode(), "Keras 3 refuses decay");
        assertEquals("sparse_categorical_crossentropy", cc.get("loss").asText());
        Path weights = dir.resolve("w.h5");
        java.nio.file.Files.write(weights, entries.get("model.weights.h5"));
        try (HdfFile f = new HdfFile(weights)) {
            assertEquals("adam", H5Read.attr(f, "optimizer/vars", "name").value());
            assertEquals(7L, ((Number) ((Dataset) f.getByPath("optimizer/vars/0")).getData()).longValue());
            assertEquals(0.01f, ((Number) ((Dataset) f.getByPath("optimizer/vars/1")).getData()).floatValue());
            float[] order = new float[4];
            for (int i = 0; i < 4; i++) {
                order[i] = ((float[]) ((Dataset) f.getByPath("optimizer/vars/" + (i + 2))).getData())[0];
            }
            assertArrayEquals(new float[] {1, 3, 2, 4}, order, "Keras 3: m and v of each weight in turn");
        }
        assertEquals(model.totalParams(), KerasModels.load(file).totalParams(), "imports as before");
    }

    @Test
    void aListedSlotWithoutDatasetOrAnOldLayoutIsAnImportError() {
        Path missing = dir.resolve("missing.h5");
        H5File.writeAtomically(missing, root -> {
            try (var g = root.createGroup("optimizer_weights")) {
                g.setStrings("weight_names", List.of("Adam/iter:0", "Adam/dense/kernel/m:0"), io.kerasj.hdf5.write.StringEncoding.FIXED_ASCII);
                g.writeInt64("Adam/iter:0", 3);
            }
        });
        KerasImportException e = assertThrows(KerasImportException.class, () -> new LegacyH5Reader().readOptimizerState(missing));
        assertTrue(e.getMessage().contains("lists 'Adam/dense/kernel/m:0' but holds no such dataset"), e.getMessage());
        Path old = dir.resolve("old.h5");
        H5File.writeAtomically(old, root -> {
            try (var g = root.createGroup("optimizer_weights")) {
                g.setStrings("weight_names", List.of("training/RMSprop/Variable:0"), io.kerasj.hdf5.write.StringEncoding.FIXED_ASCII);
                g.writeFloat32("training/RMSprop/Variable:0", FloatTensor.wrap(Shape.of(1), new float[] {1}));
            }
        });
        e = assertThrows(KerasImportException.class, () -> new LegacyH5Reader().readOptimizerState(old));
        assertTrue(e.getMessage().contains("older than tf.keras 2.x"), e.getMessage());
    }
}
