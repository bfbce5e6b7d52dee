package io.kerasj.hostile.fuzz;

import io.kerasj.KerasModels;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.KerasImportException;
import io.kerasj.runtime.savedmodel.SavedModelGate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SavedModel directories: {@code KerasModels.load} (conversion from keras_metadata.pb and the
 * variables checkpoint) and {@link SavedModelGate#check} (the decision to run one as-is). Mutants
 * change saved_model.pb (80%; only the gate reads it), keras_metadata.pb or variables.index
 * (converted too). TensorFlow's loader itself is not fuzzed here: a graph that passes the gate
 * only computes, and TF's C++ loader may abort the process on a malformed graph, which a
 * unit-test JVM cannot survive. A case is stored as a zip of the directory.
 */
final class SavedModelFormat implements FuzzFormat {
    private static final String SCISHARP = "SciSharp__TensorFlow.NET/test/TensorFlowNET.Keras.UnitTest/Assets/"
            + "simple_model_from_auto_compile/";
    private static final String COUNTER = "deeplearning4j__dl4j-test-resources/src/main/resources/tf_saved_models/"
            + "saved_model_counter/00000123/";
    private static final List<String> KERAS_FILES = List.of("saved_model.pb", "keras_metadata.pb",
            "variables/variables.index", "variables/variables.data-00000-of-00001");
    private static final List<String> PLAIN_FILES = List.of("saved_model.pb", "variables/variables.index",
            "variables/variables.data-00000-of-00001");

    private final List<Map<String, byte[]>> seeds;

    SavedModelFormat() throws IOException {
        seeds = List.of(files(SCISHARP, KERAS_FILES), files(COUNTER, PLAIN_FILES));
    }

    private static Map<String, byte[]> files(String base, List<String> names) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, Files.readAllBytes(Fixtures.corpus(base + n)));
        }
        return m;
    }

    @Override
    public String name() {
        return "savedmodel";
    }

    @Override
    public int ciIterations() {
        return 800;
    }

    @Override
    public FuzzCase mutant(Mutator m, Path work) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>(seeds.get(m.random().nextInt(seeds.size())));
        int pick = m.random().nextInt(10);
        String target = pick < 8 || !files.containsKey("keras_metadata.pb") ? "saved_model.pb"
                : pick < 9 ? "keras_metadata.pb" : "variables/variables.index";
        byte[] mutated = m.mutate(files.get(target));
        // the conversion reads keras_metadata.pb and the checkpoint (through TensorFlow, ~0.1 s), the
        // gate reads saved_model.pb only: a mutant goes to the reader of the file it changed
        if (target.equals("saved_model.pb")) {
            return write(KerasFormat.zip(Map.of(target, mutated)), work, false);
        }
        files.put(target, mutated);
        return write(KerasFormat.zip(files), work, true);
    }

    @Override
    public FuzzCase replay(byte[] saved, Path work) throws IOException {
        return write(saved, work, true);
    }

    private static FuzzCase write(byte[] saved, Path work, boolean convert) throws IOException {
        long size = 0;
        for (Map.Entry<String, byte[]> e : KerasFormat.unzip(saved).entrySet()) {
            Path p = work.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
            size += e.getValue().length;
        }
        return new FuzzCase("SavedModel of " + size + " bytes", saved, size, () -> {
            KerasImportException first = null;
            if (convert) {
                try {
                    KerasModels.load(work);
                } catch (KerasImportException e) {
                    first = e;
                }
            }
            SavedModelGate.check(work);
            if (first != null) {
                throw first;
            }
            return null;
        });
    }

    @Override
    public boolean documented(Throwable t) {
        return t instanceof KerasImportException;
    }

    /** The graph proto is parsed whole (protobuf objects are ~10x their wire size). */
    @Override
    public long allocationLimit(long size) {
        return (32L << 20) + 64 * size;
    }
}
