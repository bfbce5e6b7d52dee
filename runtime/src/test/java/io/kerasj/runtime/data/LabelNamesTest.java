package io.kerasj.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where labels are looked for beside a .npy of samples, and what the error says when none is there. */
class LabelNamesTest {
    private static List<String> names(String samples) {
        return NpyDatasets.labelCandidates(Path.of("/data", samples)).stream().map(p -> p.getFileName().toString()).toList();
    }

    @Test
    void theXTokenBecomesYWhereverItStands() {
        assertEquals("y_train.npy", names("x_train.npy").get(0));
        assertEquals("train_y.npy", names("train_x.npy").get(0));
        assertEquals(List.of("y-val.npy", "Y-val.npy"), names("X-val.npy").subList(0, 2));
        assertEquals("mnist.y.npy", names("mnist.x.npy").get(0));
    }

    @Test
    void imagesAndInputsBecomeLabelsAndEveryNameHasASuffixFallback() {
        assertEquals("train_labels.npy", names("train_images.npy").get(0));
        assertEquals("labels.npy", names("inputs.npy").get(0));
        assertEquals(List.of("batch_labels.npy", "batch_y.npy"), names("batch.npy"));
        assertTrue(!names("train_x.npy").contains("train_x.npy"), "never the samples file itself");
    }

    @Test
    void theErrorListsWhatWasTriedAndTheFlag(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path x = dir.resolve("train_x.npy");
        io.kerasj.runtime.parity.Npy.write(x, io.kerasj.ir.FloatTensor.zeros(io.kerasj.ir.Shape.of(2, 3)));
        DataFormatException e = org.junit.jupiter.api.Assertions.assertThrows(DataFormatException.class,
                () -> NpyDatasets.load(x, null, io.kerasj.ir.Shape.of(3), 1f, 10));
        assertTrue(e.getMessage().contains("looked for train_y.npy, train_x_labels.npy, train_x_y.npy"), e.getMessage());
        assertTrue(e.getMessage().contains("--train-labels"), e.getMessage());
    }
}
