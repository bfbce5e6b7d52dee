package io.kerasj.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.KerasModels;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 12, defect 2: HDF5 external links, soft links leaving the file, external storage and
 * virtual datasets are refused before anything outside the file is opened — in legacy .h5,
 * inside .keras and in standalone .weights.h5. The link targets are named pipes: a reader that
 * opened one would block until the timeout (fixtures: resources io/kerasj/hostile/links,
 * made by make_link_fixtures.py).
 */
class Hdf5LinksTest {
    private static final Duration NO_HANG = Duration.ofSeconds(30);
    private static final String DENSE = "deeplearning4j__dl4j-test-resources/src/main/resources/modelimport/keras/weights/"
            + "dense_tensorflow_2.h5";

    @TempDir
    Path tmp;

    private static KerasImportException refused(Executable load) {
        return assertTimeoutPreemptively(NO_HANG, () -> assertThrows(KerasImportException.class, load));
    }

    @Test
    void legacyExternalLinkIsRefusedEvenWhenTheTargetIsAValidWeightsFile() {
        Path model = HostileFiles.copy("links/external_link_kernel.h5", tmp);
        HostileFiles.copy("links/linked_weights.h5", tmp);
        KerasImportException e = refused(() -> KerasModels.load(model));
        assertTrue(e.getMessage().contains("is an HDF5 external link to")
                && e.getMessage().contains("linked_weights.h5"), e.getMessage());
    }

    /** {@code fixture} must be refused for its external link while the link's target is a pipe nobody writes. */
    private void refusedWithoutOpeningTheTarget(String fixture) throws Exception {
        Path model = HostileFiles.copy(fixture, tmp);
        HostileFiles.fifo(tmp.resolve("linked_weights.h5"));
        KerasImportException e = refused(() -> KerasModels.load(model));
        assertTrue(e.getMessage().contains("external link"), e.getMessage());
    }

    @Test
    void legacyExternalLinkTargetIsNeverOpened() throws Exception {
        refusedWithoutOpeningTheTarget("links/external_link_kernel.h5");
    }

    @Test
    void softLinkThroughAnExternalLinkIsRefused() throws Exception {
        refusedWithoutOpeningTheTarget("links/soft_link_through_external.h5");
    }

    @Test
    void softLinkInsideTheFileIsFollowed() {
        KerasModel linked = KerasModels.load(HostileFiles.copy("links/soft_link_inside.h5", tmp));
        KerasModel original = KerasModels.load(Fixtures.corpus(DENSE));
        assertArrayEquals(original.layer("dense_1").weight("kernel").value().toArray(),
                linked.layer("dense_1").weight("kernel").value().toArray(), 0f);
    }

    @Test
    void externalStorageAndVirtualDatasetsAreRefusedWithoutOpeningTheirFiles() throws Exception {
        Path storage = HostileFiles.copy("links/external_storage_kernel.h5", tmp);
        HostileFiles.fifo(tmp.resolve("linked_raw.bin"));
        refused(() -> KerasModels.load(storage));
        Path virtual = HostileFiles.copy("links/virtual_kernel.h5", tmp);
        HostileFiles.fifo(tmp.resolve("linked_weights.h5"));
        refused(() -> KerasModels.load(virtual));
    }

    @Test
    void externalLinkInsideAKerasArchiveIsRefused() throws Exception {
        refusedWithoutOpeningTheTarget("links/external_link_kernel.keras");
    }

    @Test
    void externalLinkInAStandaloneWeightsFileIsRefused() throws Exception {
        Path weights = HostileFiles.copy("links/external_link_kernel.weights.h5", tmp, "model.weights.h5");
        Path config = HostileFiles.copy("links/external_link_kernel.config.json", tmp, "config.json");
        HostileFiles.fifo(tmp.resolve("linked_weights.h5"));
        KerasImportException e = refused(() -> KerasModels.load(config, weights));
        assertTrue(e.getMessage().contains("external link"), e.getMessage());
    }
}
