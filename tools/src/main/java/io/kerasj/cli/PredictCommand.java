package io.kerasj.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.data.ImageSamples;
import io.kerasj.runtime.parity.Npy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kerasj predict}: run a model on a .npy batch or on image files. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Run a model on a .npy input batch (NHWC, batch first) or on image files and print or save the outputs.")
public final class PredictCommand implements Callable<Integer> {
    @Mixin
    RuntimeOptions runtime;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--input", paramLabel = "X.npy", description = "Input batch (.npy, float32/float64, C order)")
        Path input;

        @Option(names = "--image", paramLabel = "FILE", arity = "1..*",
                description = "Image files, resized to the model input and batched")
        List<Path> images;
    }

    @Option(names = {"--out", "--output"}, paramLabel = "Y.npy",
            description = "Write the (first) output here as float32 .npy (then only a line per output is printed)")
    Path output;

    @Option(names = "--scale", defaultValue = "0.00392156862745098",
            description = "Pixel multiplier for --image (default 1/255)")
    double scale;

    @Option(names = "--size", paramLabel = "HxW",
            description = "Image size for --image when the model's input height/width are None (e.g. 224x224)")
    String size;

    @Option(names = "--top", defaultValue = "5", description = "Classes to print per sample (default ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--json", description = "Print JSON (outputs with shapes, values and top classes)")
    boolean json;

    @Option(names = "--trust-model-code", description = "DANGEROUS: let TensorFlow run a SavedModel kerasj cannot "
            + "convert even when its graph reads or writes files or calls Python (only for files you trust)")
    boolean trustModelCode;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Predictor p = SavedModelFallback.predictor(runtime, trustModelCode, spec.commandLine().getErr())) {
            FloatTensor x = source.input != null ? batchOf(Npy.read(source.input), p.inputShapes().get(0))
                    : ImageSamples.forInput(withImageSize(p.inputShapes().get(0)), scale).batch(source.images);
            if (p.inputShapes().size() != 1) {
                throw new IllegalArgumentException("predict feeds one input; this model has " + p.inputShapes().size());
            }
            List<FloatTensor> outputs = p.predict(List.of(x));
            if (output != null) {
                Npy.write(output, outputs.get(0));
            }
            List<String> labels = labels(x.shape().dim(0));
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(toJson(p.outputNames(), outputs, labels)));
            } else {
                for (int o = 0; o < outputs.size(); o++) {
                    FloatTensor y = outputs.get(o);
                    out.println("output " + p.outputNames().get(o) + " " + y.shape());
                    // with --out the values are in the file; the terminal gets the shapes only
                    if (y.shape().rank() == 2 && output == null) {
                        for (int s = 0; s < y.shape().dim(0); s++) {
                            StringBuilder line = new StringBuilder("  ").append(labels.get(s)).append(':');
                            for (int cls : topClasses(y, s, top)) {
                                line.append(String.format(Locale.ROOT, " %d (%.4f)", cls, y.get(s * y.shape().dim(1) + cls)));
                            }
                            out.println(line);
                        }
                    }
                }
                if (output != null) {
                    out.println("wrote " + output);
                }
            }
        }
        out.flush();
        return 0;
    }

    /** The model input with --size filled into free (None) height and width. */
    private Shape withImageSize(Shape in) {
        if (size == null) {
            return in;
        }
        String[] hw = size.toLowerCase(Locale.ROOT).split("x");
        if (hw.length != 2 || !hw[0].matches("[1-9][0-9]{0,4}") || !hw[1].matches("[1-9][0-9]{0,4}")) {
            throw new IllegalArgumentException("--size " + size + ": give HEIGHTxWIDTH, e.g. 224x224");
        }
        if (in.rank() != 4) {
            throw new IllegalArgumentException("--size needs a model with an image input (rank 4), this one takes " + in);
        }
        int[] d = in.dims();
        // channels last unless only the second axis looks like channels
        boolean channelsFirst = !(d[3] == 1 || d[3] == 3) && (d[1] == 1 || d[1] == 3);
        int hAxis = channelsFirst ? 2 : 1;
        int[] want = {Integer.parseInt(hw[0]), Integer.parseInt(hw[1])};
        for (int k = 0; k < 2; k++) {
            if (d[hAxis + k] > 0 && d[hAxis + k] != want[k]) {
                throw new IllegalArgumentException("--size " + size + " conflicts with the model input " + in
                        + ", whose size is fixed");
            }
            d[hAxis + k] = want[k];
        }
        return Shape.of(d);
    }

    private List<String> labels(int n) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(source.images != null ? source.images.get(i).getFileName().toString() : "sample " + i);
        }
        return l;
    }

    /** Adds a batch dimension of 1 to a single sample; otherwise the array is the batch. */
    static FloatTensor batchOf(FloatTensor t, Shape modelInput) {
        if (t.shape().rank() == modelInput.rank() - 1) {
            int[] dims = new int[modelInput.rank()];
            dims[0] = 1;
            System.arraycopy(t.shape().dims(), 0, dims, 1, t.shape().rank());
            return t.reshape(Shape.of(dims));
        }
        return t;
    }

    /** Indices of the {@code k} largest values of row {@code s}, largest first. */
    static int[] topClasses(FloatTensor y, int s, int k) {
        int n = y.shape().dim(1);
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> -y.get(s * n + i)).thenComparingInt(i -> i));
        int[] out = new int[Math.min(k, n)];
        for (int i = 0; i < out.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    private ObjectNode toJson(List<String> names, List<FloatTensor> outputs, List<String> labels) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        ArrayNode arr = root.putArray("outputs");
        for (int o = 0; o < outputs.size(); o++) {
            FloatTensor y = outputs.get(o);
            ObjectNode e = arr.addObject();
            e.put("name", names.get(o));
            ArrayNode shape = e.putArray("shape");
            for (int d : y.shape().dims()) {
                shape.add(d);
            }
            ArrayNode values = e.putArray("values");
            for (int i = 0; i < y.size(); i++) {
                values.add(y.get(i));
            }
            if (y.shape().rank() == 2) {
                ArrayNode topArr = e.putArray("top");
                for (int s = 0; s < y.shape().dim(0); s++) {
                    ObjectNode sample = topArr.addObject();
                    sample.put("sample", labels.get(s));
                    ArrayNode classes = sample.putArray("classes");
                    for (int cls : topClasses(y, s, top)) {
                        classes.addObject().put("class", cls).put("score", y.get(s * y.shape().dim(1) + cls));
                    }
                }
            }
        }
        return root;
    }
}
