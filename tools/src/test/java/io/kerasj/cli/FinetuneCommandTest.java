package io.kerasj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerasj.KerasModels;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.hdf5.LegacyH5Reader;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.OptimizerState;
import io.kerasj.ir.Shape;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kerasj finetune} end to end: Fashion-MNIST IDX files, image folders, a collapsed run, bad input. */
class FinetuneCommandTest {
    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path dir;

    /** The CLI with finetune added (the lead registers it in KerasjCli). */
    static CliRunner run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = KerasjCli.commandLine();
        if (!cli.getSubcommands().containsKey("finetune")) {
            cli.addSubcommand(new FinetuneCommand());
        }
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRunner(code, out.toString(), err.toString());
    }

    @Test
    void fashionMnistEpochWithValidationSavesModelHistoryAndPlot() throws IOException {
        Path config = Fixtures.oracle("seed003_mnist_lrn", "keras2_config.json");
        Path out = dir.resolve("tuned.h5");
        Path history = dir.resolve("history.json");
        Path plot = dir.resolve("curves.png");
        CliRunner r = run("finetune", config.toString(), "--fill-weights",
                "--train", FASHION.resolve("train-images-idx3-ubyte.gz").toString(),
                "--val", FASHION.resolve("t10k-images-idx3-ubyte.gz").toString(),
                "--limit", "320", "--epochs", "2", "--batch", "64", "--seed", "4",
                // ten steps from the fill rule's weights sit on the ln(10) plateau, which the collapse
                // check would stop at (by a hair or not, depending on the Dropout draws); this test is
                // about what a finished run writes, CollapseDiagnosisTest about the check
                "--on-collapse", "warn",
                "--out", out.toString(), "--history", history.toString(), "--plot", plot.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("320 training samples, 320 validation samples"), r.out());
        assertTrue(r.out().contains("Epoch 1/2\n5/5 [==============================] - "), r.out());
        assertTrue(r.out().matches("(?s).*Epoch 2/2\n5/5 \\[=+\\] - \\d+s \\d+ms/step - loss: \\d\\.\\d{4} - accuracy: "
                + "\\d\\.\\d{4} - val_loss: \\d\\.\\d{4} - val_accuracy: \\d\\.\\d{4}\n.*"), r.out());
        KerasModel saved = KerasModels.load(out);
        assertEquals(Shape.of(-1, 10), saved.outputShapes().get(0));
        assertEquals(585546, saved.totalParams());
        JsonNode h = new ObjectMapper().readTree(Files.readString(history));
        assertEquals(2, h.get("loss").size());
        assertEquals(2, h.get("val_accuracy").size());
        assertTrue(h.get("loss").get(1).asDouble() < h.get("loss").get(0).asDouble());
        BufferedImage png = ImageIO.read(plot.toFile());
        assertEquals(960, png.getWidth());
        assertEquals(360, png.getHeight());
    }

    private Path folder(String name, int perClass, boolean informative) throws IOException {
        Path root = dir.resolve(name);
        String[] classes = {"circle", "square", "stripe"};
        for (int c = 0; c < classes.length; c++) {
            Files.createDirectories(root.resolve(classes[c]));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = img.createGraphics();
                g.setColor(Color.WHITE);
                if (informative) {
                    int o = i % 3;
                    switch (c) {
                        case 0 -> g.fillOval(2 + o, 2, 7, 7);
                        case 1 -> g.fillRect(1, 1 + o, 8, 8);
                        default -> g.fillRect(0, 5 + (o - 1), 12, 2);
                    }
                }
                g.dispose();
                ImageIO.write(img, "png", root.resolve(classes[c]).resolve(i + ".png").toFile());
            }
        }
        return root;
    }

    private Path smallModel(int classes) throws IOException {
        String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"small\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_input_shape\": [null, 8, 8, 1]}},"
                + "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"conv\", \"filters\": 4, \"kernel_size\": [3, 3],"
                + " \"activation\": \"relu\", \"padding\": \"same\"}},"
                + "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"flat\"}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"hidden\", \"units\": 16, \"activation\": \"relu\"}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"head\", \"units\": " + classes
                + ", \"activation\": \"softmax\"}}]}}";
        Path p = dir.resolve("small.json");
        Files.writeString(p, json);
        return p;
    }

    @Test
    void imageFolderWithANewHeadAndFrozenFeatures() throws IOException {
        Path data = folder("shapes", 12, true);
        Path out = dir.resolve("shapes.keras");
        CliRunner r = run("finetune", smallModel(10).toString(), "--fill-weights", "--train", data.toString(),
                "--num-classes", "3", "--freeze-until", "conv", "--epochs", "15", "--batch", "12",
                "--lr", "0.01", "--val-split", "0.25", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertTrue(r.out().contains("Epoch 15/15"), r.out());
        KerasModel saved = KerasModels.load(out);
        assertEquals(Shape.of(-1, 3), saved.outputShapes().get(0));
        assertTrue(!saved.layer("conv").trainable());
        String last = r.out().lines().filter(l -> l.contains("val_accuracy")).reduce((a, b) -> b).orElseThrow();
        System.out.println(last);
        double valAcc = Double.parseDouble(last.substring(last.lastIndexOf(' ') + 1));
        assertTrue(valAcc >= 0.6, "validation accuracy on 9 held-out shapes: " + last);
    }

    @Test
    void resumeFromACheckpointEndsWithTheUninterruptedWeightsAndOptimizerState() throws IOException {
        Path data = folder("resume", 8, true);
        Path full = dir.resolve("full.h5");
        String[] common = {"--train", data.toString(), "--num-classes", "3", "--freeze-until", "conv", "--epochs", "3", "--batch", "6",
            "--lr", "0.01", "--seed", "2", "--val-split", "0.25"};
        CliRunner a = run(concat(new String[] {"finetune", smallModel(10).toString(), "--fill-weights",
            "--checkpoint-dir", dir.resolve("a").toString(), "--checkpoint-every", "2", "--out", full.toString()}, common));
        assertEquals(0, a.exitCode(), a.err() + a.out());
        // 18 training samples: batches of 6, 3 per epoch; the epoch-1 checkpoint is resumed from
        Path resumedOut = dir.resolve("resumed.h5");
        Files.createDirectories(dir.resolve("b"));
        Files.copy(dir.resolve("a/epoch_001.h5"), dir.resolve("b/epoch_001.h5"));
        CliRunner b = run("finetune", "--resume", dir.resolve("b").toString(), "--train", data.toString(),
                "--out", resumedOut.toString());
        assertEquals(0, b.exitCode(), b.err() + b.out());
        assertTrue(b.out().contains("Resuming from " + dir.resolve("b/epoch_001.h5") + ": epoch 2, 0 batches done, step 3"), b.out());
        assertTrue(b.out().contains("Epoch 3/3"), b.out());
        KerasModel x = KerasModels.load(full);
        KerasModel y = KerasModels.load(resumedOut);
        for (int i = 0; i < x.weights().size(); i++) {
            assertEquals(x.weights().get(i).value(), y.weights().get(i).value(), x.weights().get(i).name());
        }
        OptimizerState sx = new LegacyH5Reader().readOptimizerState(full).orElseThrow();
        OptimizerState sy = new LegacyH5Reader().readOptimizerState(resumedOut).orElseThrow();
        assertEquals(9, sx.iterations());
        assertEquals(9, sy.iterations());
        assertEquals(sx.slot("Adam/head/kernel/v:0"), sy.slot("Adam/head/kernel/v:0"));
        assertTrue(sx.trainingConfig().contains("\"class_name\": \"Adam\"") || sx.trainingConfig().contains("\"class_name\":\"Adam\""),
                sx.trainingConfig());

        CliRunner refused = run("finetune", "--resume", dir.resolve("b").toString(), "--train", data.toString(), "--lr", "0.5");
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("drop --lr"), refused.err());
        CliRunner notACheckpoint = run("finetune", "--resume", smallModel(3).toString(), "--train", data.toString());
        assertEquals(2, notACheckpoint.exitCode(), notACheckpoint.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void blankImagesCollapseAndExitWithTheDiagnosis() throws IOException {
        Path data = folder("blank", 8, false);
        CliRunner r = run("finetune", smallModel(3).toString(), "--fill-weights", "--train", data.toString(),
                "--epochs", "8", "--batch", "8", "--lr", "0.05");
        assertEquals(FinetuneCommand.EXIT_COLLAPSED, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("Training collapsed at epoch"), r.out());
        assertTrue(r.out().contains("the output ignores the input"), r.out());
        assertTrue(r.err().contains("training stopped: it collapsed"), r.err());
    }

    @Test
    void mismatchedLabelsAndBadOutputNamesFailWithExitTwo() throws IOException {
        Path data = folder("three", 2, true);
        CliRunner tooFew = run("finetune", smallModel(2).toString(), "--fill-weights", "--train", data.toString());
        assertEquals(2, tooFew.exitCode());
        assertTrue(tooFew.err().contains("labels go up to 2 but the model has 2 outputs; give --num-classes 3"),
                tooFew.err());
        CliRunner badOut = run("finetune", smallModel(3).toString(), "--fill-weights", "--train", data.toString(),
                "--out", dir.resolve("m.pt").toString());
        assertEquals(2, badOut.exitCode());
        assertTrue(badOut.err().contains("use a .h5 (legacy HDF5) or .keras file name"), badOut.err());
        CliRunner noData = run("finetune", smallModel(3).toString(), "--fill-weights", "--train",
                dir.resolve("nothing").toString());
        assertEquals(2, noData.exitCode());
        assertTrue(noData.err().contains("no such file or directory"), noData.err());
    }
}
