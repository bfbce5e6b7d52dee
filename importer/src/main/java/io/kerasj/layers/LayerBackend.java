package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;

/**
 * One engine's half of a layer kind — how spec {@code S} runs on that engine (TensorFlow:
 * {@code io.kerasj.runtime.graph.TfLayer}; ONNX: an {@code OnnxLayer}). Every engine keys its halves
 * by the spec record the importer's {@link LayerType} parses to, and finds them with one
 * {@link LayerBackends} table: built-ins plus {@link java.util.ServiceLoader} registrations.
 *
 * @param <S> the spec record this half implements
 */
public interface LayerBackend<S extends LayerSpec> {

    /** The spec record this half implements; the lookup key. */
    Class<S> specClass();
}
