package io.kerasj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README's first command: the default job passes end to end. */
class DemoCommandTest {

    @Test
    void defaultDemoPasses(@TempDir Path dir) {
        CliRunner r = CliRunner.run("demo", "--out", dir.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(Files.isRegularFile(dir.resolve("seed003_mnist_lrn.h5")));
        assertTrue(r.out().contains("lambda: Lambda\u2192LRN r=2 b=1.0 a=2e-05 \u03b2=0.75"), r.out());
        assertTrue(r.out().contains("PASS: all 16 checks agree"), r.out());
        assertTrue(r.out().contains("== 5. grouped convolutions: seed002_alexnet_grouped_lrn"), r.out());
        assertTrue(r.out().contains("17 layers checked"), r.out());
        assertTrue(r.out().contains("MATCH: 15 rows and 3 totals compared"), r.out());
        assertTrue(r.out().matches("(?s).*held-out accuracy 0\\.\\d+ \\(before training 0\\.\\d+, chance 0\\.100, required 0\\.45\\): learned.*"), r.out());
        assertTrue(r.out().contains("re-imported: predictions identical"), r.out());
        assertTrue(r.out().contains("demo: PASS"), r.out());
    }
}
