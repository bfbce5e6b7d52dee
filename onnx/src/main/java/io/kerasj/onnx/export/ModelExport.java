package io.kerasj.onnx.export;

import io.kerasj.config.NestedModelSpec;
import io.kerasj.ir.CallOrder;
import io.kerasj.ir.ImportProblem;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Node;
import io.kerasj.ir.Shape;
import io.kerasj.ir.TensorRef;
import io.kerasj.onnx.proto.Onnx.GraphProto;
import io.kerasj.onnx.proto.Onnx.ModelProto;
import io.kerasj.onnx.proto.Onnx.OperatorSetIdProto;
import io.kerasj.onnx.proto.Onnx.StringStringEntryProto;
import io.kerasj.onnx.proto.Onnx.TensorProto;
import io.kerasj.onnx.proto.Onnx.TensorShapeProto;
import io.kerasj.onnx.proto.Onnx.TypeProto;
import io.kerasj.onnx.proto.Onnx.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exports a Keras model to one ONNX graph: inputs and outputs in Keras' layout (NHWC images,
 * batch dimension free), layer calls in dependency order, nested models inlined as
 * {@code outer/inner}. The output of each layer's first call is named after the layer (with
 * {@code /nchw} when it is stored channels first). Every layer that has no ONNX form is
 * reported at once; layers downstream of it are skipped so the report names causes only.
 */
public final class ModelExport {
    /** ONNX's operator set: 17 is read by every ONNX Runtime since 1.13 and by onnx ≥ 1.12. */
    public static final long OPSET = 17;
    /** IR version 8 goes with opset 17. */
    public static final long IR_VERSION = 8;

    private final GraphBuilder g = new GraphBuilder();
    private final Map<String, String> weightCache = new HashMap<>();
    private final Map<String, String> layoutCache = new HashMap<>();
    private final Map<String, OnnxValue> layerOutputs = new LinkedHashMap<>();
    private final List<ImportProblem> problems = new ArrayList<>();
    private final int kerasMajor;

    private ModelExport(int kerasMajor) {
        this.kerasMajor = kerasMajor;
    }

    /**
     * The ONNX model of {@code model} (which must carry its weights).
     *
     * @throws KerasImportException naming every layer without an ONNX form or without weights
     */
    public static ModelProto toOnnx(KerasModel model) {
        return new ModelExport(model.source().kerasMajor()).build(model);
    }

    private ModelProto build(KerasModel model) {
        reserveLayerNames(model, "");
        GraphProto.Builder graph = GraphProto.newBuilder().setName(model.name() == null ? "keras_model" : model.name());
        List<OnnxValue> inputs = new ArrayList<>();
        for (TensorRef ref : model.inputs()) {
            String name = ref.toString();
            if (!g.isTaken(name)) {
                g.reserve(name);
            }
            graph.addInput(valueInfo(name, model.shapeOf(ref)));
            inputs.add(OnnxValue.keras(name));
        }
        List<OnnxValue> outs = walk(model, inputs, "", null, "", true);
        if (!problems.isEmpty()) {
            throw new KerasImportException(model.source().path(), problems);
        }
        for (int k = 0; k < model.outputs().size(); k++) {
            TensorRef ref = model.outputs().get(k);
            String name = expose(ref.toString(), outs.get(k));
            graph.addOutput(valueInfo(name, model.shapeOf(ref)));
        }
        graph.addAllNode(g.nodes()).addAllInitializer(g.initializers());
        return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("kerasj").setProducerVersion("0.1.0")
                .setDocString("Keras model '" + model.name() + "' exported by kerasj; inputs and outputs in Keras' layout")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .addMetadataProps(StringStringEntryProto.newBuilder().setKey(LayerOutputs.KEY)
                        .setValue(new LayerOutputs(layerOutputs).encode()))
                .setGraph(graph).build();
    }

    /**
     * A graph-level name for {@code v} in Keras' layout: {@code v} itself when it already is that
     * name, else an Identity or the transpose back to Keras' layout writing {@code name}.
     */
    private String expose(String name, OnnxValue v) {
        if (v.inKerasLayout() && v.name().equals(name)) {
            return name;
        }
        if (!g.isTaken(name)) {
            g.reserve(name);
        }
        if (v.inKerasLayout()) {
            g.nodeTo("Identity", name, List.of(v.name()));
        } else {
            g.nodeTo("Transpose", name, List.of(v.name()), Attrs.ints("perm", OnnxValue.inverse(v.perm())));
        }
        return name;
    }

    /** Layer paths stay free for the layers' own outputs, whatever op names come before them. */
    private void reserveLayerNames(KerasModel model, String prefix) {
        for (Layer l : model.layers()) {
            g.reserve(prefix + l.name());
            if (l.spec() instanceof NestedModelSpec nested) {
                reserveLayerNames(nested.inner(), prefix + l.name() + "/");
            }
        }
    }

    private List<OnnxValue> walk(KerasModel model, List<OnnxValue> inputs, String prefix, Layer owner,
                                 String weightPrefix, boolean record) {
        if (record) {
            for (int k = 0; k < model.inputs().size(); k++) {
                layerOutputs.putIfAbsent(prefix + model.inputs().get(k).layer(), inputs.get(k));
            }
        }
        return CallOrder.walk(model, inputs, prefix, problems,
                (l, callIndex, node, in) -> call(l, callIndex, node, in, prefix, owner, weightPrefix, record));
    }

    private List<OnnxValue> call(Layer l, int callIndex, Node node, List<OnnxValue> in, String prefix, Layer owner,
                                 String weightPrefix, boolean record) {
        String path = prefix + l.name();
        Layer effectiveOwner = owner == null ? l : owner;
        String ownWeightPrefix = owner == null ? "" : weightPrefix + l.name() + "/";
        boolean first = callIndex == 0 && record;
        try {
            if (l.spec() instanceof NestedModelSpec nested) {
                List<OnnxValue> out = walk(nested.inner(), in, path + "/", effectiveOwner, ownWeightPrefix, first);
                if (out.contains(null)) {
                    return null;
                }
                if (first) {
                    layerOutputs.put(path, out.get(0));
                }
                return out;
            }
            int since = g.nodes().size();
            String scope = callIndex == 0 ? path : path + ".call" + callIndex;
            LayerCall c = new LayerCall(g, l, node, scope, effectiveOwner, ownWeightPrefix, weightCache, layoutCache, kerasMajor);
            List<OnnxValue> out = new ArrayList<>(OnnxLayers.export(c, in));
            if (first) {
                OnnxValue v = out.get(0);
                String named = v.inKerasLayout() ? path : g.unique(path + "/nchw");
                if (g.rename(since, v.name(), named)) {
                    v = v.withName(named);
                    out.set(0, v);
                }
                layerOutputs.put(path, v);
            }
            return out;
        } catch (ExportFailure | IllegalArgumentException | IllegalStateException e) {
            problems.add(new ImportProblem(path, e.getMessage()));
            return null;
        }
    }

    private static ValueInfoProto valueInfo(String name, Shape shape) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (int k = 0; k < shape.rank(); k++) {
            TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
            if (shape.isKnown(k)) {
                d.setDimValue(shape.dim(k));
            } else {
                d.setDimParam(k == 0 ? "batch" : "d" + k);
            }
            s.addDim(d);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }
}
