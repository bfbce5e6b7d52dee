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
