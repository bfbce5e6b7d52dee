package io.kerasj.runtime.train;

import io.kerasj.runtime.Device;

import io.kerasj.ir.KerasModel;
import io.kerasj.layers.DenseSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Fine-tuning an imported Keras model on TensorFlow Java, configured like {@code model.compile} +
 * {@code model.fit}:
 *
 * <pre>{@code
 * try (Trainer t = FineTune.builder(model)
 *         .freezeUntil("flatten").replaceHead(10)
 *         .optimizer(Optimizer.adam().withLearningRate(1e-3))
 *         .batchSize(64).epochs(3).seed(7).validationSplit(0.1).earlyStopping(2)
 *         .checkpointDir(Path.of("ckpt"))   // ckpt/epoch_001.h5, ...
 *         .build()) {
 *     History h = t.fit(train, null);
 *     KerasModel tuned = t.model();
 * }
 * }</pre>
 */
public final class FineTune {
    private FineTune() {
    }

    public static Builder builder(KerasModel model) {
        return new Builder(model);
    }

    /**
     * Continues an interrupted run from a checkpoint: the checkpoint's model (head and frozen
     * layers already applied), settings, optimizer state and position. {@link Trainer#fit} given
     * the same data then takes the same steps the uninterrupted run would have taken. Epochs,
     * the checkpoint directory (default: the checkpoint's own) and listeners may still be changed.
     */
    public static Builder resume(Checkpoint checkpoint) {
        Builder b = new Builder(checkpoint.model());
        FineTune.Settings s = checkpoint.settings();
        b.resumeFrom = checkpoint;
        b.optimizer = s.optimizer();
        b.loss = s.loss();
        b.batchSize = s.batchSize();
        b.epochs = s.epochs();
        b.shuffle = s.shuffle();
        b.seed = s.seed();
        b.validationSplit = s.validationSplit();
        b.patience = s.earlyStoppingPatience();
        b.checkpointDir = checkpoint.file().toAbsolutePath().getParent();
        b.checkpointFormat = s.checkpointFormat();
        b.checkpointEvery = s.checkpointEvery();
        b.onCollapse = s.onCollapse();
        b.collapseEpochs = s.collapseEpochs();
        b.probeSamples = s.probeSamples();
        return b;
    }

    /** What to do when the run collapses (loss at ln K, accuracy at chance, two epochs). */
    public enum OnCollapse { STOP, WARN, IGNORE }

    /** Every setting of a fine-tuning run. */
    public record Settings(Optimizer optimizer, Loss loss, int batchSize, int epochs, boolean shuffle, long seed,
                           double validationSplit, int earlyStoppingPatience, Path checkpointDir,
                           CheckpointFormat checkpointFormat, int checkpointEvery, OnCollapse onCollapse,
                           int collapseEpochs, int probeSamples, List<TrainingListener> listeners) {
    }

    /**
     * Checkpoint files written by {@link Trainer} after each epoch: legacy HDF5 (resumable, see
     * {@link Checkpoint}) or a Keras 3 archive (the model only).
     */
    public enum CheckpointFormat {
        H5(".h5"), KERAS(".keras");

        private final String extension;

        CheckpointFormat(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }
    }

    public static final class Builder {
        private Device device = Device.CPU;
        private final KerasModel original;
        private final Set<String> frozen = new LinkedHashSet<>();
        private String freezeUntil;
        private Integer headClasses;
        private long headSeed = 0;
        private Optimizer optimizer = Optimizer.adam();
        private Double learningRate;
        private Loss loss;
        private int batchSize = 32;
        private int epochs = 1;
        private boolean shuffle = true;
        private long seed = 0;
        private double validationSplit = 0;
        private int patience = -1;
        private Path checkpointDir;
        private CheckpointFormat checkpointFormat = CheckpointFormat.H5;
        private int checkpointEvery;
        private Checkpoint resumeFrom;
        private OnCollapse onCollapse = OnCollapse.STOP;
        private int collapseEpochs = 2;
        private int probeSamples = 256;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder(KerasModel model) {
            this.original = Objects.requireNonNull(model, "model");
        }

        /** Freezes the named layers (their weights stay; BatchNormalization stays in inference mode). */
        public Builder freeze(String... layerNames) {
            frozen.addAll(List.of(layerNames));
            return this;
        }

        /** Freezes every layer from the input up to and including {@code layerName}. */
        public Builder freezeUntil(String layerName) {
            this.freezeUntil = layerName;
            return this;
        }

        /** Replaces the classification head by a new {@code Dense(numClasses, softmax)} (glorot_uniform, zero bias). */
        public Builder replaceHead(int numClasses) {
            this.headClasses = numClasses;
            return this;
        }

        public Builder optimizer(Optimizer o) {
            this.optimizer = Objects.requireNonNull(o, "optimizer");
            return this;
        }

        /** Overrides the optimizer's learning rate. */
        public Builder learningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        /** The loss; by default categorical cross-entropy (binary for a single sigmoid output). */
        public Builder loss(Loss l) {
            this.loss = l;
            return this;
        }

        public Builder batchSize(int b) {
            if (b <= 0) {
                throw new IllegalArgumentException("batch size must be positive: " + b);
            }
            this.batchSize = b;
            return this;
        }

        public Builder epochs(int e) {
            if (e <= 0) {
                throw new IllegalArgumentException("epochs must be positive: " + e);
            }
            this.epochs = e;
            return this;
        }

        public Builder shuffle(boolean s) {
            this.shuffle = s;
            return this;
        }

        /** Seeds shuffling, Dropout masks and the new head's initialisation. */
        public Builder seed(long s) {
            this.seed = s;
            this.headSeed = s;
            return this;
        }

        /** Holds out the last {@code fraction} of the training data for validation, as Keras' validation_split. */
        public Builder validationSplit(double fraction) {
            if (fraction < 0 || fraction >= 1) {
                throw new IllegalArgumentException("validation split must be in [0, 1): " + fraction);
            }
            this.validationSplit = fraction;
            return this;
        }

        /** Stops after {@code patience} epochs without a lower validation loss (training loss without validation). */
        public Builder earlyStopping(int patience) {
            if (patience < 0) {
                throw new IllegalArgumentException("patience must not be negative: " + patience);
            }
            this.patience = patience;
            return this;
        }

        /** Writes {@code epoch_NNN.h5} (or {@code .keras}) into {@code dir} after every epoch, atomically. */
        public Builder checkpointDir(Path dir) {
            this.checkpointDir = dir;
            return this;
        }

        /**
         * Also writes a checkpoint every {@code steps} optimizer steps inside an epoch
         * ({@code epoch_NNN_batch_BBBBB.h5}, only the newest kept); 0 (default): only after epochs.
         */
        public Builder checkpointEvery(int steps) {
            if (steps < 0) {
                throw new IllegalArgumentException("checkpoint interval must not be negative: " + steps);
            }
            this.checkpointEvery = steps;
            return this;
        }

        public Builder checkpointFormat(CheckpointFormat f) {
            this.checkpointFormat = Objects.requireNonNull(f, "checkpointFormat");
            return this;
        }

        public Builder onCollapse(OnCollapse action) {
            this.onCollapse = Objects.requireNonNull(action, "onCollapse");
            return this;
        }

        /** Consecutive collapsed-looking epochs before the diagnosis (default 2). */
        public Builder collapseEpochs(int n) {
            this.collapseEpochs = n;
            return this;
        }

        /** Training samples the collapse diagnosis measures on (default 256). */
        public Builder probeSamples(int n) {
            this.probeSamples = n;
            return this;
        }

        /** CPU (default) or GPU; GPU fails at {@link #build()} saying what is missing. */
        public Builder device(Device d) {
            this.device = Objects.requireNonNull(d, "device");
            return this;
        }

        public Builder listener(TrainingListener l) {
            listeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        /** The model as it will be trained: frozen layers and the new head applied. */
        public KerasModel preparedModel() {
            KerasModel m = original;
            if (resumeFrom != null && (headClasses != null || freezeUntil != null || !frozen.isEmpty())) {
                throw new IllegalArgumentException("a resumed run keeps the checkpoint's head and frozen layers; "
                        + "do not replace the head or freeze layers again");
            }
            if (!m.hasWeights()) {
                throw new IllegalArgumentException("model " + m.name() + " has no weight values; load it with its weights");
            }
            if (headClasses != null) {
                m = ModelSurgery.replaceHead(m, headClasses, headSeed);
            }
            if (freezeUntil != null) {
                m = ModelSurgery.freezeUntil(m, freezeUntil);
            }
            if (!frozen.isEmpty()) {
                m = ModelSurgery.freeze(m, frozen);
            }
            return m;
        }

        public Settings settings(KerasModel prepared) {
            Optimizer o = learningRate == null ? optimizer : optimizer.withLearningRate(learningRate);
            Loss l = loss != null ? loss : defaultLoss(prepared);
            if (checkpointEvery > 0 && checkpointFormat != CheckpointFormat.H5) {
                throw new IllegalArgumentException("checkpoints inside an epoch are resumable .h5 files; "
                        + "use the H5 checkpoint format with checkpointEvery");
            }
            return new Settings(o, l, batchSize, epochs, shuffle, seed, validationSplit, patience, checkpointDir,
                    checkpointFormat, checkpointEvery, onCollapse, collapseEpochs, probeSamples, List.copyOf(listeners));
        }

        /** Compiles the training graph and loads the weights; close the trainer to free it. */
        public Trainer build() {
            KerasModel prepared = preparedModel();
            Settings s = settings(prepared);
            if (resumeFrom != null && s.checkpointDir() != null && s.checkpointFormat() != CheckpointFormat.H5) {
                throw new IllegalArgumentException("resumable checkpoints are .h5 files; keep the H5 checkpoint format");
            }
            Trainer t = new Trainer(prepared, s, device);
            if (resumeFrom != null) {
                try {
                    t.restore(resumeFrom);
                } catch (RuntimeException e) {
                    t.close();
                    throw e;
                }
            }
            return t;
        }
    }

    /** Keras' usual pairing: softmax → categorical cross-entropy, one sigmoid unit → binary. */
    static Loss defaultLoss(KerasModel m) {
        int k = m.outputShapes().get(0).dim(-1);
        if (k == 1) {
            String act = m.layer(m.outputs().get(0).layer()).spec() instanceof DenseSpec d ? d.activation() : "";
            if (act.equals("sigmoid")) {
                return Loss.BINARY_CROSSENTROPY;
            }
        }
        return Loss.CATEGORICAL_CROSSENTROPY;
    }
}
