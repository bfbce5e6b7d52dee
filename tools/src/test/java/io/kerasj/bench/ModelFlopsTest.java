package io.kerasj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.demo.DemoData;
import org.junit.jupiter.api.Test;

/** FLOPs per image from the IR, against the AlexNet arithmetic done by hand. */
class ModelFlopsTest {
    // multiply-adds: conv 55²·96·11²·3 + 27²·256·5²·96 + 13²·384·3²·256 + 13²·384·3²·384 + 13²·256·3²·384,
    // then Dense 9216·4096 + 4096·4096
    private static final long ALEXNET_MACS = 105_415_200L + 447_897_600L + 149_520_384L + 224_280_576L + 149_520_384L
            + 37_748_736L + 16_777_216L;

    @Test
    void seed000IsTheIssues226Gflop() {
        ModelFlops f = ModelFlops.of(DemoData.seedModel("seed000_alexnet_functional"));
        assertEquals(2 * (ALEXNET_MACS + 4096L * 2), f.perImage());
        assertEquals(2.262, f.gflopPerImage(), 5e-4);
        assertTrue(f.uncounted().isEmpty(), f.uncounted().toString());
    }

    @Test
    void seed004CountsItsThousandClassesAndNotItsBatchNormalization() {
        ModelFlops f = ModelFlops.of(DemoData.seedModel("seed004_alexnet_bn_1000"));
        assertEquals(2 * (ALEXNET_MACS + 4096L * 1000), f.perImage());
        assertTrue(f.uncounted().isEmpty(), f.uncounted().toString());
    }
}
