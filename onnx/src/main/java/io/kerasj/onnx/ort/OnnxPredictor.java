package io.kerasj.onnx.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Shape;
import io.kerasj.onnx.proto.Onnx.GraphProto;
import io.kerasj.onnx.proto.Onnx.ModelProto;
import io.kerasj.onnx.proto.Onnx.TensorProto;
import io.kerasj.onnx.proto.Onnx.TensorShapeProto;
import io.kerasj.onnx.proto.Onnx.ValueInfoProto;
import io.kerasj.runtime.Device;
import io.kerasj.runtime.DeviceUnavailableException;
import io.kerasj.runtime.InputCheck;
import io.kerasj.runtime.Predictor;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link Predictor} on ONNX Runtime. Predictions run a session on the model's own outputs;
 * the first per-layer request builds a second session whose graph also outputs every layer, so
 * plain predictions never pay for them. ONNX Runtime sessions are thread-safe; a read/write
 * lock keeps {@link #close()} from freeing a session under a run.
 */
public final class OnnxPredictor implements Predictor {
    /**
     * Session config entries every predictor sets. Idle intra-op workers block instead of spinning:
     * a spinning pool keeps the cores busy after a run and slows whatever the process runs next
     * (another engine, the caller's own work). seed000 at batch 1 on 2 cores, alternating runs: with
     * spinning TensorFlow took 1.12–1.22× the hand-built graph's time, without it 1.01–1.03× (as with
     * no ONNX Runtime in the process); ONNX Runtime's own time moved within the noise (batch 1 +3%,
     * batch 32 faster without spinning, on a loaded machine).
     */
    public static final Map<String, String> SESSION_CONFIG = Map.of("session.intra_op.allow_spinning", "0");

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final ModelProto model;
    private final Device device;
    private final OrtSession session;
    private final List<String> inputNames = new ArrayList<>();
    private final List<Shape> inputShapes = new ArrayList<>();
    private final List<String> outputNames = new ArrayList<>();
    private final List<Shape> outputShapes = new ArrayList<>();
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private OrtSession layerSession;
    private Map<String, String> layerOutputs;
    private boolean closed;

    /**
     * Opens a session on {@code model}.
     *
     * @throws DeviceUnavailableException when {@code device} is GPU and ONNX Runtime's CUDA build or a device is missing
     * @throws IllegalArgumentException when ONNX Runtime refuses the model
     */
    public OnnxPredictor(ModelProto model, Device device) {
        this.model = model;
        this.device = device;
        GraphProto g = model.getGraph();
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            initializers.add(t.getName());
        }
        for (ValueInfoProto v : g.getInputList()) {
            // files before IR version 4 list their initializers among the inputs
            if (!initializers.contains(v.getName())) {
                inputNames.add(v.getName());
                inputShapes.add(shapeOf(v));
            }
        }
        for (ValueInfoProto v : g.getOutputList()) {
            outputNames.add(v.getName());
            outputShapes.add(shapeOf(v));
        }
        this.session = open(model);
    }

    private OrtSession open(ModelProto m) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // warnings (e.g. about initializers a rewrite left unused) are not the user's business
            options.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            for (Map.Entry<String, String> e : SESSION_CONFIG.entrySet()) {
                options.addConfigEntry(e.getKey(), e.getValue());
            }
            if (device == Device.GPU) {
                try {
                    options.addCUDA(0);
                } catch (OrtException | UnsatisfiedLinkError e) {
                    throw new DeviceUnavailableException("ONNX Runtime cannot use a CUDA GPU here (it needs the"
                            + " onnxruntime_gpu build from -Pgpu, an NVIDIA driver and CUDA): " + e.getMessage());
                }
            }
            return env.createSession(m.toByteArray(), options);
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime refused the model: " + e.getMessage(), e);
        }
    }

    private static Shape shapeOf(ValueInfoProto v) {
        if (!v.getType().hasTensorType() || !v.getType().getTensorType().hasShape()) {
            return Shape.of();
        }
        TensorShapeProto s = v.getType().getTensorType().getShape();
        int[] dims = new int[s.getDimCount()];
        for (int k = 0; k < dims.length; k++) {
            TensorShapeProto.Dimension d = s.getDim(k);
            dims[k] = d.hasDimValue() && d.getDimValue() > 0 && d.getDimValue() <= Integer.MAX_VALUE
                    ? (int) d.getDimValue() : Shape.UNKNOWN;
        }
        return Shape.of(dims);
    }

    /** The device the session runs on. */
    public Device device() {
        return device;
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
        lifecycle.readLock().lock();
        try {
            checkOpen();
            Map<String, FloatTensor> out = run(session, inputs, new LinkedHashSet<>(outputNames));
            return outputNames.stream().map(out::get).toList();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public Map<String, FloatTensor> predictLayers(List<FloatTensor> inputs, Collection<String> layerNames) {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            Map<String, String> exposed = layerSession();
            Set<String> fetch = new LinkedHashSet<>();
            for (String name : layerNames) {
                String out = exposed.get(name);
                if (out == null) {
                    throw new IllegalArgumentException("no layer output named '" + name + "'; layers: "
                            + String.join(", ", exposed.keySet()));
                }
                fetch.add(out);
            }
            Map<String, FloatTensor> values = run(layerSession, inputs, fetch);
            Map<String, FloatTensor> result = new LinkedHashMap<>();
            for (String name : layerNames) {
                result.put(name, values.get(exposed.get(name)));
            }
            return result;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public List<String> layerNames() {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            return List.copyOf(layerSession().keySet());
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Builds the all-layers session once (a kerasj export names its layers in the file's metadata). */
    private synchronized Map<String, String> layerSession() {
        if (layerOutputs == null) {
            LayerExposure exposure = LayerExposure.of(model);
            layerSession = exposure.outputOfLayer().isEmpty() ? session : open(exposure.model());
            layerOutputs = exposure.outputOfLayer();
        }
        return layerOutputs;
    }

    private Map<String, FloatTensor> run(OrtSession s, List<FloatTensor> inputs, Set<String> fetch) {
        InputCheck.check(inputNames, inputShapes, inputs);
        Map<String, OnnxTensor> fed = new LinkedHashMap<>();
        try {
            for (int k = 0; k < inputs.size(); k++) {
                FloatTensor x = inputs.get(k);
                fed.put(inputNames.get(k), OnnxTensor.createTensor(env, x.buffer(), longs(x.shape())));
            }
            try (OrtSession.Result result = s.run(fed, fetch)) {
                Map<String, FloatTensor> out = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> e : result) {
                    out.put(e.getKey(), toFloatTensor(e.getKey(), e.getValue()));
                }
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            fed.values().forEach(OnnxTensor::close);
        }
    }

    private static FloatTensor toFloatTensor(String name, OnnxValue v) {
        if (!(v instanceof OnnxTensor t) || t.getInfo().type != ai.onnxruntime.OnnxJavaType.FLOAT) {
            throw new IllegalStateException("output '" + name + "' is not a float32 tensor (" + v.getInfo() + ")");
        }
        TensorInfo info = t.getInfo();
        long[] shape = info.getShape();
        int[] dims = new int[shape.length];
        for (int k = 0; k < dims.length; k++) {
            dims[k] = Math.toIntExact(shape[k]);
        }
        FloatBuffer b = t.getFloatBuffer();
        return FloatTensor.read(Shape.of(dims), b);
    }

    private static long[] longs(Shape s) {
        long[] d = new long[s.rank()];
        for (int k = 0; k < d.length; k++) {
            d[k] = s.dim(k);
        }
        return d;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the predictor is closed");
        }
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (layerSession != null && layerSession != session) {
                    layerSession.close();
                }
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed to close the session: " + e.getMessage(), e);
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
