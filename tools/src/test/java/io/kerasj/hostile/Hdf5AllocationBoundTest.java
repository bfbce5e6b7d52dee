package io.kerasj.hostile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.KerasModels;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.KerasImportException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, defect 4: one changed byte (e.g. offset 107 set to 0x7f) in the corpus' 21 kB
 * cnn_tf_model.h5 claimed a structure of ~1 GiB, and jhdf allocated it twice through its
 * file-channel reads (2.1 GB, whatever -Xmx; 4.3 GB for offset 2155). Import now allocates in proportion to the file:
 * at most a fixed 16 MB for headers, names and JSON plus 64 bytes per file byte — measured with
 * the thread's allocation counter, so it does not depend on the heap size.
 */
class Hdf5AllocationBoundTest {
    private static final String ORIGINAL = "deeplearning4j__dl4j-test-resources/src/main/resources/keras/simple/cnn_tf_model.h5";

    @TempDir
    Path tmp;

    @Test
    void oneChangedByteNoLongerAllocatesAGigabyte() throws Exception {
        allocated(Fixtures.corpus(ORIGINAL));
        long original = allocated(Fixtures.corpus(ORIGINAL));
        for (int offset : new int[] {107, 131, 691, 1603, 2155}) {
            Path mutant = HostileFiles.copy("regression/h5/issue12_cnn_tf_model_byte" + offset + "_7f.h5", tmp);
            long size = Files.size(mutant);
            long bytes = allocated(mutant);
            assertTrue(bytes <= (16L << 20) + 64 * size, "byte " + offset + ": allocated " + bytes + " bytes for a file of "
                    + size + " (the original file takes " + original + ")");
        }
    }

    private static long allocated(Path file) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        try {
            KerasModels.load(file);
        } catch (KerasImportException e) {
            // a clean refusal is as good as an import here; only the allocation is measured
        }
        return mx.getThreadAllocatedBytes(tid) - before;
    }
}
