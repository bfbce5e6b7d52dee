package io.kerasj.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.cli.CliRunner;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.parity.Npy;
import io.kerasj.runtime.savedmodel.SavedModelGate;
import io.kerasj.runtime.savedmodel.SavedModelPredictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, defect 1: a SavedModel whose serving_default output depends on
 * WriteFile(target, ReadFile(secret)) must be refused before TensorFlow loads it — through the Java
 * API and through {@code kerasj predict} — and the target must not exist afterwards.
 */
class SavedModelGateTest {
    @TempDir
    Path tmp;

    private Path secret() throws Exception {
        Path secret = tmp.resolve("secret.txt");
        Files.writeString(secret, "the user's secret");
        return secret;
    }

    @Test
    void refusesAGraphThatCopiesAFileAndWritesNothing() throws Exception {
        Path target = tmp.resolve("stolen.txt");
        Path dir = HostileSavedModels.copierInGraph(tmp.resolve("sm"), secret(), target);
        KerasImportException e = assertThrows(KerasImportException.class, () -> SavedModelPredictor.load(dir));
        String m = e.getMessage();
        assertTrue(m.contains("op 'WriteFile' (node 'leak' in the graph): writes a file"), m);
        assertTrue(m.contains("op 'ReadFile' (node 'steal' in the graph): reads a file"), m);
        assertTrue(m.contains("--trust-model-code"), m);
        assertFalse(Files.exists(target));
    }

    @Test
    void refusesTheCopyHiddenInALibraryFunction() throws Exception {
        Path target = tmp.resolve("stolen.txt");
        Path dir = HostileSavedModels.copierInFunction(tmp.resolve("sm"), secret(), target);
        KerasImportException e = assertThrows(KerasImportException.class, () -> SavedModelPredictor.load(dir));
        assertTrue(e.getMessage().contains("op 'WriteFile' (node 'leak' in function '__inference_leak_1')"), e.getMessage());
        assertFalse(Files.exists(target));
    }

    /** The fixture really is an attack: trusting the file lets TensorFlow copy the secret. */
    @Test
    void trustingTheFileRunsItAsIs() throws Exception {
        Path target = tmp.resolve("stolen.txt");
        Path dir = HostileSavedModels.copierInGraph(tmp.resolve("sm"), secret(), target);
        try (SavedModelPredictor p = SavedModelPredictor.loadTrustingModelCode(dir, "serving_default")) {
            FloatTensor y = p.predict(FloatTensor.wrap(Shape.of(1, 2), new float[] {1, 2}));
            assertEquals(2f, y.toArray()[1]);
        }
        assertEquals("the user's secret", Files.readString(target));
    }

    /** Real SavedModels pass: TF2 (traced save/restore functions, CudnnRNN in the LSTM) and TF1 (save/restore_all). */
    @Test
    void realSavedModelsPass() {
        String scisharp = "SciSharp__TensorFlow.NET/test/TensorFlowNET.Keras.UnitTest/Assets/";
        for (String pb : List.of(scisharp + "simple_model_from_auto_compile/saved_model.pb",
                scisharp + "lstm_from_sequential/saved_model.pb",
                "deeplearning4j__dl4j-test-resources/src/main/resources/tf_saved_models/saved_model_counter/00000123/"
                        + "saved_model.pb")) {
            SavedModelGate.check(Fixtures.corpus(pb).getParent());
        }
    }

    @Test
    void checkpointOpsOnlyForTheModelsOwnVariables() throws Exception {
        Path other = HostileSavedModels.restoreFromElsewhere(tmp.resolve("a"), tmp.resolve("elsewhere/ckpt").toString());
        KerasImportException r = assertThrows(KerasImportException.class, () -> SavedModelGate.check(other));
        assertTrue(r.getMessage().contains("op 'RestoreV2' (node 'save/restore' in the graph): reads a checkpoint other"),
                r.getMessage());
        Path fromSignature = HostileSavedModels.restoreFromSignature(tmp.resolve("c"), tmp.resolve("other").toString());
        KerasImportException f = assertThrows(KerasImportException.class, () -> SavedModelGate.check(fromSignature));
        assertTrue(f.getMessage().contains("op 'RestoreV2' (node 'read' in the graph): reads a checkpoint while predicting"),
                f.getMessage());
        Path written = tmp.resolve("written");
        Path save = HostileSavedModels.saveFromSignature(tmp.resolve("b"), written.toString());
        KerasImportException s = assertThrows(KerasImportException.class, () -> SavedModelPredictor.load(save));
        assertTrue(s.getMessage().contains("op 'SaveV2' (node 'save' in the graph): writes files"), s.getMessage());
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("written")));
        }
    }

    @Test
    void predictCommandRefusesAndWritesNothing() throws Exception {
        Path target = tmp.resolve("stolen.txt");
        Path dir = HostileSavedModels.copierInGraph(tmp.resolve("sm"), secret(), target);
        Path x = tmp.resolve("x.npy");
        Npy.write(x, FloatTensor.wrap(Shape.of(1, 2), new float[] {1, 2}));
        CliRunner r = CliRunner.run("predict", dir.toString(), "--input", x.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("op 'WriteFile' (node 'leak' in the graph)"), r.err());
        assertFalse(Files.exists(target));

        CliRunner trusted = CliRunner.run("predict", dir.toString(), "--input", x.toString(),
                "--trust-model-code");
        assertEquals(0, trusted.exitCode(), trusted.err());
        assertTrue(trusted.err().contains("--trust-model-code: the SavedModel's graph is NOT checked"), trusted.err());
        assertTrue(Files.exists(target));
    }
}
