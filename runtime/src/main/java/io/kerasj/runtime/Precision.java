package io.kerasj.runtime;

/** Numeric precision of the weights a predictor runs with. Anything but FP32 is opt-in and approximate. */
public enum Precision {
    /** The imported float32 weights, unchanged (the default; the only precision parity is proven at). */
    FP32,
    /** Weights stored as float16 and widened to float32 when the model loads; computation stays float32. */
    FP16,
    /** Dense and convolution weights quantised to int8 per output channel; activations quantised per batch. */
    INT8
}
