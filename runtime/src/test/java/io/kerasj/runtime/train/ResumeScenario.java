package io.kerasj.runtime.train;

import static io.kerasj.runtime.train.TrainModels.layer;

import io.kerasj.ir.KerasModel;
import io.kerasj.runtime.data.FloatDataset;
import java.nio.file.Path;

/**
 * The small run the resume tests interrupt: a conv net with BatchNormalization (moving statistics)
 * and Dropout (masks per step), Adam (moments and step counter), shuffled batches and a validation
 * split — every piece of state a restart must carry. {@link #main} runs it in a child JVM, slowed
 * per batch so that a kill lands mid-epoch.
 */
final class ResumeScenario {
    static final int EPOCHS = 3;

    private ResumeScenario() {
    }

    static KerasModel model() {
        return TrainModels.sequential(new int[] {8, 8, 1},
                layer("Conv2D", "conv", "\"filters\": 4, \"kernel_size\": [3, 3], \"strides\": [1, 1], \"padding\": \"same\", "
                        + "\"data_format\": \"channels_last\", \"activation\": \"linear\", \"use_bias\": true"),
                layer("BatchNormalization", "bn", "\"axis\": [3], \"momentum\": 0.9, \"epsilon\": 0.001"),
                layer("Activation", "relu", "\"activation\": \"relu\""),
                layer("MaxPooling2D", "pool", "\"pool_size\": [2, 2], \"strides\": [2, 2], \"padding\": \"valid\", "
                        + "\"data_format\": \"channels_last\""),
                layer("Flatten", "flat", ""),
                layer("Dropout", "drop", "\"rate\": 0.3"),
                layer("Dense", "out", "\"units\": 3, \"activation\": \"softmax\""));
    }

    static FloatDataset data() {
        return TrainModels.argmaxData(300, 3, 11, 8, 8, 1);
    }

    /** 240 training samples in 15 batches of 16 per epoch, a checkpoint every 4 steps. */
    static FineTune.Builder builder(Path checkpoints) {
        return FineTune.builder(model()).optimizer(Optimizer.adam().withLearningRate(0.01)).batchSize(16)
                .epochs(EPOCHS).seed(5).validationSplit(0.2).checkpointDir(checkpoints).checkpointEvery(4);
    }

    /** {@code ResumeScenario DIR MILLIS_PER_BATCH}: trains into DIR, sleeping after every batch. */
    public static void main(String[] args) throws Exception {
        long pause = Long.parseLong(args[1]);
        TrainingListener slow = new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, int batches, double loss, double accuracy, long elapsedNanos) {
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (Trainer t = builder(Path.of(args[0])).listener(slow).build()) {
            t.fit(data(), null);
        }
        System.out.println("finished");
    }
}
