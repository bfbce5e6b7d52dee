package io.kerasj.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kerasj.ir.ImportProblem;
import io.kerasj.ir.KerasImportException;
import io.kerasj.onnx.ort.OnnxPredictor;
import io.kerasj.onnx.proto.Onnx.AttributeProto;
import io.kerasj.onnx.proto.Onnx.GraphProto;
import io.kerasj.onnx.proto.Onnx.ModelProto;
import io.kerasj.onnx.proto.Onnx.NodeProto;
import io.kerasj.onnx.proto.Onnx.OperatorSetIdProto;
import io.kerasj.onnx.proto.Onnx.TensorProto;
import io.kerasj.onnx.proto.Onnx.ValueInfoProto;
import io.kerasj.onnx.quant.Precisions;
import io.kerasj.runtime.Device;
import io.kerasj.runtime.Precision;
import io.kerasj.runtime.Predictor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * ONNX files run as-is on ONNX Runtime, as a SavedModel runs as-is on TensorFlow. A file is
 * refused before ONNX Runtime sees it when it needs more than the standard operators: an operator
 * domain other than ONNX's own (custom ops would mean native code kerasj does not ship), model-local
 * functions, or weights in external files (which would be read from paths the file names).
 */
public final class OnnxFiles {
    /** ONNX's own operator domain, by both of its names. */
    static final Set<String> STANDARD_DOMAINS = Set.of("", "ai.onnx");
    /** protobuf's limit for one message. */
    static final long MAX_BYTES = Integer.MAX_VALUE;
    /** Nested subgraphs (If/Loop bodies) deeper than this are refused rather than walked. */
    static final int MAX_GRAPH_DEPTH = 32;

    private OnnxFiles() {
    }

    /** True for a regular file named {@code *.onnx}. */
    public static boolean isOnnxFile(Path path) {
        return path.getFileName() != null && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx")
                && Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Reads and checks an ONNX file.
     *
     * @throws KerasImportException when it is not an ONNX model or needs more than standard operators (every problem at once)
     */
    public static ModelProto read(Path file) {
        ModelProto model;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new KerasImportException(file, "model", "the file is " + size + " bytes; ONNX files are at most 2 GiB");
            }
            try (InputStream in = Files.newInputStream(file)) {
                CodedInputStream coded = CodedInputStream.newInstance(in);
                coded.setSizeLimit((int) Math.max(size, 1));
                model = ModelProto.parseFrom(coded);
            }
        } catch (InvalidProtocolBufferException e) {
            throw new KerasImportException(file, "model", "not an ONNX model (protobuf: " + e.getMessage() + ")");
        } catch (IOException e) {
            throw new KerasImportException(file, "model", "cannot read the file: " + e.getMessage());
        }
        List<ImportProblem> problems = check(model);
        if (!problems.isEmpty()) {
            throw new KerasImportException(file, problems);
        }
        return model;
    }

    /** Runs {@code file} as-is on ONNX Runtime (after {@link #read}'s checks). */
    public static Predictor predictor(Path file, Device device) {
        return predictor(file, device, Precision.FP32);
    }

    /** Runs {@code file} on ONNX Runtime with its float weights rewritten for {@code precision}. */
    public static Predictor predictor(Path file, Device device, Precision precision) {
        ModelProto model = Precisions.apply(read(file), precision);
        try {
            return new OnnxPredictor(model, device);
        } catch (IllegalArgumentException e) {
            throw new KerasImportException(file, "model", e.getMessage());
        }
    }

    /** What keeps {@code model} from running as-is here; empty when nothing does. */
    static List<ImportProblem> check(ModelProto model) {
        List<ImportProblem> problems = new ArrayList<>();
        if (!model.hasGraph()) {
            problems.add(new ImportProblem("model", "the file has no graph"));
            return problems;
        }
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (!STANDARD_DOMAINS.contains(o.getDomain())) {
                problems.add(new ImportProblem("model", "imports operator domain '" + o.getDomain()
                        + "': only ONNX's standard operators run as-is (custom operators are refused)"));
            }
        }
        if (model.getFunctionsCount() > 0) {
            problems.add(new ImportProblem("model", "defines " + model.getFunctionsCount()
                    + " model-local function(s) (e.g. '" + model.getFunctions(0).getName() + "'): refused"));
        }
        checkGraph(model.getGraph(), 0, problems);
        for (ValueInfoProto v : model.getGraph().getInputList()) {
            boolean initializer = model.getGraph().getInitializerList().stream().anyMatch(t -> t.getName().equals(v.getName()));
            if (!initializer && v.getType().getTensorType().getElemType() != TensorProto.DataType.FLOAT_VALUE) {
                problems.add(new ImportProblem(v.getName(), "input is not a float32 tensor; kerasj feeds float32"));
            }
        }
        return problems;
    }

    private static void checkGraph(GraphProto g, int depth, List<ImportProblem> problems) {
        if (depth > MAX_GRAPH_DEPTH) {
            problems.add(new ImportProblem(g.getName(), "subgraphs nest deeper than " + MAX_GRAPH_DEPTH));
            return;
        }
        for (TensorProto t : g.getInitializerList()) {
            if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
                problems.add(new ImportProblem(t.getName(), "weights stored in an external file: refused"));
            }
        }
        for (NodeProto n : g.getNodeList()) {
            String name = n.getName().isEmpty() ? n.getOpType() : n.getName();
            if (!STANDARD_DOMAINS.contains(n.getDomain())) {
                problems.add(new ImportProblem(name, "operator " + n.getDomain() + "::" + n.getOpType()
                        + " is not one of ONNX's standard operators: refused"));
            }
            for (AttributeProto a : n.getAttributeList()) {
                if (a.hasG()) {
                    checkGraph(a.getG(), depth + 1, problems);
                }
                for (GraphProto sub : a.getGraphsList()) {
                    checkGraph(sub, depth + 1, problems);
                }
                if (a.hasT() && a.getT().getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                    problems.add(new ImportProblem(name, "attribute tensor stored in an external file: refused"));
                }
            }
        }
    }
}
