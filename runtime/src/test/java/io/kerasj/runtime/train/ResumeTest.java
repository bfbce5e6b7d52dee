package io.kerasj.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Weight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run resumed from a mid-epoch checkpoint takes exactly the steps of the uninterrupted run. */
class ResumeTest {
    @TempDir
    Path dir;

    /** The uninterrupted reference: final model and per-epoch losses. */
    record Run(KerasModel model, History history, OptimizerStateSummary optimizer) {
    }

    record OptimizerStateSummary(long iterations, List<float[]> slots) {
    }

    static Run uninterrupted(Path checkpoints, TrainingListener listener) {
        FineTune.Builder b = ResumeScenario.builder(checkpoints);
        if (listener != null) {
            b.listener(listener);
        }
        try (Trainer t = b.build()) {
            History h = t.fit(ResumeScenario.data(), null);
            return new Run(t.model(), h, summary(t));
        }
    }

    static OptimizerStateSummary summary(Trainer t) {
        List<float[]> slots = new ArrayList<>();
        t.optimizerState().slots().forEach(s -> slots.add(s.value().toArray()));
        return new OptimizerStateSummary(t.optimizerState().iterations(), slots);
    }

    static Run resumed(Path checkpoint, Path checkpoints) {
        try (Trainer t = FineTune.resume(Checkpoint.read(checkpoint)).checkpointDir(checkpoints).build()) {
            History h = t.fit(ResumeScenario.data(), null);
            return new Run(t.model(), h, summary(t));
        }
    }

    /** Bit-identical weights (moving statistics included), optimizer state and epoch losses. */
    static void assertSameRun(Run expected, Run actual) {
        List<Weight> a = expected.model().weights();
        List<Weight> b = actual.model().weights();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).value().toArray(), b.get(i).value().toArray(), a.get(i).name());
        }
        assertEquals(expected.optimizer().iterations(), actual.optimizer().iterations());
        for (int i = 0; i < expected.optimizer().slots().size(); i++) {
            assertArrayEquals(expected.optimizer().slots().get(i), actual.optimizer().slots().get(i), "slot " + i);
        }
        assertEquals(expected.history().epochs().size(), actual.history().epochs().size());
        for (int i = 0; i < expected.history().epochs().size(); i++) {
            EpochResult e = expected.history().epochs().get(i);
            EpochResult r = actual.history().epochs().get(i);
            assertEquals(e.loss(), r.loss(), 0.0, "epoch " + (i + 1) + " loss");
            assertEquals(e.accuracy(), r.accuracy(), 0.0);
            assertEquals(e.valLoss(), r.valLoss(), 0.0);
        }
    }

    @Test
    void resumingFromAMidEpochCheckpointReproducesTheUninterruptedRun() throws Exception {
        Path saved = Files.createDirectories(dir.resolve("saved"));
        Run reference = uninterrupted(dir.resolve("a"), new TrainingListener() {
            @Override
            public void onCheckpoint(Path file) {
                try {
                    Files.copy(file, saved.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        // 15 batches per epoch, a checkpoint every 4 steps: step 20 is batch 5 of epoch 2
        Path mid = saved.resolve("epoch_002_batch_00005.h5");
        assertTrue(Files.exists(mid), "checkpoints: " + List.of(saved.toFile().list()));
        Checkpoint c = Checkpoint.read(mid);
        assertEquals(2, c.position().epoch());
        assertEquals(5, c.position().batch());
        assertEquals(20, c.position().iterations());
        assertEquals(20, c.optimizer().iterations());
        assertNotNull(c.optimizer().slot("Adam/conv/kernel/m:0"));
        assertNotNull(c.optimizer().slot("Adam/bn/gamma/v:0"));
        assertEquals(1, c.position().epochs().size());
        Run resumed = resumed(mid, dir.resolve("b"));
        assertSameRun(reference, resumed);
        // an epoch-end checkpoint resumes too
        assertSameRun(reference, resumed(saved.resolve("epoch_001.h5"), dir.resolve("c")));
        // only the newest mid-epoch checkpoint stays beside the epoch files
        assertEquals(List.of("epoch_001.h5", "epoch_002.h5", "epoch_003.h5"), names(dir.resolve("a")));
    }

    @Test
    void aFineTuneKilledWithSigkillMidEpochResumesToTheSameWeights() throws Exception {
        Path checkpoints = dir.resolve("killed");
        Path log = dir.resolve("child.log");
        long started = System.nanoTime();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"), "-cp", System.getProperty("java.class.path"),
                ResumeScenario.class.getName(), checkpoints.toString(), "40")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (names(checkpoints).stream().noneMatch(n -> n.startsWith("epoch_002_batch_"))) {
                assertTrue(child.isAlive(), "the child ended before a mid-epoch checkpoint of epoch 2:\n" + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "no mid-epoch checkpoint within 120 s:\n" + Files.readString(log));
                Thread.sleep(5);
            }
        } finally {
            child.destroyForcibly();
        }
        assertEquals(128 + 9, child.waitFor(), "killed by SIGKILL");
        double killedAfter = (System.nanoTime() - started) / 1e9;
        List<String> atKill = names(checkpoints);
        assertTrue(!names(checkpoints).contains("epoch_003.h5"), "killed before the run finished: " + names(checkpoints));
        // what a writer killed inside HDF5 leaves: a hidden, half-written temporary file
        Files.write(checkpoints.resolve(".epoch_002_batch_00013.h5.4711.tmp"), new byte[] {(byte) 0x89, 'H', 'D', 'F'});
        Path latest = Checkpoint.latest(checkpoints).orElseThrow();
        assertTrue(latest.getFileName().toString().matches("epoch_002_batch_\\d{5}\\.h5"), latest.toString());
        Checkpoint c = Checkpoint.read(latest);
        assertTrue(c.position().batch() > 0, "a mid-epoch checkpoint: " + latest.getFileName());
        Run resumed = resumed(latest, checkpoints);
        Run reference = uninterrupted(dir.resolve("reference"), null);
        assertSameRun(reference, resumed);
        assertTrue(names(checkpoints).stream().noneMatch(n -> n.endsWith(".tmp")), "leftovers cleaned: " + names(checkpoints));
        System.out.printf(java.util.Locale.ROOT, "kill -9 after %.1f s at %s; resumed from %s (step %d): bit-identical%n",
                killedAfter, atKill, latest.getFileName(), c.position().iterations());
    }

    private static List<String> names(Path d) throws java.io.IOException {
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (var files = Files.list(d)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
