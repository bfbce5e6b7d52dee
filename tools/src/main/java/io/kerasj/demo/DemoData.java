package io.kerasj.demo;

import io.kerasj.config.ModelConfigParser;
import io.kerasj.export.LegacyH5Writer;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.SourceInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The little data the CLI ships for {@code kerasj demo} and the benchmarks (tools/pom.xml copies it
 * from the fixtures' test data at build time): each oracle seed's tf.keras 2.4 config and
 * TensorFlow.js' expected activations, and one real Keras 2.1.3 file ({@code cnn_batch_norm.h5})
 * with its input and Keras' own predictions, and seed 000's printed summary. Licences and
 * provenance: {@code io/kerasj/demo/fixtures/NOTICE.md}.
 */
public final class DemoData {
    private static final String ROOT = "/io/kerasj/demo/";
    /** The oracle seed models, each with a config and expected activations. */
    public static final List<String> SEEDS = List.of(
            "seed000_alexnet_functional", "seed001_alexnet_bn_147", "seed001_alexnet_bn_227",
            "seed002_alexnet_grouped_lrn", "seed003_mnist_lrn", "seed004_alexnet_bn_1000");
    /** The real Keras 2.1.3 model and its recorded input and predictions. */
    public static final String KERAS_BN_CNN = "keras_bn_cnn/cnn_batch_norm.h5";
    public static final String KERAS_BN_CNN_INPUT = "keras_bn_cnn/input.npy";
    public static final String KERAS_BN_CNN_PREDICTIONS = "keras_bn_cnn/predictions.npy";
    /** Folder of the seed tutorials' printed {@code model.summary()} texts (only seed 000's ships). */
    public static final String SEED_SUMMARY_TEXTS = "seeds/";

    private DemoData() {
    }

    /** The seed's weightless model, parsed from its bundled tf.keras 2.4 config. */
    public static KerasModel seedModel(String seed) {
        String config = text(seedFile(seed, "keras2_config.json"));
        return ModelConfigParser.parse(config, null,
                new SourceInfo("json", LegacyH5Writer.DEFAULT_KERAS_VERSION, LegacyH5Writer.DEFAULT_BACKEND, null));
    }

    /** The resource name of one file of a seed's oracle directory; refuses unknown seeds. */
    public static String seedFile(String seed, String file) {
        if (!SEEDS.contains(seed)) {
            throw new IllegalArgumentException("unknown seed model '" + seed + "'; known: " + SEEDS);
        }
        return "oracle/models/" + seed + "/" + file;
    }

    public static String text(String resource) {
        try (InputStream in = open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a bundled file to the same relative path under {@code dir} (readers want real files). */
    public static Path copyTo(String resource, Path dir) {
        Path target = dir.resolve(resource);
        try (InputStream in = open(resource)) {
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = DemoData.class.getResourceAsStream(ROOT + resource);
        if (in == null) {
            throw new IllegalStateException("the CLI jar lacks its demo data " + resource + "; rebuild it");
        }
        return in;
    }
}
