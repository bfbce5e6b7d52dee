package io.kerasj.hostile.fuzz;

import java.util.concurrent.Callable;

/**
 * One input for a public entry point: its bytes (saved when it fails, to grow the regression
 * corpus), its size (the allocation bound scales with it) and the call that reads it.
 */
record FuzzCase(String label, byte[] bytes, long size, Callable<?> call) {
    /** {@code saved} written as {@code work/fileName} and imported with {@code KerasModels.load}. */
    static FuzzCase modelFile(byte[] saved, java.nio.file.Path work, String fileName) throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.write(work.resolve(fileName), saved);
        return new FuzzCase(fileName + " of " + saved.length + " bytes", saved, saved.length,
                () -> io.kerasj.KerasModels.load(file));
    }
}
