package io.kerasj.runtime.train;

import io.kerasj.runtime.Device;
import io.kerasj.runtime.DeviceSelector;

import io.kerasj.KerasModels;
import io.kerasj.export.LegacyH5Writer;
import io.kerasj.export.OptimizerLayout;
import io.kerasj.export.TensorValues;
import io.kerasj.io.ModelFormat;
import io.kerasj.io.ModelFormats;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.OptimizerState;
import io.kerasj.ir.Shape;
import io.kerasj.ir.Weight;
import io.kerasj.runtime.data.Batches;
import io.kerasj.runtime.data.Dataset;
import io.kerasj.runtime.graph.CompiledModel;
import io.kerasj.runtime.graph.LoweringOptions;
import io.kerasj.runtime.graph.TensorTransfer;
import io.kerasj.runtime.graph.WeightVariables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.op.core.Variable;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A model compiled for training, with its session: {@link #fit} runs epochs of Keras-style
 * mini-batch training, {@link #step} one batch, {@link #evaluate} the inference-mode loss and
 * accuracy, and {@link #model()} returns the model with its current weights (moving
 * BatchNormalization statistics included). Not thread-safe; close it to free the native graph.
 */
public final class Trainer implements AutoCloseable {
    /** The trained model's structure; weight values only where TensorFlow holds no variable for them. */
    private final KerasModel structure;
    private final FineTune.Settings settings;
    private final CompiledModel compiled;
    private final Session session;
    private final TrainingGraph graph;
    private final Shape sampleShape;
    private final int numClasses;
    private boolean closed;
    /** Optimizer steps taken (mirrors the graph's counter; Dropout masks are drawn for it). */
    private long iterations;
    /** Where the next {@link #fit} starts, after {@link #restore}. */
    private TrainingPosition resumeAt;
    private static final ObjectMapper JSON = new ObjectMapper();

    Trainer(KerasModel prepared, FineTune.Settings settings, Device device) {
        this.settings = settings;
        LoweringOptions options = LoweringOptions.defaults().withKerasMajor(prepared.source().kerasMajor())
                .withTraining(settings.seed());
        this.compiled = CompiledModel.compile(prepared, options);
        Session s = null;
        try {
            int outDim = prepared.outputShapes().get(0).dim(-1);
            this.numClasses = outDim;
            this.graph = new TrainingGraph(compiled, prepared, settings.loss(), settings.optimizer(), outDim);
            this.sampleShape = Shape.of(prepared.inputShapes().get(0).featureDims());
            s = new Session(compiled.graph(), DeviceSelector.sessionConfig(device));
            compiled.initialize(s);
            compiled.weights().releaseValues();
            graph.optimizer.initialize(s);
            this.session = s;
            // the session holds the weights now: a second copy on the heap would only add to the peak
            this.structure = withoutLoadedValues(prepared, compiled.weights());
        } catch (RuntimeException e) {
            if (s != null) {
                s.close();
            }
            compiled.close();
            throw e;
        }
    }

    public FineTune.Settings settings() {
        return settings;
    }

    /** Number of model outputs (classes). */
    public int numClasses() {
        return numClasses;
    }

    /** Names of the weights being trained, as {@code layer/weight}. */
    public List<String> trainedWeights() {
        return graph.trained.stream().map(t -> t.layer() + "/" + t.weight()).toList();
    }

    /** Loss and accuracy of one batch (measured before the update it caused). */
    public record BatchResult(double loss, double accuracy, int samples) {
    }

    /** One optimizer step on {@code x} (N, ...sample shape) with integer labels. */
    public BatchResult step(FloatTensor x, int[] labels) {
        checkOpen();
        if (x.shape().dim(0) != labels.length) {
            throw new IllegalArgumentException(x.shape().dim(0) + " samples but " + labels.length + " labels");
        }
        try (TFloat32 xt = TensorTransfer.toTensorFlow(x)) {
            double[] r = runStep(xt, labels);
            return new BatchResult(r[0] / labels.length, r[1] / labels.length, labels.length);
        }
    }

    private double[] runStep(TFloat32 x, int[] labels) {
        checkLabels(labels);
        try (TInt32 y = TInt32.vectorOf(labels); TBool on = TBool.scalarOf(true); TInt64 step = TInt64.scalarOf(iterations);
             Result r = session.runner().feed(graph.input, x).feed(graph.labels, y).feed(graph.flag, on)
                     .feed(graph.dropoutStep, step)
                     .fetch(graph.lossSum).fetch(graph.correctSum).addTarget(graph.optimizer.step()).run()) {
            iterations++;
            return new double[] {((TFloat32) r.get(0)).getFloat(), ((TFloat32) r.get(1)).getFloat()};
        }
    }

    private void checkLabels(int[] labels) {
        int max = numClasses == 1 ? 2 : numClasses;
        for (int y : labels) {
            if (y < 0 || y >= max) {
                throw new IllegalArgumentException("label " + y + " is outside the model's " + max
                        + " classes; replace the head with the right number of classes");
            }
        }
    }

    /** Loss and accuracy in inference mode (Dropout off, BatchNormalization on moving statistics). */
    public BatchResult evaluate(Dataset data) {
        checkOpen();
        checkData(data);
        Batches b = new Batches(data, settings.batchSize(), false, 0);
        int[] order = b.nextEpochOrder();
        int size = data.sampleSize();
        float[] x = new float[settings.batchSize() * size];
        int[] y = new int[settings.batchSize()];
        double lossSum = 0;
        double correct = 0;
        for (int from = 0; from < order.length; from += settings.batchSize()) {
            int n = Math.min(settings.batchSize(), order.length - from);
            Batches.fill(data, order, from, n, x, y);
            int[] labels = n == y.length ? y : Arrays.copyOf(y, n);
            checkLabels(labels);
            try (TFloat32 xt = batchTensor(x, n, size); TInt32 yt = TInt32.vectorOf(labels);
                 Result r = session.runner().feed(graph.input, xt).feed(graph.labels, yt)
                         .fetch(graph.lossSum).fetch(graph.correctSum).run()) {
                lossSum += ((TFloat32) r.get(0)).getFloat();
                correct += ((TFloat32) r.get(1)).getFloat();
            }
        }
        return new BatchResult(lossSum / data.size(), correct / data.size(), data.size());
    }

    private TFloat32 batchTensor(float[] x, int n, int sampleSize) {
        long[] dims = new long[sampleShape.rank() + 1];
        dims[0] = n;
        for (int i = 0; i < sampleShape.rank(); i++) {
            dims[i + 1] = sampleShape.dim(i);
        }
        return TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(dims),
                DataBuffers.of(x, true, false).narrow((long) n * sampleSize));
    }

    private void checkData(Dataset data) {
        if (!data.sampleShape().equals(sampleShape)) {
            throw new IllegalArgumentException("samples of " + data.description() + " have shape " + data.sampleShape()
                    + " but the model input takes " + sampleShape);
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException(data.description() + " holds no samples");
        }
    }

    /**
     * Trains for the configured epochs (after {@link FineTune#resume}: from the checkpoint's
     * position on, with the same steps the interrupted run would have taken).
     *
     * @param validation held-out data, or null to split it off the training data as configured
     */
    public History fit(Dataset train, Dataset validation) {
        checkOpen();
        checkData(train);
        Dataset trainPart = train;
        Dataset val = validation;
        if (val == null && settings.validationSplit() > 0) {
            int splitAt = (int) (train.size() * (1 - settings.validationSplit()));
            trainPart = train.slice(0, splitAt);
            val = train.slice(splitAt, train.size());
        }
        checkData(trainPart);
        if (val != null) {
            checkData(val);
        }
        TrainingPosition at = resumeAt != null ? resumeAt : TrainingPosition.start(trainPart);
        at.checkSameData(trainPart);
        resumeAt = null;
        Path dir = settings.checkpointDir();
        if (dir != null) {
            try {
                java.nio.file.Files.createDirectories(dir);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot create checkpoint directory " + dir, e);
            }
            Checkpoint.deleteLeftovers(dir);
        }
        int detectorClasses = numClasses == 1 ? 2 : numClasses;
        CollapseDetector detector = new CollapseDetector(detectorClasses, chance(trainPart, detectorClasses),
                settings.collapseEpochs());
        detector.restoreStreak(at.collapseStreak());
        Batches batches = new Batches(trainPart, settings.batchSize(), settings.shuffle(), settings.seed());
        // the shuffle of epoch e is the e-th draw of the seeded stream: replay the earlier ones
        for (int e = 1; e < at.epoch(); e++) {
            batches.nextEpochOrder();
        }
        int size = trainPart.sampleSize();
        float[] x = new float[settings.batchSize() * size];
        int[] y = new int[settings.batchSize()];
        List<EpochResult> results = new ArrayList<>(at.epochs());
        double best = at.best();
        int wait = at.epochsWithoutImprovement();
        History.StopReason stop = at.stopped() != null ? at.stopped() : History.StopReason.COMPLETED;
        CollapseDiagnosis diagnosis = null;
        for (int epoch = at.epoch(); at.stopped() == null && epoch <= settings.epochs(); epoch++) {
            int count = batches.count();
            for (TrainingListener l : settings.listeners()) {
                l.onEpochStart(epoch, settings.epochs(), count);
            }
            boolean resumed = epoch == at.epoch();
            long start = System.nanoTime() - (resumed ? (long) (at.elapsedSeconds() * 1e9) : 0);
            int[] order = batches.nextEpochOrder();
            double lossSum = resumed ? at.lossSum() : 0;
            double correct = resumed ? at.correct() : 0;
            int seen = resumed ? at.seen() : 0;
            for (int b = resumed ? at.batch() : 0; b < count; b++) {
                int from = b * settings.batchSize();
                int n = Math.min(settings.batchSize(), order.length - from);
                Batches.fill(trainPart, order, from, n, x, y);
                double[] r;
                try (TFloat32 xt = batchTensor(x, n, size)) {
                    r = runStep(xt, n == y.length ? y : Arrays.copyOf(y, n));
                }
                lossSum += r[0];
                correct += r[1];
                seen += n;
                for (TrainingListener l : settings.listeners()) {
                    l.onBatchEnd(epoch, b + 1, count, lossSum / seen, correct / seen, System.nanoTime() - start);
                }
                if (dir != null && settings.checkpointEvery() > 0 && iterations % settings.checkpointEvery() == 0
                        && b + 1 < count) {
                    checkpoint(dir.resolve(Checkpoint.fileName(epoch, b + 1)), new TrainingPosition(epoch, b + 1, iterations,
                            lossSum, correct, seen, (System.nanoTime() - start) / 1e9, results, best, wait,
                            detector.streak(), null, at.trainSize(), at.labelsHash()));
                }
            }
            double loss = lossSum / seen;
            double acc = correct / seen;
            double valLoss = Double.NaN;
            double valAcc = Double.NaN;
            if (val != null) {
                BatchResult v = evaluate(val);
                valLoss = v.loss();
                valAcc = v.accuracy();
            }
            EpochResult result = new EpochResult(epoch, loss, acc, valLoss, valAcc, (System.nanoTime() - start) / 1e9);
            results.add(result);
            for (TrainingListener l : settings.listeners()) {
                l.onEpochEnd(result);
            }
            History.StopReason stopNow = null;
            boolean diverged = !Double.isFinite(loss);
            boolean collapsed = detector.record(loss, acc);
            if (settings.onCollapse() != FineTune.OnCollapse.IGNORE && (diverged || collapsed)) {
                CollapseDiagnosis d = diagnose(trainPart, epoch, loss, acc, detector);
                diagnosis = d;
                settings.listeners().forEach(l -> l.onCollapse(d));
                if (settings.onCollapse() == FineTune.OnCollapse.STOP) {
                    stopNow = History.StopReason.COLLAPSE;
                }
            }
            if (stopNow == null && settings.earlyStoppingPatience() >= 0) {
                double monitored = val != null ? valLoss : loss;
                if (monitored < best) {
                    best = monitored;
                    wait = 0;
                } else if (++wait > settings.earlyStoppingPatience() || settings.earlyStoppingPatience() == 0) {
                    stopNow = History.StopReason.EARLY_STOPPING;
                }
            }
            if (dir != null) {
                Path file = dir.resolve(Checkpoint.fileName(epoch, 0));
                if (settings.checkpointFormat() == FineTune.CheckpointFormat.H5) {
                    checkpoint(file, new TrainingPosition(epoch + 1, 0, iterations, 0, 0, 0, 0, results, best, wait,
                            detector.streak(), stopNow, at.trainSize(), at.labelsHash()));
                } else {
                    file = dir.resolve(String.format(Locale.ROOT, "epoch_%03d%s", epoch, settings.checkpointFormat().extension()));
                    save(file);
                    for (TrainingListener l : settings.listeners()) {
                        l.onCheckpoint(file);
                    }
                }
            }
            if (stopNow != null) {
                stop = stopNow;
                break;
            }
        }
        return new History(results, stop, diagnosis);
    }

    private void checkpoint(Path file, TrainingPosition position) {
        writeCheckpoint(file, position);
        Checkpoint.deleteOlderBatchCheckpoints(file.getParent(), file);
        for (TrainingListener l : settings.listeners()) {
            l.onCheckpoint(file);
        }
    }

    /**
     * The optimizer's state as Keras saves it: the step counter and the slot variables named
     * {@code Adam/<layer>/<weight>/m:0}, slot-major over the trained weights (tf.keras'
     * {@code optimizer.weights} order, which its {@code set_weights} relies on).
     */
    public OptimizerState optimizerState() {
        checkOpen();
        String name = settings.optimizer().kerasClassName();
        List<OptimizerState.Slot> slots = new ArrayList<>();
        for (String slot : settings.optimizer().slotNames()) {
            for (TrainingGraph.Trained t : graph.trained) {
                slots.add(new OptimizerState.Slot(OptimizerState.slotName(name, t.layer(), t.weight(), slot),
                        graph.optimizer.value(session, graph.optimizer.slots(t.variable()).get(slot))));
            }
        }
        return new OptimizerState(name, graph.optimizer.iterations(session), slots,
                SettingsJson.trainingConfig(JSON, settings));
    }

    /** Puts the optimizer where the checkpoint left it; the next {@link #fit} continues from its position. */
    void restore(Checkpoint c) {
        checkOpen();
        OptimizerState state = c.optimizer();
        String name = settings.optimizer().kerasClassName();
        if (!state.optimizerName().equals(name)) {
            throw new IllegalArgumentException(c.file() + " holds " + state.optimizerName() + " state, but the run uses " + name);
        }
        Map<Variable<TFloat32>, FloatTensor> values = new IdentityHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String slot : settings.optimizer().slotNames()) {
            for (TrainingGraph.Trained t : graph.trained) {
                String slotName = OptimizerState.slotName(name, t.layer(), t.weight(), slot);
                FloatTensor v = state.slot(slotName);
                if (v == null) {
                    missing.add(slotName);
                } else {
                    values.put(graph.optimizer.slots(t.variable()).get(slot), v);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(c.file() + " lacks optimizer slots " + missing);
        }
        if (state.iterations() != c.position().iterations()) {
            throw new IllegalArgumentException(c.file() + ": the optimizer took " + state.iterations()
                    + " steps but the training state says " + c.position().iterations());
        }
        graph.optimizer.restore(session, state.iterations(), values);
        this.iterations = state.iterations();
        this.resumeAt = c.position();
    }

    /** Accuracy of always answering the most frequent class. */
    static double chance(Dataset data, int classes) {
        int[] counts = new int[Math.max(classes, data.numClasses())];
        for (int i = 0; i < data.size(); i++) {
            int y = data.label(i);
            if (y >= 0 && y < counts.length) {
                counts[y]++;
            }
        }
        return (double) Arrays.stream(counts).max().orElse(0) / data.size();
    }

    /** Measures the causes of a collapse on the first {@code probeSamples} samples of {@code data}. */
    public CollapseDiagnosis diagnose(Dataset data, int epoch, double loss, double accuracy, CollapseDetector detector) {
        checkOpen();
        return new Diagnostics(session, graph, compiled, structure, settings.batchSize())
                .measure(data, Math.min(settings.probeSamples(), data.size()), epoch, loss, accuracy, detector);
    }

    /** The model with the trained weights (a fresh copy read from the session). */
    public KerasModel model() {
        checkOpen();
        WeightVariables w = compiled.weights();
        Map<String, Map<String, FloatTensor>> values = new HashMap<>();
        for (WeightVariables.Entry e : w.entries()) {
            try (Result r = session.runner().fetch(e.variable()).run()) {
                values.computeIfAbsent(e.layer(), k -> new HashMap<>()).put(e.weight(),
                        TensorTransfer.fromTensorFlow((TFloat32) r.get(0)));
            }
        }
        List<Layer> layers = new ArrayList<>();
        for (Layer l : structure.layers()) {
            List<Weight> ws = new ArrayList<>();
            for (Weight wt : l.weights()) {
                FloatTensor v = values.getOrDefault(l.name(), Map.of()).get(wt.name());
                ws.add(new Weight(wt.spec(), v != null ? v : wt.value()));
            }
            layers.add(l.withWeights(ws));
        }
        return structure.withLayers(layers);
    }

    /** {@code model} without the weight values {@code loaded} holds as variables. */
    private static KerasModel withoutLoadedValues(KerasModel model, WeightVariables loaded) {
        Map<String, Map<String, Variable<TFloat32>>> vars = loaded.variables();
        List<Layer> layers = new ArrayList<>();
        for (Layer l : model.layers()) {
            Map<String, Variable<TFloat32>> held = vars.getOrDefault(l.name(), Map.of());
            layers.add(l.withWeights(l.weights().stream()
                    .map(w -> held.containsKey(w.name()) ? new Weight(w.spec(), null) : w).toList()));
        }
        return model.withLayers(layers);
    }

    /**
     * Saves the trained model with its optimizer state (as {@code KerasModels.save(model(),
     * optimizerState(), file)} does): a {@code .h5} file is written straight from the session, one
     * tensor at a time, so the weights and slots are never all copied to the heap; other formats
     * go through {@link #model()} and {@link #optimizerState()}.
     */
    public void save(Path file) {
        checkOpen();
        if (ModelFormats.forOutput(file).format().equals(ModelFormat.H5)) {
            LegacyH5Writer.forModel(structure).writeModel(structure, optimizerLayout(), Map.of(), file, liveValues());
        } else {
            KerasModels.save(model(), optimizerState(), file);
        }
    }

    /** Writes a resumable checkpoint from the session, one tensor at a time. */
    void writeCheckpoint(Path file, TrainingPosition position) {
        Checkpoint.write(file, structure, optimizerLayout(), liveValues(), settings, position);
    }

    /** The weights and slots as the session holds them, each read when a writer asks for it. */
    private TensorValues liveValues() {
        Map<String, Map<String, Variable<TFloat32>>> vars = compiled.weights().variables();
        Map<String, Variable<TFloat32>> slots = new HashMap<>();
        String name = settings.optimizer().kerasClassName();
        for (String slot : settings.optimizer().slotNames()) {
            for (TrainingGraph.Trained t : graph.trained) {
                slots.put(OptimizerState.slotName(name, t.layer(), t.weight(), slot), graph.optimizer.slots(t.variable()).get(slot));
            }
        }
        return new TensorValues() {
            @Override
            public void weight(Layer layer, Weight weight, java.util.function.Consumer<java.nio.FloatBuffer> write) {
                Variable<TFloat32> v = vars.getOrDefault(layer.name(), Map.of()).get(weight.name());
                if (v == null) {
                    write.accept(weight.value().buffer());
                } else {
                    fetchInto(v, write);
                }
            }

            @Override
            public void slot(String slotName, java.util.function.Consumer<java.nio.FloatBuffer> write) {
                fetchInto(slots.get(slotName), write);
            }
        };
    }

    private void fetchInto(Variable<TFloat32> variable, java.util.function.Consumer<java.nio.FloatBuffer> write) {
        try (Result r = session.runner().fetch(variable).run()) {
            write.accept(TensorTransfer.values((TFloat32) r.get(0)));
        }
    }

    /** {@link #optimizerState()} without the slot values. */
    private OptimizerLayout optimizerLayout() {
        String name = settings.optimizer().kerasClassName();
        List<OptimizerLayout.Slot> slots = new ArrayList<>();
        for (String slot : settings.optimizer().slotNames()) {
            for (TrainingGraph.Trained t : graph.trained) {
                slots.add(new OptimizerLayout.Slot(OptimizerState.slotName(name, t.layer(), t.weight(), slot),
                        structure.layer(t.layer()).weight(t.weight()).spec().shape()));
            }
        }
        return new OptimizerLayout(name, graph.optimizer.iterations(session), slots, SettingsJson.trainingConfig(JSON, settings));
    }

    /** Current value of one weight. */
    public FloatTensor weight(String layer, String weight) {
        checkOpen();
        try (Result r = session.runner().fetch(compiled.weights().variable(layer, weight)).run()) {
            return TensorTransfer.fromTensorFlow((TFloat32) r.get(0));
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the trainer is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            session.close();
            compiled.close();
        }
    }

}
