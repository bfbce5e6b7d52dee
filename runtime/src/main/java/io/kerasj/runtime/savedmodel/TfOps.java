package io.kerasj.runtime.savedmodel;

import io.kerasj.io.OpPolicy;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.NodeDef;

/**
 * TensorFlow op names for {@link SavedModelGate}: the pure computation ops a Keras or TF model
 * graph is made of (array, math, neural-network, control-flow, variable and string ops), the
 * checkpoint ops judged by where they sit, and the well-known dangerous ones with a reason.
 */
final class TfOps {
    /** Read a checkpoint; allowed only with the saver's filename as prefix. */
    static final Set<String> CHECKPOINT_READERS = Set.of("RestoreV2", "Restore", "RestoreSlice");
    /** Write a checkpoint; allowed only where neither loading nor predicting reaches. */
    static final Set<String> CHECKPOINT_WRITERS = Set.of("SaveV2", "Save", "SaveSlices", "MergeV2Checkpoints");

    private static final List<String> ARRAY = List.of("Const", "Placeholder", "PlaceholderWithDefault", "Identity",
            "IdentityN", "NoOp", "Reshape", "Shape", "ShapeN", "Size", "Rank", "ExpandDims", "Squeeze", "Transpose",
            "ConjugateTranspose", "Concat", "ConcatV2", "ConcatOffset", "Pack", "Unpack", "Split", "SplitV", "Slice",
            "StridedSlice", "StridedSliceGrad", "Gather", "GatherV2", "GatherNd", "ScatterNd", "TensorScatterUpdate",
            "TensorScatterAdd", "Tile", "Pad", "PadV2", "MirrorPad", "Fill", "ZerosLike", "OnesLike", "Range", "Where",
            "Select", "SelectV2", "Reverse", "ReverseV2", "ReverseSequence", "BroadcastTo", "BroadcastArgs",
            "BroadcastGradientArgs", "StopGradient", "PreventGradient", "Snapshot", "InvertPermutation", "OneHot",
            "Cast", "Bitcast", "CheckNumerics", "CheckNumericsV2", "EnsureShape", "SpaceToDepth", "DepthToSpace",
            "SpaceToBatchND", "BatchToSpaceND", "MatrixBandPart", "MatrixDiag", "MatrixDiagV3", "MatrixDiagPart",
            "MatrixDiagPartV3", "MatrixSetDiag", "MatrixSetDiagV3", "Diag", "DiagPart", "LinSpace", "Unique", "TopKV2",
            "ArgMax", "ArgMin", "Einsum", "GuaranteeConst", "ExtractImagePatches", "UnravelIndex", "Cumsum",
            "Cumprod", "Empty", "DeepCopy", "Assert");
    private static final List<String> MATH = List.of("Add", "AddV2", "AddN", "Sub", "Mul", "MulNoNan", "Div",
            "DivNoNan", "RealDiv", "FloorDiv", "FloorMod", "TruncateDiv", "TruncateMod", "Mod", "Maximum", "Minimum",
            "Neg", "Abs", "Sign", "Square", "Sqrt", "Rsqrt", "Exp", "Expm1", "Log", "Log1p", "Pow", "Reciprocal",
            "Inv", "Floor", "Ceil", "Round", "Rint", "Sin", "Cos", "Tan", "Tanh", "Sigmoid", "Asin", "Acos", "Atan",
            "Atan2", "Sinh", "Cosh", "Asinh", "Acosh", "Atanh", "Erf", "Erfc", "Erfinv", "Lgamma", "Digamma",
            "SquaredDifference", "Equal", "NotEqual", "Less", "LessEqual", "Greater", "GreaterEqual", "LogicalAnd",
            "LogicalOr", "LogicalNot", "IsNan", "IsInf", "IsFinite", "ClipByValue", "Sum", "Mean", "Max", "Min", "Prod",
            "All", "Any", "EuclideanNorm", "MatMul", "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3", "Cross", "Xdivy",
            "Xlogy", "Xlog1py", "BitwiseAnd", "BitwiseOr", "BitwiseXor", "Invert", "LeftShift", "RightShift",
            "SegmentSum", "UnsortedSegmentSum", "UnsortedSegmentMax", "Bucketize", "InTopKV2", "Complex", "Real",
            "Imag", "ComplexAbs");
    private static final List<String> NN = List.of("Relu", "Relu6", "Elu", "Selu", "LeakyRelu", "Softplus", "Softsign",
            "Softmax", "LogSoftmax", "BiasAdd", "BiasAddV1", "Conv2D", "Conv3D", "Conv2DBackpropInput",
            "Conv3DBackpropInputV2", "DepthwiseConv2dNative", "DepthwiseConv2dNativeBackpropInput", "MaxPool",
            "MaxPoolV2", "MaxPool3D", "MaxPoolWithArgmax", "AvgPool", "AvgPool3D", "LRN", "FusedBatchNorm",
            "FusedBatchNormV2", "FusedBatchNormV3", "L2Loss", "ResizeBilinear", "ResizeNearestNeighbor",
            "ResizeBicubic", "ResizeArea", "ScaleAndTranslate", "CropAndResize", "Dilation2D", "NonMaxSuppressionV3",
            "NonMaxSuppressionV4", "NonMaxSuppressionV5", "SoftmaxCrossEntropyWithLogits",
            "SparseSoftmaxCrossEntropyWithLogits", "CudnnRNN", "CudnnRNNV2", "CudnnRNNV3", "CudnnRNNBackprop",
            "CudnnRNNBackpropV3", "CudnnRNNCanonicalToParams", "CudnnRNNParamsToCanonical", "BlockLSTM", "BlockLSTMV2",
            "LSTMBlockCell", "GRUBlockCell", "RandomUniform", "RandomUniformInt", "RandomStandardNormal",
            "TruncatedNormal", "StatelessRandomUniform", "StatelessRandomUniformV2", "StatelessRandomNormal",
            "StatelessRandomNormalV2", "StatelessTruncatedNormal", "StatelessTruncatedNormalV2",
            "StatelessRandomGetKeyCounter", "StatelessRandomGetAlg", "StatelessRandomGetKeyCounterAlg",
            "RandomShuffle", "Multinomial");
    private static final List<String> CONTROL = List.of("Switch", "Merge", "Enter", "Exit", "NextIteration",
            "LoopCond", "RefSwitch", "RefMerge", "RefEnter", "RefExit", "RefNextIteration", "RefIdentity",
            "ControlTrigger", "If", "StatelessIf", "While", "StatelessWhile", "Case", "StatelessCase",
            "PartitionedCall", "StatefulPartitionedCall", "TensorListReserve", "TensorListFromTensor",
            "TensorListGetItem", "TensorListSetItem", "TensorListStack", "TensorListLength", "TensorListElementShape",
            "TensorListPushBack", "TensorListPopBack", "TensorListConcatV2", "TensorListSplit", "EmptyTensorList",
            "TensorArrayV3", "TensorArrayReadV3", "TensorArrayWriteV3", "TensorArrayGatherV3", "TensorArrayScatterV3",
            "TensorArraySizeV3", "TensorArrayCloseV3", "TensorArrayConcatV3", "TensorArraySplitV3",
            "OptionalFromValue", "OptionalNone", "OptionalHasValue", "OptionalGetValue");
    private static final List<String> VARIABLES = List.of("VarHandleOp", "ReadVariableOp", "AssignVariableOp",
            "AssignAddVariableOp", "AssignSubVariableOp", "VarIsInitializedOp", "VariableV2", "Variable", "Assign",
            "AssignAdd", "AssignSub", "IsVariableInitialized", "DestroyResourceOp", "DisableCopyOnRead",
            "ResourceGather", "VariableShape");
    /** String ops that only compute (checkpoint file names are built with these). */
    private static final List<String> STRINGS = List.of("StringJoin", "StaticRegexFullMatch", "StaticRegexReplace",
            "RegexFullMatch", "RegexReplace", "StringFormat", "AsString", "StringToNumber", "Substr", "StringLength",
            "StringSplitV2", "StringStrip", "StringLower", "StringUpper", "ShardedFilename", "ShardedFilespec",
            "Print", "PrintV2");

    /** What each notable refused op would do; every op not on the allow-list is refused all the same. */
    private static final Map<String, String> DANGEROUS = Map.ofEntries(
            Map.entry("ReadFile", "reads a file"),
            Map.entry("WriteFile", "writes a file"),
            Map.entry("MatchingFiles", "lists the file system"),
            Map.entry("ImmutableConst", "maps a file into memory"),
            Map.entry("PyFunc", "calls into a Python interpreter"),
            Map.entry("PyFuncStateless", "calls into a Python interpreter"),
            Map.entry("EagerPyFunc", "calls into a Python interpreter"),
            Map.entry("InitializeTableFromTextFile", "reads a file"),
            Map.entry("InitializeTableFromTextFileV2", "reads a file"),
            Map.entry("LoadAndRemapMatrix", "reads a checkpoint"),
            Map.entry("TFRecordReaderV2", "reads files"),
            Map.entry("TextLineReaderV2", "reads files"),
            Map.entry("WholeFileReaderV2", "reads files"),
            Map.entry("FixedLengthRecordReaderV2", "reads files"),
            Map.entry("ReaderReadV2", "reads files"),
            Map.entry("FIFOQueueV2", "a queue fed from outside the model"),
            Map.entry("RandomShuffleQueueV2", "a queue fed from outside the model"),
            Map.entry("QueueDequeueV2", "reads from a queue fed from outside the model"),
            Map.entry("TFRecordDataset", "reads files"),
            Map.entry("TextLineDataset", "reads files"),
            Map.entry("FixedLengthRecordDataset", "reads files"),
            Map.entry("MakeIterator", "runs an input pipeline"),
            Map.entry("IteratorGetNext", "runs an input pipeline"),
            Map.entry("DecodeProtoV2", "may load a descriptor file"),
            Map.entry("DebugIdentity", "may write debug dumps to files or the network"),
            Map.entry("DebugIdentityV2", "may write debug dumps to files"),
            Map.entry("SummaryWriter", "writes summary files"),
            Map.entry("CreateSummaryFileWriter", "writes summary files"),
            Map.entry("WriteSummary", "writes summary files"),
            Map.entry("_Send", "sends tensors to another device or process"),
            Map.entry("_Recv", "receives tensors from another device or process"));

    static final OpPolicy POLICY = new OpPolicy("TensorFlow", allowed(), DANGEROUS);

    private static final Set<String> PRINT_STREAMS = Set.of("stderr", "stdout", "log(info)", "log(warning)",
            "log(error)");

    private TfOps() {
    }

    private static Set<String> allowed() {
        Set<String> all = new HashSet<>();
        for (List<String> group : List.of(ARRAY, MATH, NN, CONTROL, VARIABLES, STRINGS)) {
            all.addAll(group);
        }
        return all;
    }

    /** A refusal for an allowed op whose attributes make it do I/O (PrintV2 can append to a file), or null. */
    static String attributeRefusal(NodeDef n) {
        if (n.getOp().equals("PrintV2")) {
            AttrValue stream = n.getAttrMap().get("output_stream");
            String s = stream == null ? "stderr" : stream.getS().toStringUtf8();
            if (!PRINT_STREAMS.contains(s)) {
                return "prints to '" + s + "' (only stderr, stdout and the log are allowed)";
            }
        }
        return null;
    }
}
