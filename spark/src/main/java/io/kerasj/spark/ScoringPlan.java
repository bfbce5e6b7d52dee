package io.kerasj.spark;

import io.kerasj.runtime.Device;
import java.io.Serializable;
import org.apache.spark.sql.types.DataType;

/**
 * Everything a task needs to score its partition, decided on the driver and shipped with the task.
 *
 * @param inputType the Spark type of column {@code inputColumn}
 * @param pathColumn the input's string {@code path} column (binaryFile's), named in row errors; -1 when none
 */
record ScoringPlan(ModelSource model, Device device, InputKind kind, int inputColumn, DataType inputType, int pathColumn,
        double imageScale, int batchSize, int topK, String layer, boolean withError, boolean failOnBadRow) implements Serializable {

    /** Columns added after the input's: probabilities, then top-k, the layer and the error when asked for. */
    int addedColumns() {
        return 1 + (topK > 0 ? 1 : 0) + (layer != null ? 1 : 0) + (withError ? 1 : 0);
    }
}
