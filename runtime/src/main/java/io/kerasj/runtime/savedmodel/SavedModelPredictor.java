package io.kerasj.runtime.savedmodel;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.Predictor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

/**
 * Runs a SavedModel as it is, through TensorFlow's loader and the {@code serving_default}
 * signature (or another named one). Before TensorFlow sees the file, {@link SavedModelGate} refuses
 * any graph that could do more than compute (read or write files, call Python, run input
 * pipelines); {@link #loadTrustingModelCode} skips that check for files the user trusts. Signature
 * inputs and outputs are listed by their signature keys in sorted order. Thread-safe: TensorFlow
 * sessions accept concurrent runs; closing waits for runs in flight.
 */
public final class SavedModelPredictor implements Predictor {
    private final Path dir;
    private final SavedModelBundle bundle;
    private final List<String> inputNames;
    private final List<String> inputTensors;
    private final List<Shape> inputShapes;
    private final List<String> outputNames;
    private final List<String> outputTensors;
    private final List<Shape> outputShapes;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private SavedModelPredictor(Path dir, SavedModelBundle bundle, SignatureDef sig) {
        this.dir = dir;
        this.bundle = bundle;
        this.inputNames = new ArrayList<>();
        this.inputTensors = new ArrayList<>();
        this.inputShapes = new ArrayList<>();
        this.outputNames = new ArrayList<>();
        this.outputTensors = new ArrayList<>();
        this.outputShapes = new ArrayList<>();
        collect(sig.getInputsMap(), inputNames, inputTensors, inputShapes, "input");
        collect(sig.getOutputsMap(), outputNames, outputTensors, outputShapes, "output");
    }

    /** Loads {@code dir} with the {@code serve} tag and its {@code serving_default} signature. */
    public static SavedModelPredictor load(Path dir) {
        return load(dir, SavedModels.DEFAULT_SIGNATURE);
    }

    /**
     * Loads {@code dir} with the {@code serve} tag and the named signature, after checking that its
     * graph only computes.
     *
     * @throws KerasImportException naming every refused op and node, before TensorFlow loads anything
     */
    public static SavedModelPredictor load(Path dir, String signature) {
        if (!SavedModels.isSavedModelDir(dir)) {
            throw new KerasImportException(dir, null, "not a SavedModel directory (no saved_model.pb)");
        }
        SavedModelGate.check(dir);
        return loadUnchecked(dir, signature);
    }

    /**
     * Loads {@code dir} WITHOUT checking its graph: TensorFlow runs whatever the file says,
     * including reading and writing files. Only for SavedModels whose origin the user trusts.
     */
    public static SavedModelPredictor loadTrustingModelCode(Path dir, String signature) {
        if (!SavedModels.isSavedModelDir(dir)) {
            throw new KerasImportException(dir, null, "not a SavedModel directory (no saved_model.pb)");
        }
        return loadUnchecked(dir, signature);
    }

    private static SavedModelPredictor loadUnchecked(Path dir, String signature) {
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.load(dir.toAbsolutePath().toString(), SavedModels.SERVE_TAG);
        } catch (RuntimeException e) {
            throw new KerasImportException(dir, "TensorFlow cannot load this SavedModel with tag 'serve': "
                    + e.getMessage(), e);
        }
        try {
            Map<String, SignatureDef> sigs = bundle.metaGraphDef().getSignatureDefMap();
            SignatureDef sig = sigs.get(signature);
            if (sig == null) {
                throw new KerasImportException(dir, null, "the SavedModel has no '" + signature + "' signature; it has "
                        + new TreeMap<>(sigs).keySet());
            }
            return new SavedModelPredictor(dir, bundle, sig);
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    private void collect(Map<String, TensorInfo> infos, List<String> names, List<String> tensors, List<Shape> shapes,
                         String what) {
        for (Map.Entry<String, TensorInfo> e : new TreeMap<>(infos).entrySet()) {
            TensorInfo info = e.getValue();
            // a TF1 variable output is a float reference; fetching it yields its float value
            if (info.getDtype() != DataType.DT_FLOAT && info.getDtype() != DataType.DT_FLOAT_REF) {
                throw new KerasImportException(dir, null, "signature " + what + " '" + e.getKey() + "' is "
                        + info.getDtype() + "; kerasj feeds and reads float32 tensors only");
            }
            if (info.getName().isEmpty()) {
                throw new KerasImportException(dir, null, "signature " + what + " '" + e.getKey()
                        + "' is not a plain tensor (composite or sparse tensors are not supported)");
            }
            names.add(e.getKey());
            tensors.add(info.getName());
            shapes.add(shape(info.getTensorShape()));
        }
    }

    /** The signature's shape; an unknown rank is reported as a rank-0 shape. */
    private static Shape shape(TensorShapeProto p) {
        if (p.getUnknownRank()) {
            return Shape.of();
        }
        int[] dims = new int[p.getDimCount()];
        for (int i = 0; i < dims.length; i++) {
            long d = p.getDim(i).getSize();
            dims[i] = d < 0 || d > Integer.MAX_VALUE ? Shape.UNKNOWN : (int) d;
        }
        return Shape.of(dims);
    }

    @Override
    public List<String> inputNames() {
        return List.copyOf(inputNames);
    }

    @Override
    public List<Shape> inputShapes() {
        return List.copyOf(inputShapes);
    }

    @Override
    public List<String> outputNames() {
        return List.copyOf(outputNames);
    }

    @Override
    public List<Shape> outputShapes() {
        return List.copyOf(outputShapes);
    }

    @Override
    public List<FloatTensor> predict(List<FloatTensor> inputs) {
        if (inputs.size() != inputTensors.size()) {
            throw new IllegalArgumentException("the SavedModel takes " + inputTensors.size() + " inputs " + inputNames
                    + ", got " + inputs.size());
        }
        for (int i = 0; i < inputs.size(); i++) {
            checkShape(inputs.get(i).shape(), inputShapes.get(i), inputNames.get(i));
        }
        lock.readLock().lock();
        List<TFloat32> fed = new ArrayList<>();
        try {
            if (closed) {
                throw new IllegalStateException("the predictor for " + dir + " is closed");
            }
            Session.Runner runner = bundle.session().runner();
            for (int i = 0; i < inputs.size(); i++) {
                FloatTensor in = inputs.get(i);
                long[] dims = java.util.Arrays.stream(in.shape().dims()).asLongStream().toArray();
                TFloat32 t = TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(dims),
                        DataBuffers.of(in.toArray(), true, false));
                fed.add(t);
                runner.feed(inputTensors.get(i), t);
            }
            outputTensors.forEach(runner::fetch);
            List<FloatTensor> out = new ArrayList<>();
            try (Result r = runner.run()) {
                for (int i = 0; i < outputTensors.size(); i++) {
                    Tensor t = r.get(i);
                    long[] dims = t.shape().asArray();
                    int[] shape = new int[dims.length];
                    for (int d = 0; d < dims.length; d++) {
                        shape[d] = Math.toIntExact(dims[d]);
                    }
                    Shape s = Shape.of(shape);
                    float[] values = new float[Math.toIntExact(s.size())];
                    ((TFloat32) t).copyTo(DataBuffers.of(values, false, false));
                    out.add(FloatTensor.wrap(s, values));
                }
            }
            return out;
        } finally {
            fed.forEach(Tensor::close);
            lock.readLock().unlock();
        }
    }

    private static void checkShape(Shape given, Shape declared, String name) {
        if (declared.rank() == 0) {
            return;
        }
        boolean ok = given.rank() == declared.rank();
        for (int d = 0; ok && d < given.rank(); d++) {
            ok = declared.dim(d) == Shape.UNKNOWN || declared.dim(d) == given.dim(d);
        }
        if (!ok) {
            throw new IllegalArgumentException("input '" + name + "' should have shape " + declared + ", got " + given);
        }
    }

    /** A SavedModel run as-is exposes only its signature's outputs, not intermediate layers. */
    @Override
    public Map<String, FloatTensor> predictLayers(List<FloatTensor> inputs, Collection<String> layerNames) {
        throw new IllegalArgumentException("a SavedModel run as-is exposes only its '" + SavedModels.DEFAULT_SIGNATURE
                + "' outputs " + outputNames + ", not layers " + layerNames + "; convert it to the IR "
                + "(SavedModelConverter) and compile that to see layer outputs");
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                bundle.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
