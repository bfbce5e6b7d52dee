package io.kerasj.hostile.fuzz;

import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.KerasImportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Legacy Keras .h5 full-model files (Keras 1, Keras 2, tf.keras) read by {@code KerasModels.load}. */
final class H5Format implements FuzzFormat {
    private static final String DL4J = "deeplearning4j__dl4j-test-resources/src/main/resources/";
    /** Small real Keras files of the fixtures corpus; cnn_tf_model.h5 is the 21 kB file of issue 12. */
    static final List<String> SEEDS = List.of(
            DL4J + "keras/simple/cnn_tf_model.h5",
            DL4J + "modelimport/keras/fullconfigs/cnn/cnn_batch_norm.h5",
            DL4J + "modelimport/keras/weights/dense_tensorflow_2.h5",
            DL4J + "modelimport/keras/weights/conv2d_theano_1.h5",
            "KonduitAI__dl4j-test-resources/src/main/resources/modelimport/keras/examples/activations/LeakyReLU_0_model.h5");

    private final List<byte[]> seeds = new ArrayList<>();

    H5Format() throws IOException {
        for (String s : SEEDS) {
            seeds.add(Files.readAllBytes(Fixtures.corpus(s)));
        }
    }

    @Override
    public String name() {
        return "h5";
    }

    @Override
    public int ciIterations() {
        return 2000;
    }

    @Override
    public FuzzCase mutant(Mutator m, Path work) throws IOException {
        int seed = m.random().nextInt(seeds.size());
        return replay(m.mutate(seeds.get(seed)), work);
    }

    @Override
    public FuzzCase replay(byte[] saved, Path work) throws IOException {
        return FuzzCase.modelFile(saved, work, "model.h5");
    }

    @Override
    public boolean documented(Throwable t) {
        return t instanceof KerasImportException;
    }

}
