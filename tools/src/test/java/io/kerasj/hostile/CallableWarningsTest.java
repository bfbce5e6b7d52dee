package io.kerasj.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.KerasModels;
import io.kerasj.cli.CliRunner;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.ImportProblem;
import io.kerasj.ir.KerasModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: a config naming a suspicious callable (a kernel_initializer of {@code os.system}, a
 * class from a module outside Keras) imports — nothing is executed — with a warning in the Java
 * API and in {@code kerasj inspect}; real Keras files give none.
 */
class CallableWarningsTest {
    @TempDir
    Path tmp;

    @Test
    void osSystemAsKernelInitializerIsImportedWithAWarning() throws Exception {
        Path json = Files.writeString(tmp.resolve("m.json"), """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "Dense", "config": {"name": "d", "units": 2, "batch_input_shape": [null, 3],
                   "kernel_initializer": "os.system", "bias_constraint": {"class_name": "Popen",
                   "module": "subprocess", "config": {"args": "touch /tmp/pwned"}}}}]}}
                """);
        KerasModel m = KerasModels.load(json);
        List<ImportProblem> w = m.warnings();
        assertEquals(2, w.size(), w.toString());
        assertEquals("d", w.get(0).layer());
        assertTrue(w.get(0).message().startsWith("kernel_initializer names 'os.system', which is not a Keras class"),
                w.toString());
        assertTrue(w.get(1).message().startsWith("bias_constraint names a class from module 'subprocess'"), w.toString());

        CliRunner r = CliRunner.run("inspect", json.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("warning: layer 'd': kernel_initializer names 'os.system'"), r.err());
        CliRunner j = CliRunner.run("inspect", json.toString(), "--json");
        assertTrue(j.out().contains("\"warnings\" : [ \"layer 'd': kernel_initializer names 'os.system'"), j.out());
    }

    @Test
    void kerasArchiveWithACustomModuleInitializer() throws Exception {
        HostileFiles.copy("links/dense_source.keras", tmp);
        Path keras = HostileFiles.editKerasConfig(tmp.resolve("dense_source.keras"),
                c -> c.replaceFirst("\"module\": \"keras.initializers\"", "\"module\": \"builtins\""),
                tmp.resolve("custom.keras"));
        KerasModel m = KerasModels.load(keras);
        assertEquals(1, m.warnings().size(), m.warnings().toString());
        assertTrue(m.warnings().get(0).message().contains("from module 'builtins', outside Keras"), m.warnings().toString());
    }

    /** Every importable model of the fixtures corpus (full files, and configs with weights) gives no warning. */
    @Test
    void realKerasFilesGiveNoWarnings() {
        List<String> warned = new ArrayList<>();
        List<KerasModel> models = new ArrayList<>();
        for (String rel : Fixtures.corpusModels()) {
            models.add(KerasModels.load(Fixtures.corpus(rel)));
        }
        for (String pair : Fixtures.corpusConfigWeights()) {
            String[] cw = pair.split("\\|");
            models.add(KerasModels.load(Fixtures.corpus(cw[0]), Fixtures.corpus(cw[1])));
        }
        for (KerasModel m : models) {
            if (!m.warnings().isEmpty()) {
                warned.add(m.source().path() + ": " + m.warnings());
            }
        }
        assertEquals(Fixtures.corpusModels().size() + Fixtures.corpusConfigWeights().size(), models.size());
        assertTrue(warned.isEmpty(), String.join("\n", warned));
    }
}
