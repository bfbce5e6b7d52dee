package io.kerasj.runtime.savedmodel;

import io.kerasj.export.ExportException;
import io.kerasj.io.AtomicFiles;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Shape;
import io.kerasj.ir.Weight;
import io.kerasj.runtime.graph.CompiledModel;
import io.kerasj.runtime.graph.WeightVariables;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.OpList;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.proto.VariableDef;
import org.tensorflow.types.TFloat32;

/**
 * Writes a model as a TensorFlow SavedModel directory that TensorFlow's loader runs as-is (TF
 * Java's {@link SavedModelPredictor} goes through the same C++ loader TensorFlow Serving uses) and
 * that {@link SavedModelConverter} converts back to the same model:
 * <ul>
 *   <li>{@code saved_model.pb}: the model's TensorFlow graph (as {@link CompiledModel} lowers it,
 *       weights as variables) with tag {@code serve} and a {@code serving_default} signature whose
 *       inputs and outputs are keyed by the Keras input and output layer names (float32, batch -1);</li>
 *   <li>{@code variables/variables.index} + {@code .data-00000-of-00001}: a TF2 object-based
 *       checkpoint under tf.keras' keys ({@code layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE})
 *       with its object graph, restored by the graph's own restore op when TensorFlow loads the model;</li>
 *   <li>{@code keras_metadata.pb}: the Keras model config, as tf.keras 2.x writes it.</li>
 * </ul>
 * The graph is session-style (TF1 signatures, no traced {@code tf.function}s), which is what TF
 * Java can produce; Keras' own {@code load_model} needs traced functions (see the package notes for
 * the Python paths that fit this layout).
 */
public final class SavedModelExporter {
    /** Recorded as the meta graph's {@code meta_graph_version}: how a previous export is recognised. */
    public static final String PRODUCER = "kerasj";
    private static final String OUTPUT_KIND = "SavedModel";
    private static final long MAX_GRAPH_BYTES = 256L << 20;
    private static final Pattern DATA_SHARD = Pattern.compile("variables\\.data-\\d{5}-of-\\d{5}");
    private static final Pattern OP_NAME_CHAR = Pattern.compile("[^A-Za-z0-9_.\\-]");

    private SavedModelExporter() {
    }

    /**
     * Exports {@code model} (which must carry its weights and Keras config) to {@code dir}. The
     * directory may be absent, empty, or a previous kerasj export (replaced whole); anything else
     * is refused. Files are written into a hidden sibling directory and renamed into place.
     *
     * @throws ExportException when the model lacks weights or config, or {@code dir} is not usable
     * @throws io.kerasj.ir.KerasImportException when a layer cannot be lowered to TensorFlow
     */
    public static SavedModelExport export(KerasModel model, Path dir) {
        long start = System.nanoTime();
        requireValues(model);
        String kerasVersion = kerasVersion(model);
        CheckpointLayout layout = CheckpointLayout.of(model);
        byte[] metadata = KerasMetadataWriter.write(model, layout, kerasVersion);
        AtomicFiles.validateDirectory(dir, OUTPUT_KIND, SavedModelExporter::isKerasjExport);
        try (CompiledModel compiled = CompiledModel.compile(model);
             AtomicFiles.Output out = AtomicFiles.directory(dir, OUTPUT_KIND, SavedModelExporter::isKerasjExport)) {
            Ops tf = compiled.ops();
            Map<String, WeightVariables.Entry> byWeight = new HashMap<>();
            for (WeightVariables.Entry e : compiled.weights().entries()) {
                byWeight.put(e.layer() + '\u0000' + e.weight(), e);
            }
            List<Variable<TFloat32>> variables = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            List<String> unused = new ArrayList<>();
            CollectionDef.BytesList.Builder all = CollectionDef.BytesList.newBuilder();
            CollectionDef.BytesList.Builder trainable = CollectionDef.BytesList.newBuilder();
            Ops reads = tf.withSubScope("variable_reads");
            for (CheckpointLayout.Entry e : layout.entries()) {
                WeightVariables.Entry v = byWeight.get(e.layer() + '\u0000' + e.weight());
                if (v == null) {
                    unused.add(e.layer() + "/" + e.weight());
                    continue;
                }
                variables.add(v.variable());
                keys.add(e.key());
                Operand<TFloat32> read = reads.withName("read_" + variables.size()).identity(v.variable());
                VariableDef def = VariableDef.newBuilder()
                        .setVariableName(v.variable().op().name() + ":0")
                        .setInitialValueName(v.initialValue().op().name() + ":0")
                        .setInitializerName(v.assign().op().name())
                        .setSnapshotName(read.op().name() + ":0")
                        .setTrainable(e.trainable())
                        .build();
                all.addValue(def.toByteString());
                if (e.trainable()) {
                    trainable.addValue(def.toByteString());
                }
            }
            if (!unused.isEmpty()) {
                throw new ExportException("model " + model.name() + ": weights " + unused + " are not used by any call "
                        + "on the way from the inputs to the outputs, so the SavedModel graph would not hold them");
            }
            CheckpointSaver saver = CheckpointSaver.build(tf, variables, keys, layout.objectGraph());
            List<String> inputKeys = new ArrayList<>();
            List<String> outputKeys = new ArrayList<>();
            SignatureDef signature = signature(model, compiled, tf, inputKeys, outputKeys);

            Path variablesDir = out.temp().resolve(SavedModels.VARIABLES);
            Files.createDirectory(variablesDir);
            try (Session session = new Session(compiled.graph())) {
                compiled.initialize(session);
                compiled.weights().releaseValues();
                saver.save(session, out.temp().resolve(SavedModels.VARIABLES_PREFIX).toString());
            } catch (org.tensorflow.exceptions.TensorFlowException e) {
                // e.g. a full disk while TensorFlow writes the checkpoint; the temporary directory goes away
                throw new ExportException("TensorFlow could not write the variables of " + dir + ": " + e.getMessage(), e);
            }
            GraphDef graph = compiled.graph().toGraphDef();
            MetaGraphDef meta = MetaGraphDef.newBuilder()
                    .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder()
                            .setMetaGraphVersion(PRODUCER)
                            .addTags(SavedModels.SERVE_TAG)
                            .setTensorflowVersion(TensorFlow.version())
                            .setStrippedOpList(opsUsed(graph)))
                    .setGraphDef(graph)
                    .setSaverDef(saver.saverDef())
                    .putCollectionDef("variables", CollectionDef.newBuilder().setBytesList(all).build())
                    .putCollectionDef("trainable_variables", CollectionDef.newBuilder().setBytesList(trainable).build())
                    .putSignatureDef(SavedModels.DEFAULT_SIGNATURE, signature)
                    .build();
            try (OutputStream os = Files.newOutputStream(out.temp().resolve(SavedModels.SAVED_MODEL_PB))) {
                SavedModel.newBuilder().setSavedModelSchemaVersion(1).addMetaGraphs(meta).build().writeTo(os);
            }
            Files.write(out.temp().resolve(SavedModels.KERAS_METADATA), metadata);
            long bytes = directorySize(out.temp());
            out.commit();
            return new SavedModelExport(out.target(), inputKeys, outputKeys, variables.size(), bytes,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write SavedModel " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * True for a directory that kerasj wrote: only the SavedModel files it writes (no links, no
     * other files), and a meta graph marked with {@link #PRODUCER}.
     */
    public static boolean isKerasjExport(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Set<String> seen = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                seen.add(name);
                boolean ok = switch (name) {
                    case SavedModels.SAVED_MODEL_PB, SavedModels.KERAS_METADATA -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
                    case SavedModels.VARIABLES -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && onlyCheckpointFiles(p);
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
            if (!seen.contains(SavedModels.SAVED_MODEL_PB)) {
                return false;
            }
            Path pb = dir.resolve(SavedModels.SAVED_MODEL_PB);
            if (Files.size(pb) > MAX_GRAPH_BYTES) {
                return false;
            }
            SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(pb));
            return sm.getMetaGraphsCount() == 1 && PRODUCER.equals(sm.getMetaGraphs(0).getMetaInfoDef().getMetaGraphVersion());
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onlyCheckpointFiles(Path variables) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(variables)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                boolean known = name.equals("variables.index") || DATA_SHARD.matcher(name).matches();
                if (!known || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** serving_default: placeholders by input layer name, output identities by output layer name. */
    private static SignatureDef signature(KerasModel model, CompiledModel compiled, Ops tf, List<String> inputKeys,
                                          List<String> outputKeys) {
        SignatureDef.Builder sig = SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict");
        Set<String> used = new HashSet<>();
        for (int i = 0; i < model.inputs().size(); i++) {
            String key = unique(model.inputs().get(i).layer(), used);
            inputKeys.add(key);
            sig.putInputs(key, info(compiled.inputs().get(i).op().name() + ":0", model.inputShapes().get(i)));
        }
        Ops outs = tf.withSubScope("outputs");
        Set<String> opNames = new HashSet<>();
        used.clear();
        for (int i = 0; i < model.outputs().size(); i++) {
            String key = unique(model.outputs().get(i).layer(), used);
            outputKeys.add(key);
            String opName = unique(OP_NAME_CHAR.matcher(key).replaceAll("_").replaceFirst("^[_\\-]", "L"), opNames);
            Operand<TFloat32> y = outs.withName(opName).identity(compiled.outputs().get(i));
            sig.putOutputs(key, info(y.op().name() + ":0", model.outputShapes().get(i)));
        }
        return sig.build();
    }

    private static TensorInfo info(String tensor, Shape shape) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (int d = 0; d < shape.rank(); d++) {
            s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d == 0 ? -1 : shape.dim(d)));
        }
        return TensorInfo.newBuilder().setName(tensor).setDtype(DataType.DT_FLOAT).setTensorShape(s).build();
    }

    /** Keras names a second output of one layer {@code name_1}, and so on. */
    private static String unique(String name, Set<String> used) {
        String n = name;
        for (int i = 1; !used.add(n); i++) {
            n = name + "_" + i;
        }
        return n;
    }

    /** The definitions of the ops the graph uses, so loaders can tell missing kernels before running. */
    private static OpList opsUsed(GraphDef graph) {
        Set<String> types = new HashSet<>();
        for (NodeDef n : graph.getNodeList()) {
            types.add(n.getOp());
        }
        Map<String, OpDef> defs = new LinkedHashMap<>();
        for (OpDef d : TensorFlow.registeredOpList().getOpList()) {
            if (types.contains(d.getName())) {
                defs.put(d.getName(), d);
            }
        }
        return OpList.newBuilder().addAllOp(defs.values()).build();
    }

    /** The Keras version the metadata declares: the model's own (its config follows it), else 2.4.0 like the h5 writer. */
    private static String kerasVersion(KerasModel model) {
        String v = model.source() == null ? null : model.source().kerasVersion();
        return v == null || v.isBlank() ? io.kerasj.export.LegacyH5Writer.DEFAULT_KERAS_VERSION : v;
    }

    private static void requireValues(KerasModel model) {
        List<String> missing = new ArrayList<>();
        for (Layer l : model.layers()) {
            for (Weight w : l.weights()) {
                if (!w.hasValue()) {
                    missing.add(l.name() + "/" + w.name());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new ExportException("model " + model.name() + " has no values for " + missing.size() + " weight(s): "
                    + String.join(", ", missing.subList(0, Math.min(10, missing.size())))
                    + (missing.size() > 10 ? ", ..." : "") + "; load it with its weights before exporting");
        }
    }

    private static long directorySize(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            long total = 0;
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    total += Files.size(p);
                }
            }
            return total;
        }
    }
}
