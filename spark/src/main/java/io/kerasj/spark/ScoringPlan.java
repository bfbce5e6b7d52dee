package io.kerasj.spark;

import io.kerasj.runtime.Device;
import java.io.Serializable;

/** Everything a task needs to score its partition, decided on the driver and shipped with the task. */
record ScoringPlan(ModelSource model, Device device, InputKind kind, int inputColumn, double imageScale,
        int batchSize, int topK, String layer, boolean withError, boolean failOnBadRow) implements Serializable {

    /** Columns added after the input's: probabilities, then top-k, the layer and the error when asked for. */
    int addedColumns() {
        return 1 + (topK > 0 ? 1 : 0) + (layer != null ? 1 : 0) + (withError ? 1 : 0);
    }
}
