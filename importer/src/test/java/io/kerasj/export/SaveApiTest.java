package io.kerasj.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerasj.KerasModels;
import io.kerasj.hdf5.LegacyH5Format;
import io.kerasj.io.JsonConfigFormat;
import io.kerasj.io.ModelFormat;
import io.kerasj.io.ModelFormats;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.LayerDecl;
import io.kerasj.ir.ModelGraphBuilder;
import io.kerasj.ir.Node;
import io.kerasj.ir.SourceInfo;
import io.kerasj.ir.TensorRef;
import io.kerasj.keras3.KerasArchiveFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code KerasModels.save} and the format dispatch, in the importer alone: without the runtime
 * module on the class path, SavedModel output is refused naming the module it needs.
 */
class SaveApiTest {
    @TempDir
    Path dir;

    @Test
    void outputNamesPickTheFormat() throws Exception {
        assertInstanceOf(LegacyH5Format.class, ModelFormats.forOutput(dir.resolve("m.h5")));
        assertInstanceOf(LegacyH5Format.class, ModelFormats.forOutput(dir.resolve("M.HDF5")));
        assertInstanceOf(KerasArchiveFormat.class, ModelFormats.forOutput(dir.resolve("m.keras")));
        assertInstanceOf(JsonConfigFormat.class, ModelFormats.named("JSON"));
        ExportException json = assertThrows(ExportException.class, () -> ModelFormats.forOutput(dir.resolve("m.json")));
        assertTrue(json.getMessage().contains("'m.json': name it *.h5, *.hdf5, *.keras, give a directory"), json.getMessage());
        assertTrue(json.getMessage().contains("--format h5|keras|json"), json.getMessage());
        ExportException unknown = assertThrows(ExportException.class, () -> ModelFormats.named("pt"));
        assertEquals("unknown model format 'pt'; known: h5|keras|json", unknown.getMessage());
    }

    @Test
    void savedModelWithoutTheRuntimeNamesTheMissingModule() throws Exception {
        KerasModel m = TestModels.filled(TestModels.SEQUENTIAL);
        for (Path out : List.of(dir.resolve("m_savedmodel"), Files.createDirectory(dir.resolve("existing")))) {
            ExportException e = assertThrows(ExportException.class, () -> KerasModels.save(m, out));
            assertTrue(e.getMessage().contains("the savedmodel format is not available: it needs the kerasj-runtime module"),
                    e.getMessage());
        }
        ExportException named = assertThrows(ExportException.class,
                () -> KerasModels.save(m, dir.resolve("x"), ModelFormat.SAVEDMODEL));
        assertTrue(named.getMessage().contains("kerasj-runtime"), named.getMessage());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("existing"), s.map(p -> p.getFileName().toString()).toList(), "nothing written");
        }
    }

    @Test
    void saveWritesEachFormatThatLoadsBack() {
        KerasModel m = TestModels.filled(TestModels.FUNCTIONAL);
        assertInstanceOf(LegacyH5Format.class, KerasModels.save(m, dir.resolve("m.h5")));
        assertInstanceOf(KerasArchiveFormat.class, KerasModels.save(m, dir.resolve("m.keras")));
        assertInstanceOf(JsonConfigFormat.class, KerasModels.save(m, dir.resolve("m.json"), ModelFormat.JSON));
        for (String name : List.of("m.h5", "m.keras")) {
            assertEquals(m.weights(), KerasModels.load(dir.resolve(name)).weights(), name);
        }
        KerasModel config = KerasModels.load(dir.resolve("m.json"));
        assertEquals(m.totalParams(), config.totalParams());
        assertFalse(config.weights().stream().anyMatch(w -> w.hasValue()));
    }

    @Test
    void listFormSequentialConfigsGetTfKeras2ObjectForm() throws Exception {
        // Keras <= 2.2 wrote a Sequential's config as the bare list of its layers
        JsonNode objectForm = new ObjectMapper().readTree(TestModels.SEQUENTIAL);
        String listForm = "{\"class_name\": \"Sequential\", \"config\": "
                + objectForm.get("config").get("layers").toString() + "}";
        KerasModel old = TestModels.parse(listForm);
        assertTrue(old.modelConfig().get("config").isArray());
        JsonNode wrapped = Keras2Config.of(old);
        assertEquals("Sequential", wrapped.get("class_name").asText());
        assertEquals("sequential", wrapped.get("config").get("name").asText());
        assertEquals(objectForm.get("config").get("layers"), wrapped.get("config").get("layers"));
        // the legacy .h5 keeps the file's own form
        assertTrue(LegacyH5Writer.modelConfigText(old).contains("\"config\": [{"));
    }

    @Test
    void aModelWithoutConfigGetsOneFromItsLayers() {
        for (String json : List.of(TestModels.SEQUENTIAL, TestModels.FUNCTIONAL)) {
            KerasModel parsed = TestModels.filled(json);
            KerasModel bare = withoutConfig(parsed);
            assertNull(bare.modelConfig());
            // these tf.keras 2.4 configs are exactly what Keras would write for the model
            assertEquals(parsed.modelConfig(), Keras2Config.of(bare), json);
            Path h5 = dir.resolve(parsed.name() + ".h5");
            KerasModels.save(bare, h5);
            assertEquals(parsed.weights(), KerasModels.load(h5).weights());
        }
    }

    /** The same model rebuilt from its layers, as code that builds a model (not a parser) would. */
    private static KerasModel withoutConfig(KerasModel m) {
        ModelGraphBuilder b = new ModelGraphBuilder(null).name(m.name()).modelClass(m.modelClass())
                .source(new SourceInfo("h5", "2.4.0", "tensorflow", null));
        for (Layer l : m.layers()) {
            List<List<TensorRef>> calls = l.nodes().stream().map(Node::inputs).filter(in -> !in.isEmpty()).toList();
            b.add(new LayerDecl(l.name(), l.className(), l.trainable(), l.spec(), calls, l.rawConfig()));
        }
        m.inputs().forEach(b::input);
        m.outputs().forEach(b::output);
        KerasModel bare = b.build();
        List<Layer> filled = bare.layers().stream().map(l -> l.withWeights(m.layer(l.name()).weights())).toList();
        return bare.withLayers(filled);
    }
}
