package io.kerasj.onnx.ort;

import io.kerasj.onnx.export.Attrs;
import io.kerasj.onnx.export.LayerOutputs;
import io.kerasj.onnx.export.OnnxValue;
import io.kerasj.onnx.proto.Onnx.GraphProto;
import io.kerasj.onnx.proto.Onnx.ModelProto;
import io.kerasj.onnx.proto.Onnx.NodeProto;
import io.kerasj.onnx.proto.Onnx.TypeProto;
import io.kerasj.onnx.proto.Onnx.ValueInfoProto;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A copy of a model whose graph also outputs every layer's value in Keras' layout, for
 * per-layer parity: values stored channels first get a transpose back, values another layer
 * already named get an Identity. The copy shares the weights' bytes with the original.
 */
final class LayerExposure {
    private final ModelProto model;
    private final Map<String, String> outputOfLayer;

    private LayerExposure(ModelProto model, Map<String, String> outputOfLayer) {
        this.model = model;
        this.outputOfLayer = outputOfLayer;
    }

    ModelProto model() {
        return model;
    }

    /** Layer name → graph output holding its Keras-layout value. */
    Map<String, String> outputOfLayer() {
        return outputOfLayer;
    }

    static LayerExposure of(ModelProto original) {
        LayerOutputs layers = LayerOutputs.of(original);
        GraphProto.Builder g = original.getGraph().toBuilder();
        Set<String> names = new HashSet<>();
        Set<String> produced = new HashSet<>();
        for (NodeProto n : g.getNodeList()) {
            names.addAll(n.getOutputList());
            produced.addAll(n.getOutputList());
        }
        g.getInputList().forEach(v -> names.add(v.getName()));
        g.getInitializerList().forEach(t -> names.add(t.getName()));
        Set<String> outputs = new HashSet<>();
        g.getOutputList().forEach(v -> outputs.add(v.getName()));
        Map<String, String> outputOfLayer = new LinkedHashMap<>();
        for (Map.Entry<String, OnnxValue> e : layers.byLayer().entrySet()) {
            OnnxValue v = e.getValue();
            if (!names.contains(v.name())) {
                continue;
            }
            String out;
            if (v.perm() == null && produced.contains(v.name()) && !outputOfLayer.containsValue(v.name())) {
                out = v.name();
            } else {
                out = free(names, e.getKey() + "/keras");
                NodeProto.Builder n = NodeProto.newBuilder().setName(out).addInput(v.name()).addOutput(out);
                if (v.perm() == null) {
                    n.setOpType("Identity");
                } else {
                    n.setOpType("Transpose").addAttribute(Attrs.ints("perm", OnnxValue.inverse(v.perm())));
                }
                g.addNode(n);
            }
            if (outputs.add(out)) {
                g.addOutput(ValueInfoProto.newBuilder().setName(out).setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(1))));
            }
            outputOfLayer.put(e.getKey(), out);
        }
        return new LayerExposure(original.toBuilder().setGraph(g).build(), outputOfLayer);
    }

    private static String free(Set<String> names, String hint) {
        String n = hint;
        for (int k = 1; !names.add(n); k++) {
            n = hint + "." + k;
        }
        return n;
    }
}
