package io.kerasj.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.kerasj.KerasModels;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Shape;
import io.kerasj.ir.Weight;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Float32 weights of a legacy .h5 stay in the file's read-only map (no heap copy on import): the
 * values are those jhdf decodes on its own, cannot be written, and survive the file being deleted
 * or replaced the way kerasj writes files (a new file renamed over the old one).
 */
class MappedWeightsTest {
    private static final String MODEL = "deeplearning4j__dl4j-test-resources/src/main/resources/keras/simple/cnn_tf_model.h5";

    @Test
    void float32WeightsAreReadOnlyViewsOfTheFileWithJhdfsValues() throws Exception {
        Path file = Fixtures.corpus(MODEL);
        KerasModel model = KerasModels.load(file);
        List<FloatTensor> expected = new ArrayList<>();
        try (HdfFile h5 = new HdfFile(file)) {
            Group weights = (Group) h5.getChild("model_weights");
            for (Layer l : model.layers().stream().filter(l -> !l.weights().isEmpty()).toList()) {
                Group g = (Group) weights.getChild(l.name());
                for (String name : Hdf5Access.stringListAttribute(g, "weight_names")) {
                    Dataset d = (Dataset) Hdf5Paths.resolve(g, name);
                    expected.add(FloatTensor.wrap(Shape.of(d.getDimensions()), (float[]) d.getDataFlat()));
                }
            }
        }
        List<FloatTensor> imported = model.layers().stream().flatMap(l -> l.weights().stream()).map(Weight::value).toList();
        assertEquals(expected.size(), imported.size());
        assertFalse(imported.isEmpty());
        for (int i = 0; i < imported.size(); i++) {
            FloatTensor t = imported.get(i);
            assertEquals(expected.get(i), t, "weight " + i);
            assertArrayEquals(expected.get(i).toArray(), t.toArray());
            FloatBuffer view = t.buffer();
            assertTrue(view.isDirect(), "weight " + i + " is a view of the mapped file, not a heap copy");
            assertTrue(view.isReadOnly());
            assertThrows(ReadOnlyBufferException.class, () -> view.put(0, 1f));
        }
    }

    @Test
    void weightsOutliveTheirFileBeingDeletedOrReplaced() throws Exception {
        Path dir = Fixtures.workDir("mapped-weights");
        Path file = dir.resolve("model.h5");
        Files.copy(Fixtures.corpus(MODEL), file, StandardCopyOption.REPLACE_EXISTING);
        KerasModel model = KerasModels.load(file);
        List<float[]> before = values(model);

        // kerasj writes a whole new file and renames it over the old: the mapped one is untouched
        KerasModels.save(model, file);
        assertValues(before, model);
        KerasModel reloaded = KerasModels.load(file);
        assertValues(before, reloaded);

        Files.delete(file);
        System.gc();
        assertValues(before, model);
        assertValues(before, reloaded);
    }

    @Test
    void aFileTruncatedUnderALoadedModelFailsItsReadsWithoutCrashing() throws Exception {
        Path file = Fixtures.workDir("mapped-weights").resolve("truncated.h5");
        Files.copy(Fixtures.corpus(MODEL), file, StandardCopyOption.REPLACE_EXISTING);
        KerasModel model = KerasModels.load(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(0); // rewriting a file in place, which kerasj never does
        }
        FloatTensor kernel = model.layers().stream().flatMap(l -> l.weights().stream()).findFirst().orElseThrow().value();
        // the pages are gone: the JVM turns the fault into an InternalError of the reading thread,
        // raised at once or (from compiled code) shortly after the read
        assertInstanceOf(InternalError.class, failureOfReading(kernel::toArray));
        assertInstanceOf(InternalError.class, failureOfReading(() -> kernel.copyTo(FloatBuffer.allocate(kernel.size()))));
    }

    private static Throwable failureOfReading(Runnable read) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            read.run();
            for (int i = 0; i < 100; i++) {
                Thread.onSpinWait();
                LockSupport.parkNanos(1_000_000);
            }
        });
        t.setUncaughtExceptionHandler((thread, e) -> failure.set(e));
        t.start();
        t.join();
        return failure.get();
    }

    @Test
    void tensorsEqualAndHashAlikeWhateverHoldsThem() {
        float[] v = {1f, -2.5f, Float.NaN, 0f, 3e-8f, 7f};
        ByteBuffer bytes = ByteBuffer.allocateDirect(v.length * 4 + 3).order(ByteOrder.LITTLE_ENDIAN);
        bytes.position(3); // unaligned, as datasets in a file are
        ByteBuffer slice = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        slice.asFloatBuffer().put(v);
        FloatTensor heap = FloatTensor.wrap(Shape.of(2, 3), v.clone());
        FloatTensor view = FloatTensor.wrap(Shape.of(2, 3), slice.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
        assertEquals(heap, view);
        assertEquals(view, heap);
        assertEquals(heap.hashCode(), view.hashCode());
        assertEquals(heap.sum(), view.sum());
        assertEquals(view.reshape(Shape.of(3, 2)), heap.reshape(Shape.of(3, 2)));
        assertEquals(-2.5f, view.get(1));
        float[] copy = new float[6];
        FloatBuffer target = FloatBuffer.wrap(copy);
        view.copyTo(target);
        assertArrayEquals(v, copy);
        float[] negativeZero = v.clone();
        negativeZero[3] = -0f;
        // bit equality, as Arrays.equals(float[], float[]) has it
        assertNotEquals(view, FloatTensor.wrap(Shape.of(2, 3), negativeZero));
        assertThrows(IllegalArgumentException.class, () -> FloatTensor.wrap(Shape.of(7), view.buffer()));
    }

    private static List<float[]> values(KerasModel m) {
        return m.layers().stream().flatMap(l -> l.weights().stream()).map(w -> w.value().toArray()).toList();
    }

    private static void assertValues(List<float[]> expected, KerasModel m) {
        List<float[]> actual = values(m);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "weight " + i);
        }
    }
}
