package io.kerasj.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.config.ModelConfigParser;
import io.kerasj.fill.FillRule;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.ir.SourceInfo;
import io.kerasj.runtime.data.ByteImageDataset;
import io.kerasj.runtime.data.IdxDatasets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Real data: the seed003 architecture (Conv/LRN/MaxPool ×2, three convs, Dense 84-84-10 with
 * Dropout 0.5) with fill-rule weights, fine-tuned on 2,000 Fashion-MNIST training images (28×28
 * zero-padded to the 32×32 input, pixels / 255) for three epochs and tested on 2,000 held-out test images.
 */
class FashionMnistFineTuneTest {
    static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void threeEpochsOn2000ImagesBeatChanceClearly() {
        Path config = Fixtures.oracle("seed003_mnist_lrn", "keras2_config.json");
        KerasModel model = FillRule.fill(ModelConfigParser.parse(Fixtures.oracleText("seed003_mnist_lrn",
                "keras2_config.json"), config, new SourceInfo("json", "2.4.0", "tensorflow", config)));
        Shape input = Shape.of(32, 32, 1);
        ByteImageDataset train = IdxDatasets.load(DATA.resolve("train-images-idx3-ubyte.gz"), null, input, 1f / 255, 2000);
        ByteImageDataset test = IdxDatasets.load(DATA.resolve("t10k-images-idx3-ubyte.gz"), null, input, 1f / 255, 2000);
        long start = System.nanoTime();
        try (Trainer t = FineTune.builder(model).optimizer(Optimizer.adam()).batchSize(32).epochs(3).seed(3).build()) {
            Trainer.BatchResult before = t.evaluate(test);
            History h = t.fit(train, null);
            Trainer.BatchResult after = t.evaluate(test);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("fashion-mnist 2000 imgs x3 epochs: before %.4f/%.4f, epochs %s, test loss %.4f acc %.4f, %.1f s%n",
                    before.loss(), before.accuracy(), h.epochs(), after.loss(), after.accuracy(), seconds);
            assertEquals(History.StopReason.COMPLETED, h.stopReason());
            assertEquals(3, h.epochs().size());
            assertTrue(h.last().loss() < h.epochs().get(0).loss(), "training loss falls");
            assertTrue(after.accuracy() > 0.6, "test accuracy " + after.accuracy() + " vs 10% chance");
            assertTrue(after.loss() < before.loss(), "test loss falls");
        }
    }
}
