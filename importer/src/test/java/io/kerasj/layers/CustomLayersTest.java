package io.kerasj.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.config.ModelConfigParser;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.SourceInfo;
import io.kerasj.lambda.LambdaOp;
import org.junit.jupiter.api.Test;

/** Custom LRN classes in their three parameter conventions, and user mappings of custom classes. */
class CustomLayersTest {
    private static final SourceInfo K2 = new SourceInfo("json", "2.4.0", "tensorflow", null);

    /** A model of an input and one layer of class {@code cls} with config {@code cfg} (JSON members). */
    private static KerasModel model(String cls, String cfg) {
        String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_input_shape\": [null, 3, 3, 8]}},"
                + "{\"class_name\": \"" + cls + "\", \"config\": {\"name\": \"x\"" + (cfg.isEmpty() ? "" : ", " + cfg) + "}}]}}";
        return ModelConfigParser.parse(json, null, K2);
    }

    private static LayerSpec spec(String cls, String cfg) {
        return model(cls, cfg).layer("x").spec();
    }

    @Test
    void tfConventionIsTakenAsItIs() {
        assertEquals(new CustomLayerSpec(new LambdaOp.Lrn(2, 1.0, 2e-5, 0.75), "channels_last"),
                spec("LocalResponseNormalization", "\"depth_radius\": 2, \"bias\": 1.0, \"alpha\": 2e-5, \"beta\": 0.75"));
        // tf.nn.lrn's defaults for what the config leaves out
        assertEquals(new CustomLayerSpec(new LambdaOp.Lrn(3, 1.0, 1.0, 0.5), "channels_last"), spec("LRN", "\"depth_radius\": 3"));
    }

    @Test
    void pylearn2ConventionHalvesTheWindowAndKeepsAlpha() {
        // LRN2D(alpha, k, beta, n): scale = k + alpha * sum over n channels, on axis 1 (Theano order)
        assertEquals(new CustomLayerSpec(new LambdaOp.Lrn(2, 2.0, 1e-4, 0.75), "channels_first"),
                spec("LRN2D", "\"alpha\": 0.0001, \"k\": 2, \"beta\": 0.75, \"n\": 5"));
        // a distinct user class, not an alias: it keeps its name in summaries and exports
        assertEquals("LRN2D", io.kerasj.config.KerasConventions.canonicalClassName("LRN2D"));
        ConfigException even = assertThrows(ConfigException.class, () -> CustomLayers.parse("X=lrn(n=4,k=2,alpha=1e-4,beta=0.75)"));
        assertTrue(even.getMessage().contains("must be odd"), even.getMessage());
    }

    @Test
    void caffeConventionDividesAlphaByTheWindow() {
        LayerSpec s = CustomLayers.parse("X=lrn(size=5,k=1,alpha=1e-4,beta=0.75,data_format=channels_first)")
                .apply(() -> spec("X", "\"whatever\": 1"));
        assertEquals(new CustomLayerSpec(new LambdaOp.Lrn(2, 1.0, 1e-4 / 5, 0.75), "channels_first"), s);
    }

    @Test
    void ambiguousOrSilentConfigsAreRefusedWithTheMappingToUse() {
        KerasImportException nk = assertThrows(KerasImportException.class,
                () -> model("LocalResponseNormalization", "\"n\": 5, \"alpha\": 0.0001, \"beta\": 0.75, \"k\": 2"));
        assertTrue(nk.getMessage().contains("ambiguous")
                && nk.getMessage().contains("--custom-layer LocalResponseNormalization=lrn(n=5,k=2,alpha=0.0001,beta=0.75)"),
                nk.getMessage());
        KerasImportException none = assertThrows(KerasImportException.class, () -> model("LRN", ""));
        assertTrue(none.getMessage().contains("names no parameters") && none.getMessage().contains("--custom-layer LRN=lrn("),
                none.getMessage());
        // with a mapping, the same classes import
        LayerSpec mapped = CustomLayers.parse("LocalResponseNormalization=lrn(n=5,k=2,alpha=1e-4,beta=0.75)")
                .apply(() -> spec("LocalResponseNormalization", "\"n\": 5, \"alpha\": 0.0001, \"beta\": 0.75, \"k\": 2"));
        assertEquals(new CustomLayerSpec(new LambdaOp.Lrn(2, 2.0, 1e-4, 0.75), "channels_last"), mapped);
    }

    @Test
    void customClassMapsToBuiltInLayersAndIdentity() {
        CustomLayers m = CustomLayers.parse("Act=Activation(relu6)", "Drop=Dropout(rate=0.25)", "Same=identity");
        assertEquals(new ActivationSpec("relu6"), m.apply(() -> spec("Act", "\"foo\": 1")));
        assertEquals(0.25, ((DropoutSpec) m.apply(() -> spec("Drop", ""))).rate(), 0);
        assertEquals("→Elementwise x", m.apply(() -> spec("Same", "")).detail());
        // the scope ends with the import
        assertThrows(KerasImportException.class, () -> spec("Act", ""));
    }

    @Test
    void badMappingsSayWhatIsWrong() {
        assertTrue(assertThrows(ConfigException.class, () -> CustomLayers.parse("Nope")).getMessage().contains("NAME=TARGET"));
        assertTrue(assertThrows(ConfigException.class, () -> CustomLayers.parse("X=Conv9D(filters=2)")).getMessage()
                .contains("unknown target 'Conv9D'"));
        assertTrue(assertThrows(ConfigException.class, () -> CustomLayers.parse("X=lrn(depth_radius=2,k=3)")).getMessage()
                .contains("k goes with n"));
        assertTrue(assertThrows(ConfigException.class, () -> CustomLayers.parse("X=Dropout(rate=2)")).getMessage()
                .contains("dropout rate"));
    }
}
