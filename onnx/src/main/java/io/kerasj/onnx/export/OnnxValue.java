package io.kerasj.onnx.export;

/**
 * A tensor of the ONNX graph standing for a Keras tensor. Image tensors may be held channels
 * first inside the graph (ONNX's convolution and pooling take NCHW): {@code perm} is then the
 * transpose that turned the Keras layout into the stored one, and it is undone only where a
 * layer needs Keras' order (Flatten, Dense, Reshape...), so a chain of convolutions transposes
 * once on the way in.
 *
 * @param name the ONNX value name
 * @param perm stored = transpose(keras, perm); null when stored in Keras' own layout
 */
public record OnnxValue(String name, int[] perm) {
    static final int[] TO_CHANNELS_FIRST = {0, 3, 1, 2};

    public static OnnxValue keras(String name) {
        return new OnnxValue(name, null);
    }

    public boolean inKerasLayout() {
        return perm == null;
    }

    /** The stored axis holding Keras axis {@code kerasAxis}. */
    public int storedAxis(int kerasAxis) {
        if (perm == null) {
            return kerasAxis;
        }
        for (int k = 0; k < perm.length; k++) {
            if (perm[k] == kerasAxis) {
                return k;
            }
        }
        throw new IllegalArgumentException("axis " + kerasAxis + " is outside a rank-" + perm.length + " tensor");
    }

    /** The same layout for another value (element-wise results). */
    public OnnxValue withName(String other) {
        return new OnnxValue(other, perm);
    }

    public static int[] inverse(int[] perm) {
        int[] inv = new int[perm.length];
        for (int k = 0; k < perm.length; k++) {
            inv[perm[k]] = k;
        }
        return inv;
    }
}
