package io.kerasj.runtime.parity;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.FloatingPoint;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads DeepLearning4J's Keras test references ({@code *_inputs_and_outputs.h5}): groups
 * {@code inputs/} (one dataset per model input), {@code predictions/} (what Keras' predict
 * returned, per output), {@code activations/<layer>} (each layer's output), and {@code outputs/}
 * (the training targets, which are not model results and are ignored).
 */
public final class Dl4jReference {
    private static final long MAX_FILTERED_BYTES = 1L << 30;

    private Dl4jReference() {
    }

    /**
     * @param inputNames the model's input names, to order the file's inputs (a single input is
     *     matched whatever its name)
     * @param outputNames the model's output names, likewise
     */
    public static Reference read(Path h5, List<String> inputNames, List<String> outputNames) {
        long fileSize;
        try {
            fileSize = Files.size(h5);
        } catch (IOException e) {
            throw new KerasImportException(h5, "cannot read the reference: " + e.getMessage(), e);
        }
        try (HdfFile file = io.kerasj.hdf5.Hdf5Files.open(h5)) {
            Map<String, FloatTensor> inputs = group(file, "inputs", fileSize, h5, true);
            Map<String, FloatTensor> predictions = group(file, "predictions", fileSize, h5, false);
            Map<String, FloatTensor> activations = group(file, "activations", fileSize, h5, false);
            List<FloatTensor> in = ordered(inputs, inputNames, "input", h5);
            List<LayerExpectation> outs = new ArrayList<>();
            if (!predictions.isEmpty()) {
                List<FloatTensor> p = ordered(predictions, outputNames, "prediction", h5);
                for (int i = 0; i < p.size(); i++) {
                    outs.add(LayerExpectation.full(outputNames.get(i), p.get(i)));
                }
            }
            List<LayerExpectation> layers = new ArrayList<>();
            activations.forEach((name, t) -> layers.add(LayerExpectation.full(name, t)));
            return new Reference("DL4J reference " + h5.getFileName(), in, layers, outs);
        } catch (KerasImportException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new KerasImportException(h5, "not a readable DL4J inputs_and_outputs file: " + e.getMessage(), e);
        }
    }

    private static Map<String, FloatTensor> group(HdfFile file, String name, long fileSize, Path h5, boolean required) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        Node g = io.kerasj.hdf5.Hdf5Paths.child(file, name);
        if (g == null) {
            if (required) {
                throw new KerasImportException(h5, null, "no '" + name + "' group: not a DL4J inputs_and_outputs file");
            }
            return out;
        }
        if (!(g instanceof Group group)) {
            throw new KerasImportException(h5, null, "'" + name + "' is not a group");
        }
        for (Node n : group.getChildren().values()) {
            if (n instanceof Dataset ds) {
                out.put(n.getName(), floats(ds, fileSize, h5));
            }
        }
        return out;
    }

    /** A float dataset as float32, after checking its claimed size against the file. */
    static FloatTensor floats(Dataset ds, long fileSize, Path h5) {
        if (!(ds.getDataType() instanceof FloatingPoint fp) || (fp.getSize() != 4 && fp.getSize() != 8)) {
            throw new KerasImportException(h5, null, "dataset " + ds.getPath() + " is not float32/float64");
        }
        long[] dims = ds.getDimensionsAsLong();
        long count = 1;
        int[] idims = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0 || dims[i] > Integer.MAX_VALUE) {
                throw new KerasImportException(h5, null, "dataset " + ds.getPath() + " claims a dimension of " + dims[i]);
            }
            idims[i] = (int) dims[i];
            count = Math.multiplyExact(count, dims[i]);
        }
        long bytes = Math.multiplyExact(count, fp.getSize());
        long limit = ds.getFilters().isEmpty() ? fileSize : MAX_FILTERED_BYTES;
        if (bytes > limit || count > Integer.MAX_VALUE - 8) {
            throw new KerasImportException(h5, null, "dataset " + ds.getPath() + " claims " + bytes
                    + " bytes, more than the file can hold");
        }
        Object flat = ds.getDataFlat();
        float[] out;
        if (flat instanceof float[] f) {
            out = f;
        } else if (flat instanceof double[] d) {
            out = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (float) d[i];
            }
        } else {
            throw new KerasImportException(h5, null, "dataset " + ds.getPath() + " did not read as floats");
        }
        return FloatTensor.wrap(Shape.of(idims), out);
    }

    private static List<FloatTensor> ordered(Map<String, FloatTensor> byName, List<String> names, String what, Path h5) {
        if (byName.size() == 1 && names.size() == 1) {
            return List.of(byName.values().iterator().next());
        }
        List<FloatTensor> out = new ArrayList<>();
        for (String n : names) {
            FloatTensor t = byName.get(n);
            if (t == null) {
                throw new KerasImportException(h5, null, "no " + what + " named '" + n + "' (the file has "
                        + byName.keySet() + ")");
            }
            out.add(t);
        }
        return out;
    }
}
