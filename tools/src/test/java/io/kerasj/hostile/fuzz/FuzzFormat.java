package io.kerasj.hostile.fuzz;

import java.io.IOException;
import java.nio.file.Path;

/** A format under fuzzing: how to make a mutant, how to replay a saved input, and what failing cleanly means. */
interface FuzzFormat {
    /** Short name: the regression corpus directory and the report label. */
    String name();

    /** Inputs per CI run (the system property {@code kerasj.fuzz.iterations} overrides it for every format). */
    int ciIterations();

    FuzzCase mutant(Mutator m, Path work) throws IOException;

    /** A case from a saved input (a file of the regression corpus). */
    FuzzCase replay(byte[] saved, Path work) throws IOException;

    /** The exception the entry point documents for bad input. */
    boolean documented(Throwable t);

    /**
     * The most the entry point may allocate reading an input of {@code size} bytes: by default a
     * fixed 16 MB for headers, names and parsed JSON plus 64 bytes per input byte (parse trees and
     * float copies of stored weights).
     */
    default long allocationLimit(long size) {
        return (16L << 20) + 64 * size;
    }
}
