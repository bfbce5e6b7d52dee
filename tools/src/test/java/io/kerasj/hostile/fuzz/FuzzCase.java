package io.kerasj.hostile.fuzz;

import java.util.concurrent.Callable;

/**
 * One input for a public entry point: its bytes (saved when it fails, to grow the regression
 * corpus), its size (the allocation bound scales with it) and the call that reads it.
 */
record FuzzCase(String label, byte[] bytes, long size, Callable<?> call) {
}
