package io.kerasj.onnx.export;

/** A layer that has no ONNX form; reported against the layer with every other problem. */
public final class ExportFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExportFailure(String message) {
        super(message);
    }
}
