package io.kerasj.runtime;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.graph.CompiledModel;
import io.kerasj.runtime.graph.TensorTransfer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

/**
 * A {@link Predictor} over one compiled graph and one session. Calls share nothing mutable: each
 * builds its own runner, so any number of threads may predict at once (TF sessions are
 * thread-safe). A read/write lock keeps {@link #close()} from freeing the session under a run.
 */
final class TfPredictor implements Predictor {
    private final CompiledModel compiled;
    private final Session session;
    private final Device device;
    private final List<Shape> inputShapes;
    private final List<Shape> outputShapes;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    TfPredictor(CompiledModel compiled, Session session, Device device) {
        this.compiled = compiled;
        this.session = session;
        this.device = device;
        this.inputShapes = compiled.inputShapes();
        this.outputShapes = compiled.outputShapes();
    }

    /** The device this predictor's session runs on. */
    Device device() {
        return device;
    }

    @Override
    public List<String> inputNames() {
        return compiled.inputNames();
    }

    @Override
    public List<Shape> inputShapes() {
        return inputShapes;
    }

    @Override
    public List<String> outputNames() {
        return compiled.outputNames();
    }

    @Override
    public List<Shape> outputShapes() {
        return outputShapes;
    }

    @Override
    public List<FloatTensor> predict(List<FloatTensor> inputs) {
        return run(inputs, compiled.outputs());
    }

    @Override
    public Map<String, FloatTensor> predictLayers(List<FloatTensor> inputs, Collection<String> layerNames) {
        List<Operand<TFloat32>> fetches = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String name : layerNames) {
            Operand<TFloat32> op = compiled.layerOutputs().get(name);
            if (op == null) {
                throw new IllegalArgumentException("no layer output named '" + name + "'; layers: "
                        + String.join(", ", compiled.layerOutputs().keySet()));
            }
            fetches.add(op);
            names.add(name);
        }
        List<FloatTensor> values = run(inputs, fetches);
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), values.get(i));
        }
        return out;
    }

    @Override
    public List<String> layerNames() {
        return List.copyOf(compiled.layerOutputs().keySet());
    }

    private List<FloatTensor> run(List<FloatTensor> inputs, List<Operand<TFloat32>> fetches) {
        InputCheck.check(inputNames(), inputShapes, inputs);
        lifecycle.readLock().lock();
        List<TFloat32> fed = new ArrayList<>(inputs.size());
        try {
            if (closed) {
                throw new IllegalStateException("the predictor is closed");
            }
            Session.Runner runner = session.runner();
            for (int i = 0; i < inputs.size(); i++) {
                TFloat32 t = TensorTransfer.toTensorFlow(inputs.get(i));
                fed.add(t);
                runner.feed(compiled.inputs().get(i), t);
            }
            // layers that pass values through (Dropout) share their input's tensor: fetch it once
            Map<org.tensorflow.Output<?>, Integer> slot = new LinkedHashMap<>();
            int[] index = new int[fetches.size()];
            for (int i = 0; i < fetches.size(); i++) {
                org.tensorflow.Output<?> o = fetches.get(i).asOutput();
                Integer k = slot.get(o);
                if (k == null) {
                    k = slot.size();
                    slot.put(o, k);
                    runner.fetch(o);
                }
                index[i] = k;
            }
            try (Result result = runner.run()) {
                List<FloatTensor> distinct = new ArrayList<>(slot.size());
                for (int k = 0; k < slot.size(); k++) {
                    Tensor t = result.get(k);
                    distinct.add(TensorTransfer.fromTensorFlow((TFloat32) t));
                }
                List<FloatTensor> out = new ArrayList<>(fetches.size());
                for (int i : index) {
                    out.add(distinct.get(i));
                }
                return out;
            }
        } finally {
            fed.forEach(TFloat32::close);
            lifecycle.readLock().unlock();
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
            session.close();
            compiled.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
