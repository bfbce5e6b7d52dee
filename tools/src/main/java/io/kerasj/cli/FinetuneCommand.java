package io.kerasj.cli;

import io.kerasj.KerasModels;
import io.kerasj.fill.FillRule;
import io.kerasj.io.ModelFormats;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.Device;
import io.kerasj.runtime.data.DataSources;
import io.kerasj.runtime.data.Dataset;
import io.kerasj.runtime.train.Checkpoint;
import io.kerasj.runtime.train.CurvePlot;
import io.kerasj.runtime.train.FineTune;
import io.kerasj.runtime.train.History;
import io.kerasj.runtime.train.Optimizer;
import io.kerasj.runtime.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kerasj finetune}: train an imported model further on TensorFlow Java and save it as Keras files. */
@Command(name = "finetune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tune a model on labelled data with Keras semantics and save it as Keras files.",
            "Data: IDX files (MNIST format, .gz or plain), .npy arrays (labels beside them: x_train.npy -> y_train.npy,"
                    + " train_x.npy -> train_y.npy, images.npy -> labels.npy, or NAME_labels.npy; or --train-labels),"
                    + " or an image folder (one sub-directory per class).",
            "Keras semantics: Adam/SGD/RMSprop with Keras defaults, categorical cross-entropy, Dropout and"
                    + " BatchNormalization in training mode, frozen layers untouched.",
            "Exit codes: 0 trained, 2 bad model or data, 3 stopped because training collapsed (diagnosis printed)."})
public final class FinetuneCommand implements Callable<Integer> {
    /** Training stopped because the run collapsed; the diagnosis was printed. */
    public static final int EXIT_COLLAPSED = 3;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
            description = "Keras model: .h5/.hdf5 (full model or weights with --config), .keras, SavedModel directory, "
                    + "or a JSON config; omitted with --resume")
    Path model;

    @Option(names = "--config", paramLabel = "CONFIG.json",
            description = "JSON model config (model.to_json()) when MODEL holds weights only")
    Path config;

    @Mixin
    CustomLayerOptions customLayers = new CustomLayerOptions();

    @Option(names = "--resume", paramLabel = "CHECKPOINT",
            description = {"Continue an interrupted run from a checkpoint file (or the newest in a checkpoint directory):",
                "its model, optimizer state, settings and position; give the same data. The result equals the",
                "uninterrupted run's. --epochs may extend the run; options that change training are refused."})
    Path resume;

    @Option(names = "--train", required = true, paramLabel = "DATA",
            description = "Training data: X-images-idx3-ubyte[.gz], x.npy, or an image folder")
    Path train;

    @Option(names = "--train-labels", paramLabel = "LABELS",
            description = "Labels for --train when not found beside it (X-labels-idx1-ubyte[.gz], y.npy)")
    Path trainLabels;

    @Option(names = "--val", paramLabel = "DATA", description = "Validation data (same formats)")
    Path val;

    @Option(names = "--val-labels", paramLabel = "LABELS", description = "Labels for --val when not found beside it")
    Path valLabels;

    @Option(names = "--val-split", paramLabel = "F", defaultValue = "0",
            description = "Hold out the last fraction F of --train for validation when --val is not given")
    double valSplit;

    @Option(names = "--epochs", defaultValue = "1", description = "Epochs (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "adam|sgd|rmsprop",
            description = "Optimizer with Keras defaults (default ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate (Keras default: adam/rmsprop 0.001, sgd 0.01)")
    Double lr;

    @Option(names = "--momentum", paramLabel = "M", description = "SGD momentum (default 0)")
    Double momentum;

    @Option(names = "--freeze-until", paramLabel = "LAYER",
            description = "Freeze every layer from the input up to and including LAYER")
    String freezeUntil;

    @Option(names = "--freeze", paramLabel = "LAYER", split = ",", description = "Freeze these layers (comma-separated)")
    List<String> freeze;

    @Option(names = "--num-classes", paramLabel = "K",
            description = "Replace the classification head by a new Dense(K, softmax) (glorot_uniform, zero bias)")
    Integer numClasses;

    @Option(names = "--out", paramLabel = "OUT.h5|OUT.keras", description = "Save the trained model (legacy HDF5 or .keras)")
    Path out;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Save resumable checkpoints epoch_NNN.h5 after every epoch (written atomically)")
    Path checkpointDir;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Also checkpoint every N optimizer steps inside an epoch (epoch_NNN_batch_BBBBB.h5, newest kept)")
    Integer checkpointEvery;

    @Option(names = "--history", paramLabel = "H.json", description = "Write loss/accuracy per epoch as JSON")
    Path history;

    @Option(names = "--plot", paramLabel = "CURVES.png", description = "Draw loss and accuracy curves as a PNG")
    Path plot;

    @Option(names = "--limit", paramLabel = "N", description = "Use at most N training (and N validation) samples")
    Integer limit;

    @Option(names = "--device", paramLabel = "CPU|GPU", defaultValue = "CPU",
            description = "Where to train: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}; GPU needs the -Pgpu build)")
    Device device;

    @Option(names = "--seed", defaultValue = "0", description = "Seed for shuffling, Dropout and a new head (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--scale", paramLabel = "F",
            description = "Multiply input values by F (default: 1/255 for IDX and images, 1 for .npy)")
    Float scale;

    @Option(names = "--patience", paramLabel = "P",
            description = "Early stopping: stop after P epochs without a lower validation loss")
    Integer patience;

    @Option(names = "--on-collapse", defaultValue = "stop", paramLabel = "stop|warn|ignore",
            description = "When loss stays at ln(K) with chance accuracy for two epochs (default ${DEFAULT-VALUE})")
    String onCollapse;

    @Option(names = "--fill-weights",
            description = "Give the model the oracle's deterministic weights (oracle/FILL.md), for architecture-only configs")
    boolean fillWeights;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        if (out != null && ModelFormats.byExtension(out).isEmpty()) {
            throw new IllegalArgumentException("--out " + out + ": use a .h5 (legacy HDF5) or .keras file name");
        }
        Run run = start(console);
        History h;
        try (Trainer t = run.trainer()) {
            // the imported weights live in TensorFlow alone now: a full collection lets the JVM give
            // their heap back before training allocates gradients (it lowers the command's peak RSS)
            System.gc();
            h = t.fit(run.train(), run.val());
            if (out != null) {
                t.save(out);
            }
        }
        if (out != null) {
            console.println("saved: " + out);
        }
        if (history != null) {
            h.write(history);
            console.println("history: " + history);
        }
        if (plot != null) {
            CurvePlot.write(h, plot);
            console.println("plot: " + plot);
        }
        console.flush();
        if (h.stopReason() == History.StopReason.COLLAPSE) {
            spec.commandLine().getErr().println("error: training stopped: it collapsed (see the diagnosis above)");
            return EXIT_COLLAPSED;
        }
        if (h.stopReason() == History.StopReason.EARLY_STOPPING) {
            console.println("early stopping after epoch " + h.last().epoch());
        }
        return 0;
    }

    /** The trainer and the data of this run; the imported model is referenced by the trainer alone. */
    private record Run(Trainer trainer, Dataset train, Dataset val) {
    }

    private Run start(PrintWriter console) {
        FineTune.Builder b = resume != null ? resumed() : fresh();
        b.device(device).listener(new KerasProgress(console, System.console() != null));
        if (checkpointDir != null) {
            b.checkpointDir(checkpointDir);
        }
        if (checkpointEvery != null) {
            b.checkpointEvery(checkpointEvery);
        }
        KerasModel prepared = b.preparedModel();
        FineTune.Settings run = b.settings(prepared);
        long dataSeed = run.seed();
        Shape sample = Shape.of(prepared.inputShapes().get(0).featureDims());
        int n = limit == null ? Integer.MAX_VALUE : limit;
        Dataset trainData = DataSources.open(train, trainLabels, sample, scale, n, dataSeed);
        Dataset valData = val == null ? null : DataSources.open(val, valLabels, sample, scale, n, dataSeed);
        int outputs = prepared.outputShapes().get(0).dim(-1);
        if (trainData.numClasses() > Math.max(outputs, 2)) {
            throw new IllegalArgumentException(train + ": labels go up to " + (trainData.numClasses() - 1) + " but the model"
                    + " has " + outputs + " outputs; give --num-classes " + trainData.numClasses() + " to replace the head");
        }
        console.printf(Locale.ROOT, "Training %s: %d of %d parameters trainable; %d training samples%s; %s, lr %s,"
                        + " batch %d%n", prepared.name(), prepared.trainableParams(), prepared.totalParams(), trainData.size(),
                valData != null ? ", " + valData.size() + " validation samples" : run.validationSplit() > 0 ? ", "
                        + run.validationSplit() + " held out for validation" : "", run.optimizer().kerasName(),
                run.optimizer().learningRate() + (lr != null || resume != null ? "" : " (Keras default)"), run.batchSize());
        return new Run(b.build(), trainData, valData);
    }

    private FineTune.Builder fresh() {
        if (model == null) {
            throw new IllegalArgumentException("give the MODEL to fine-tune (or --resume CHECKPOINT)");
        }
        KerasModel m = customLayers.apply(() -> ModelOptions.load(model, config));
        if (fillWeights) {
            m = FillRule.fill(m);
        }
        FineTune.Builder b = FineTune.builder(m).optimizer(optimizer()).batchSize(batch).epochs(epochs).seed(seed)
                .validationSplit(valSplit).onCollapse(collapseAction());
        if (lr != null) {
            b.learningRate(lr);
        }
        if (numClasses != null) {
            b.replaceHead(numClasses);
        }
        if (freezeUntil != null) {
            b.freezeUntil(freezeUntil);
        }
        if (freeze != null) {
            b.freeze(freeze.toArray(String[]::new));
        }
        if (patience != null) {
            b.earlyStopping(patience);
        }
        return b;
    }

    /** The checkpoint decides model and settings; options that would change the run are refused. */
    private FineTune.Builder resumed() {
        List<String> changing = new ArrayList<>();
        for (String o : List.of("--config", "--optimizer", "--lr", "--momentum", "--batch", "--seed", "--val-split",
                "--patience", "--num-classes", "--freeze", "--freeze-until", "--on-collapse", "--fill-weights")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                changing.add(o);
            }
        }
        if (model != null || !changing.isEmpty()) {
            throw new IllegalArgumentException("--resume continues the checkpoint's run with its own model and settings; "
                    + "drop " + (model != null ? "MODEL" + (changing.isEmpty() ? "" : ", ") : "") + String.join(", ", changing));
        }
        Path file = resume;
        if (Files.isDirectory(resume)) {
            file = Checkpoint.latest(resume).orElseThrow(() ->
                    new IllegalArgumentException("--resume " + resume + ": no checkpoint (epoch_*.h5) in that directory"));
        }
        Checkpoint c = Checkpoint.read(file);
        spec.commandLine().getOut().printf(Locale.ROOT, "Resuming from %s: epoch %d, %d batches done, step %d%n",
                file, c.position().epoch(), c.position().batch(), c.position().iterations());
        FineTune.Builder b = FineTune.resume(c);
        if (spec.commandLine().getParseResult().hasMatchedOption("--epochs")) {
            b.epochs(epochs);
        }
        return b;
    }

    private Optimizer optimizer() {
        Optimizer o = Optimizer.byName(optimizer);
        if (momentum != null) {
            if (o instanceof Optimizer.Sgd) {
                o = new Optimizer.Sgd(o.learningRate(), momentum, false);
            } else if (o instanceof Optimizer.RmsProp r) {
                o = new Optimizer.RmsProp(r.learningRate(), r.rho(), momentum, r.epsilon());
            } else {
                throw new IllegalArgumentException("--momentum applies to sgd and rmsprop, not " + optimizer);
            }
        }
        return o;
    }

    private FineTune.OnCollapse collapseAction() {
        try {
            return FineTune.OnCollapse.valueOf(onCollapse.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--on-collapse must be stop, warn or ignore, not " + onCollapse);
        }
    }
}
