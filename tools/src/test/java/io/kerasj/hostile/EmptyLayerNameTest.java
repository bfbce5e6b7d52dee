package io.kerasj.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.KerasModels;
import io.kerasj.ir.KerasImportException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, defect 3: {@code "name": ""} gives a KerasImportException naming the layer position, never a raw IllegalArgumentException. */
class EmptyLayerNameTest {
    /** A functional model whose Dense layer has an empty name, and whose output refers to it. */
    private static final String FUNCTIONAL = """
            {"class_name": "Functional", "config": {"name": "m",
              "layers": [
                {"class_name": "InputLayer", "name": "in", "config": {"batch_input_shape": [null, 4], "name": "in"},
                 "inbound_nodes": []},
                {"class_name": "Dense", "name": "", "config": {"name": "", "units": 2},
                 "inbound_nodes": [[["in", 0, 0, {}]]]}],
              "input_layers": [["in", 0, 0]], "output_layers": [["", 0, 0]]}}
            """;

    @TempDir
    Path tmp;

    @Test
    void kerasArchiveWithAnEmptyLayerName() throws Exception {
        Path source = HostileFiles.copy("links/dense_source.keras", tmp);
        Path keras = HostileFiles.editKerasConfig(source, c -> c.replace("\"name\": \"dense_1\"", "\"name\": \"\""),
                tmp.resolve("empty_name.keras"));
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasModels.load(keras));
        assertEquals(keras, e.source());
        assertTrue(e.getMessage().contains("layer '#1': layer #1 (Dense) has an empty name"), e.getMessage());
    }

    @Test
    void bareJsonWithAnEmptyLayerName() throws Exception {
        Path json = Files.writeString(tmp.resolve("model.json"), FUNCTIONAL);
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasModels.load(json));
        assertTrue(e.getMessage().contains("layer #1 (Dense) has an empty name"), e.getMessage());
        assertTrue(e.getMessage().contains("should name a layer"), e.getMessage());
    }

    @Test
    void sequentialJsonWithAnEmptyLayerName() throws Exception {
        Path json = Files.writeString(tmp.resolve("seq.json"), """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "Dense", "config": {"name": "", "units": 2, "batch_input_shape": [null, 3]}}]}}
                """);
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasModels.load(json));
        assertTrue(e.getMessage().contains("layer #0 (Dense) has an empty name"), e.getMessage());
    }
}
