package io.kerasj.hostile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

/**
 * SavedModels built the way the attacks of issue 12 were: a {@code serving_default} signature
 * whose output depends on {@code WriteFile(target, ReadFile(secret))}, directly in the graph or
 * inside a library function, or checkpoint ops pointed at other files. Built with TF Java.
 */
final class HostileSavedModels {
    private HostileSavedModels() {
    }

    /** y = x, with a control dependency on WriteFile(target, ReadFile(secret)) in the top-level graph. */
    static Path copierInGraph(Path dir, Path secret, Path target) throws IOException {
        GraphDef graph;
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class,
                    Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, 2)));
            Operand<?> contents = tf.withName("steal").io.readFile(tf.constant(secret.toString()));
            @SuppressWarnings("unchecked")
            Op write = tf.withName("leak").io.writeFile(tf.constant(target.toString()),
                    (Operand<org.tensorflow.types.TString>) contents);
            tf.withControlDependencies(List.of(write)).withName("y").identity(x);
            graph = g.toGraphDef();
        }
        return write(dir, graph, null);
    }

    /** The same copy, hidden in a library function the signature calls through StatefulPartitionedCall. */
    static Path copierInFunction(Path dir, Path secret, Path target) throws IOException {
        FunctionDef f = FunctionDef.newBuilder()
                .setSignature(OpDef.newBuilder().setName("__inference_leak_1").setIsStateful(true)
                        .addInputArg(OpDef.ArgDef.newBuilder().setName("x").setType(DataType.DT_FLOAT))
                        .addOutputArg(OpDef.ArgDef.newBuilder().setName("y").setType(DataType.DT_FLOAT)))
                .addNodeDef(stringConst("secret", secret.toString()))
                .addNodeDef(stringConst("target", target.toString()))
                .addNodeDef(NodeDef.newBuilder().setName("steal").setOp("ReadFile").addInput("secret:output:0"))
                .addNodeDef(NodeDef.newBuilder().setName("leak").setOp("WriteFile").addInput("target:output:0")
                        .addInput("steal:contents:0"))
                .addNodeDef(NodeDef.newBuilder().setName("out").setOp("Identity").addInput("x").addInput("^leak")
                        .putAttr("T", type(DataType.DT_FLOAT)))
                .putRet("y", "out:output:0")
                .build();
        GraphDef graph = GraphDef.newBuilder()
                .addNode(placeholder("x"))
                .addNode(NodeDef.newBuilder().setName("y").setOp("StatefulPartitionedCall").addInput("x")
                        .putAttr("Tin", typeList(DataType.DT_FLOAT)).putAttr("Tout", typeList(DataType.DT_FLOAT))
                        .putAttr("f", AttrValue.newBuilder().setFunc(NameAttrList.newBuilder()
                                .setName("__inference_leak_1")).build()))
                .setLibrary(FunctionDefLibrary.newBuilder().addFunction(f))
                .build();
        return write(dir, graph, null);
    }

    /**
     * A TF1-style saver whose restore op reads the checkpoint at {@code otherPrefix} (a Const), not
     * the SavedModel's own variables; y = x.
     */
    static Path restoreFromElsewhere(Path dir, String otherPrefix) throws IOException {
        GraphDef graph = GraphDef.newBuilder()
                .addNode(placeholder("x"))
                .addNode(NodeDef.newBuilder().setName("y").setOp("Identity").addInput("x").putAttr("T", type(DataType.DT_FLOAT)))
                .addNode(stringConst("save/filename", "model"))
                .addNode(stringConst("save/other", otherPrefix))
                .addNode(stringConst("save/names", "v"))
                .addNode(stringConst("save/slices", ""))
                .addNode(NodeDef.newBuilder().setName("save/restore").setOp("RestoreV2").addInput("save/other")
                        .addInput("save/names").addInput("save/slices").putAttr("dtypes", typeList(DataType.DT_FLOAT)))
                .addNode(NodeDef.newBuilder().setName("save/restore_all").setOp("NoOp").addInput("^save/restore"))
                .build();
        SaverDef saver = SaverDef.newBuilder().setFilenameTensorName("save/filename:0")
                .setRestoreOpName("save/restore_all").setSaveTensorName("save/filename:0").build();
        return write(dir, graph, saver);
    }

    /**
     * A signature whose output is read by a RestoreV2 from the saver's filename tensor — a Const
     * holding {@code prefix}, fed only when the loader restores, so predicting reads {@code prefix}.
     */
    static Path restoreFromSignature(Path dir, String prefix) throws IOException {
        GraphDef graph = GraphDef.newBuilder()
                .addNode(placeholder("x"))
                .addNode(stringConst("save/filename", prefix))
                .addNode(stringConst("save/names", "v"))
                .addNode(stringConst("save/slices", ""))
                .addNode(NodeDef.newBuilder().setName("read").setOp("RestoreV2").addInput("save/filename")
                        .addInput("save/names").addInput("save/slices").putAttr("dtypes", typeList(DataType.DT_FLOAT)))
                .addNode(NodeDef.newBuilder().setName("y").setOp("Identity").addInput("x").addInput("^read")
                        .putAttr("T", type(DataType.DT_FLOAT)))
                .addNode(NodeDef.newBuilder().setName("save/restore_all").setOp("NoOp"))
                .build();
        SaverDef saver = SaverDef.newBuilder().setFilenameTensorName("save/filename:0")
                .setRestoreOpName("save/restore_all").setSaveTensorName("save/filename:0").build();
        return write(dir, graph, saver);
    }

    /** A signature whose output depends on a SaveV2 writing to {@code prefix}. */
    static Path saveFromSignature(Path dir, String prefix) throws IOException {
        GraphDef graph = GraphDef.newBuilder()
                .addNode(placeholder("x"))
                .addNode(stringConst("p", prefix))
                .addNode(stringConst("names", "x"))
                .addNode(stringConst("slices", ""))
                .addNode(NodeDef.newBuilder().setName("save").setOp("SaveV2").addInput("p").addInput("names")
                        .addInput("slices").addInput("x").putAttr("dtypes", typeList(DataType.DT_FLOAT)))
                .addNode(NodeDef.newBuilder().setName("y").setOp("Identity").addInput("x").addInput("^save")
                        .putAttr("T", type(DataType.DT_FLOAT)))
                .build();
        return write(dir, graph, null);
    }

    private static Path write(Path dir, GraphDef graph, SaverDef saver) throws IOException {
        Files.createDirectories(dir);
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dim.newBuilder().setSize(-1)).addDim(TensorShapeProto.Dim.newBuilder().setSize(2))
                .build();
        SignatureDef sig = SignatureDef.newBuilder()
                .putInputs("x", TensorInfo.newBuilder().setName("x:0").setDtype(DataType.DT_FLOAT).setTensorShape(shape).build())
                .putOutputs("y", TensorInfo.newBuilder().setName("y:0").setDtype(DataType.DT_FLOAT).setTensorShape(shape).build())
                .setMethodName("tensorflow/serving/predict")
                .build();
        MetaGraphDef.Builder meta = MetaGraphDef.newBuilder()
                .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder().addTags("serve"))
                .setGraphDef(graph)
                .putSignatureDef("serving_default", sig);
        if (saver != null) {
            meta.setSaverDef(saver);
        }
        try (OutputStream os = Files.newOutputStream(dir.resolve("saved_model.pb"))) {
            SavedModel.newBuilder().setSavedModelSchemaVersion(1).addMetaGraphs(meta).build().writeTo(os);
        }
        return dir;
    }

    private static NodeDef placeholder(String name) {
        return NodeDef.newBuilder().setName(name).setOp("Placeholder").putAttr("dtype", type(DataType.DT_FLOAT)).build();
    }

    private static NodeDef stringConst(String name, String value) {
        TensorProto t = TensorProto.newBuilder().setDtype(DataType.DT_STRING)
                .setTensorShape(TensorShapeProto.getDefaultInstance())
                .addStringVal(com.google.protobuf.ByteString.copyFrom(value, StandardCharsets.UTF_8)).build();
        return NodeDef.newBuilder().setName(name).setOp("Const").putAttr("dtype", type(DataType.DT_STRING))
                .putAttr("value", AttrValue.newBuilder().setTensor(t).build()).build();
    }

    private static AttrValue type(DataType t) {
        return AttrValue.newBuilder().setType(t).build();
    }

    private static AttrValue typeList(DataType t) {
        return AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder().addType(t)).build();
    }

}
