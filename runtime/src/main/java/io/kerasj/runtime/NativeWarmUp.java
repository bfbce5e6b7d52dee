package io.kerasj.runtime;

import org.tensorflow.TensorFlow;

/**
 * TensorFlow's native start-up on a background thread. Loading its library (~630 MB, thousands of
 * kernels registering themselves) takes 0.4–1.5 s, the largest part of a first load in a fresh
 * JVM; none of it depends on the model, so it can run while the model file is imported. Whoever
 * needs TensorFlow meanwhile waits for the same class initialisation, so nothing runs twice.
 */
final class NativeWarmUp {
    private static Thread thread;

    private NativeWarmUp() {
    }

    static synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(NativeWarmUp::load, "kerasj-tensorflow-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void load() {
        try {
            TensorFlow.version();
        } catch (Throwable e) {
            // a missing or broken native library is reported where it is used, by whoever uses it
        }
    }
}
