package io.kerasj.runtime.savedmodel;

import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The bundled SavedModel directories (extracted file by file) and a minimal .npy reader. */
final class SavedModelFixtures {
    static final String SCISHARP = "SciSharp__TensorFlow.NET/test/TensorFlowNET.Keras.UnitTest/Assets/";
    static final String COUNTER = "deeplearning4j__dl4j-test-resources/src/main/resources/tf_saved_models/saved_model_counter/00000123/";
    private static final List<String> KERAS_FILES = List.of("saved_model.pb", "keras_metadata.pb", "fingerprint.pb",
            "variables/variables.index", "variables/variables.data-00000-of-00001");
    private static final List<String> PLAIN_FILES = List.of("saved_model.pb", "variables/variables.index",
            "variables/variables.data-00000-of-00001");

    private SavedModelFixtures() {
    }

    static Path simpleModel() {
        List<String> files = new ArrayList<>(KERAS_FILES);
        files.add("kernel1.npy");
        files.add("bias0.npy");
        return dir(SCISHARP + "simple_model_from_auto_compile/", files);
    }

    static Path lstmModel() {
        return dir(SCISHARP + "lstm_from_sequential/", KERAS_FILES);
    }

    /**
     * A copy of the LSTM SavedModel whose Keras metadata names the layer class {@code LSTX} (same
     * length, so the protobuf stays valid): what a custom layer looks like to the converter, while
     * TensorFlow still runs the saved graph.
     */
    static Path withCustomRecurrentLayer(Path target) throws IOException {
        Path from = lstmModel();
        for (String f : KERAS_FILES) {
            Path t = target.resolve(f);
            Files.createDirectories(t.getParent());
            Files.copy(from.resolve(f), t);
        }
        Path meta = target.resolve("keras_metadata.pb");
        String text = new String(Files.readAllBytes(meta), StandardCharsets.ISO_8859_1);
        if (!text.contains("\"class_name\": \"LSTM\"")) {
            throw new IOException("the fixture's metadata no longer names an LSTM");
        }
        Files.write(meta, text.replace("\"class_name\": \"LSTM\"", "\"class_name\": \"LSTX\"")
                .getBytes(StandardCharsets.ISO_8859_1));
        return target;
    }

    static Path counterModel() {
        return dir(COUNTER, PLAIN_FILES);
    }

    private static Path dir(String base, List<String> files) {
        Path first = null;
        for (String f : files) {
            Path p = Fixtures.corpus(base + f);
            if (first == null) {
                first = p;
            }
        }
        return first.getParent();
    }

    /** A little-endian float32, C-order .npy array (format 1.0), as NumPy writes them. */
    static FloatTensor readNpy(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        b.get(magic);
        if (magic[0] != (byte) 0x93 || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new IOException(file + " is not a .npy file");
        }
        int major = b.get();
        b.get();
        int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
        byte[] h = new byte[headerLen];
        b.get(h);
        String header = new String(h, StandardCharsets.ISO_8859_1);
        if (!header.contains("'descr': '<f4'") || !header.contains("'fortran_order': False")) {
            throw new IOException(file + ": expected little-endian float32 in C order, header " + header);
        }
        Matcher m = Pattern.compile("'shape': \\(([^)]*)\\)").matcher(header);
        if (!m.find()) {
            throw new IOException(file + ": no shape in header " + header);
        }
        List<Integer> dims = new ArrayList<>();
        for (String d : m.group(1).split(",")) {
            if (!d.isBlank()) {
                dims.add(Integer.parseInt(d.trim()));
            }
        }
        Shape shape = Shape.of(dims);
        float[] values = new float[Math.toIntExact(shape.size())];
        b.asFloatBuffer().get(values);
        return FloatTensor.wrap(shape, values);
    }
}
