package io.kerasj.onnx.export;

import io.kerasj.onnx.proto.Onnx.AttributeProto;
import io.kerasj.onnx.proto.Onnx.NodeProto;
import io.kerasj.onnx.proto.Onnx.TensorProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the nodes and initializers of one ONNX graph. Every value and node gets a unique name
 * built from a hint (the Keras layer path and the op), so a name in the file leads back to its
 * layer; small int64/float constants are shared.
 */
public final class GraphBuilder {
    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<TensorProto> initializers = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final Set<String> nodeNames = new HashSet<>();
    private final Map<String, String> constants = new HashMap<>();

    /** Reserves {@code name} exactly (a layer's output, a graph input); fails when taken. */
    public String reserve(String name) {
        if (!names.add(name)) {
            throw new IllegalStateException("ONNX value name '" + name + "' is used twice");
        }
        return name;
    }

    /** {@code hint}, or {@code hint.1}, {@code hint.2}... whichever is free. */
    public String unique(String hint) {
        String n = hint;
        for (int k = 1; !names.add(n); k++) {
            n = hint + "." + k;
        }
        return n;
    }

    public boolean isTaken(String name) {
        return names.contains(name);
    }

    /** Adds a node with one output named after {@code hint}; returns the output name. */
    public String node(String opType, String hint, List<String> inputs, AttributeProto... attrs) {
        String out = unique(hint);
        nodeTo(opType, out, inputs, attrs);
        return out;
    }

    /** Adds a node writing the already reserved value {@code output}. */
    public void nodeTo(String opType, String output, List<String> inputs, AttributeProto... attrs) {
        String nodeName = output;
        for (int k = 1; !nodeNames.add(nodeName); k++) {
            nodeName = output + "." + k;
        }
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(nodeName)
                .addAllInput(inputs).addOutput(output);
        for (AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        nodes.add(n.build());
    }

    /** A float initializer (a weight) named after {@code hint}. */
    public String weight(String hint, float[] values, long... dims) {
        String name = unique(hint);
        initializers.add(Tensors.floats(name, values, dims));
        return name;
    }

    /** A shared int64 constant (shapes, axes, pads). */
    public String longs(long... values) {
        return constants.computeIfAbsent("i64" + Arrays.toString(values), k -> {
            String name = unique("const_i64");
            initializers.add(Tensors.longs(name, values, values.length));
            return name;
        });
    }

    /** A shared float32 scalar constant. */
    public String scalar(double value) {
        float f = (float) value;
        return constants.computeIfAbsent("f32:" + Float.floatToIntBits(f), k -> {
            String name = unique("const_f32");
            initializers.add(Tensors.floats(name, new float[] {f}));
            return name;
        });
    }

    /**
     * Renames value {@code from}, written by one of the nodes added since {@code sinceNode} and
     * read by none of them, to the reserved name {@code to}; false (nothing changed) otherwise.
     */
    public boolean rename(int sinceNode, String from, String to) {
        int writer = -1;
        for (int k = sinceNode; k < nodes.size(); k++) {
            NodeProto n = nodes.get(k);
            if (n.getInputList().contains(from)) {
                return false;
            }
            if (n.getOutputList().contains(from)) {
                writer = k;
            }
        }
        if (writer < 0) {
            return false;
        }
        NodeProto n = nodes.get(writer);
        nodes.set(writer, n.toBuilder().setOutput(n.getOutputList().indexOf(from), to).build());
        return true;
    }

    public List<NodeProto> nodes() {
        return nodes;
    }

    public List<TensorProto> initializers() {
        return initializers;
    }
}
