package io.kerasj.spark;

import io.kerasj.runtime.Device;
import io.kerasj.runtime.Predictor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReadable;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * Scores a DataFrame with an imported Keras model (any format kerasj reads), as a Spark ML
 * {@link Transformer}. The input column holds rows of Spark's {@code image} source, encoded image
 * bytes (the {@code content} of the {@code binaryFile} source; decoded and resized exactly like
 * {@code kerasj predict --image}) or {@code array<float>} samples in the model's input shape. The
 * output adds the model's first output ({@code array<float>}), optionally the top-k class indices
 * ({@code array<int>}) and a named layer's activations, and an error column that is null for
 * scored rows and says why a row could not be scored (its outputs are then null).
 *
 * <p>The model is imported on the driver first, so a model that cannot be imported fails
 * {@link #transform} with its {@link io.kerasj.ir.KerasImportException} before any task runs; each
 * executor JVM then imports it once and shares the predictor between its tasks.
 *
 * <pre>{@code
 * Dataset<Row> scored = new KerasModelTransformer()
 *         .setModelPath("hdfs:///models/alexnet.h5").setInputCol("content").setBatchSize(32)
 *         .transform(spark.read().format("binaryFile").load("hdfs:///images"));
 * }</pre>
 *
 * <p>It saves and loads as a Spark ML stage ({@link #save}, {@link #load}, or inside a saved
 * {@code PipelineModel}): what is saved are the params, the model path among them; the model file
 * itself is not copied, so it must still be at that path when the stage is loaded and used.
 */
public final class KerasModelTransformer extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> modelPath;
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final Param<String> topKCol;
    private final IntParam topK;
    private final Param<String> layerName;
    private final Param<String> layerCol;
    private final Param<String> errorCol;
    private final IntParam batchSize;
    private final BooleanParam failOnBadRow;
    private final DoubleParam imageScale;
    private final Param<String> device;

    /** Reads a transformer saved with {@link #save} or {@link #write}. */
    public static MLReader<KerasModelTransformer> read() {
        return new DefaultParamsReadable<KerasModelTransformer>() { }.read();
    }

    /** The transformer saved at {@code path} (a Hadoop file system path). */
    public static KerasModelTransformer load(String path) {
        return read().load(path);
    }

    public KerasModelTransformer() {
        this(Identifiable.randomUID("kerasModel"));
    }

    public KerasModelTransformer(String uid) {
        this.uid = uid;
        // a Param asks its parent for the uid when it is made: make them once the uid is set
        modelPath = new Param<>(this, "modelPath",
                "the model: a Hadoop file system path (file:, hdfs:, s3a:, ...) or the name of a file given to SparkContext.addFile");
        inputCol = new Param<>(this, "inputCol",
                "input column: image struct, image bytes (binary) or array<float> in the model's input shape");
        outputCol = new Param<>(this, "outputCol", "output column: the model's first output, array<float>");
        topKCol = new Param<>(this, "topKCol", "column of the top-k class indices, array<int>");
        topK = new IntParam(this, "topK", "how many class indices topKCol holds (0: no such column)");
        layerName = new Param<>(this, "layerName", "a layer whose activations to add (empty: none)");
        layerCol = new Param<>(this, "layerCol", "column of layerName's activations, array<float>");
        errorCol = new Param<>(this, "errorCol",
                "column saying why a row could not be scored (null when it was; empty name: no such column)");
        batchSize = new IntParam(this, "batchSize", "rows scored by one model call");
        failOnBadRow = new BooleanParam(this, "failOnBadRow",
                "fail the job on the first row that cannot be scored, instead of giving it null outputs and an error");
        imageScale = new DoubleParam(this, "imageScale", "pixel multiplier for image inputs (default 1/255)");
        device = new Param<>(this, "device", "CPU or GPU (GPU needs the -Pgpu build on the executors)");
        setDefault(outputCol, "probabilities");
        setDefault(topKCol, "topK");
        setDefault(topK, 5);
        setDefault(layerName, "");
        setDefault(layerCol, "layer");
        setDefault(errorCol, "error");
        setDefault(batchSize, 32);
        setDefault(failOnBadRow, false);
        setDefault(imageScale, 1.0 / 255);
        setDefault(device, "CPU");
    }

    @Override
    public String uid() {
        return uid;
    }

    // Spark lists a stage's params by reflection: public no-argument methods returning Param

    public Param<String> modelPath() {
        return modelPath;
    }

    public Param<String> inputCol() {
        return inputCol;
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public Param<String> topKCol() {
        return topKCol;
    }

    public IntParam topK() {
        return topK;
    }

    public Param<String> layerName() {
        return layerName;
    }

    public Param<String> layerCol() {
        return layerCol;
    }

    public Param<String> errorCol() {
        return errorCol;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public BooleanParam failOnBadRow() {
        return failOnBadRow;
    }

    public DoubleParam imageScale() {
        return imageScale;
    }

    public Param<String> device() {
        return device;
    }

    public KerasModelTransformer setModelPath(String v) {
        set(modelPath, v);
        return this;
    }

    public KerasModelTransformer setInputCol(String v) {
        set(inputCol, v);
        return this;
    }

    public KerasModelTransformer setOutputCol(String v) {
        set(outputCol, v);
        return this;
    }

    public KerasModelTransformer setTopKCol(String v) {
        set(topKCol, v);
        return this;
    }

    public KerasModelTransformer setTopK(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("topK must be >= 0, got " + v);
        }
        set(topK, v);
        return this;
    }

    public KerasModelTransformer setLayerName(String v) {
        set(layerName, v);
        return this;
    }

    public KerasModelTransformer setLayerCol(String v) {
        set(layerCol, v);
        return this;
    }

    public KerasModelTransformer setErrorCol(String v) {
        set(errorCol, v);
        return this;
    }

    public KerasModelTransformer setBatchSize(int v) {
        if (v < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + v);
        }
        set(batchSize, v);
        return this;
    }

    public KerasModelTransformer setFailOnBadRow(boolean v) {
        set(failOnBadRow, v);
        return this;
    }

    public KerasModelTransformer setImageScale(double v) {
        set(imageScale, v);
        return this;
    }

    public KerasModelTransformer setDevice(String v) {
        Device.valueOf(v.toUpperCase(Locale.ROOT));
        set(device, v.toUpperCase(Locale.ROOT));
        return this;
    }

    public String getModelPath() {
        return $(modelPath);
    }

    public String getInputCol() {
        return $(inputCol);
    }

    public String getOutputCol() {
        return $(outputCol);
    }

    public int getBatchSize() {
        return (Integer) $(batchSize);
    }

    /**
     * The input schema plus the output columns. Imports the model on this (driver) JVM to check
     * that it can run on the input column.
     *
     * @throws io.kerasj.ir.KerasImportException when the model cannot be imported
     * @throws IllegalArgumentException when a column is missing, of the wrong type, or taken
     */
    @Override
    public StructType transformSchema(StructType schema) {
        plan(SparkSession.active(), schema);
        return outputSchema(schema);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType schema = dataset.schema();
        if (!(dataset.toDF() instanceof org.apache.spark.sql.classic.Dataset<Row> input)) {
            throw new IllegalArgumentException("the transformer runs on a classic Spark session, not on a Spark Connect client");
        }
        if (input.isStreaming()) {
            throw new IllegalArgumentException("a streaming DataFrame is scored batch by batch: call transform inside foreachBatch");
        }
        ScoringPlan plan = plan(input.sparkSession(), schema);
        // internal rows in and out: no value of the input is converted to a Java object and back
        ScoredRdd scored = new ScoredRdd(input, new PartitionScorer(plan));
        return input.sparkSession().internalCreateDataFrame(scored, outputSchema(schema), false);
    }

    @Override
    public KerasModelTransformer copy(ParamMap extra) {
        return (KerasModelTransformer) defaultCopy(extra);
    }

    private StructType outputSchema(StructType in) {
        StructType out = in;
        for (String name : addedNames()) {
            if (Arrays.asList(in.fieldNames()).contains(name)) {
                throw new IllegalArgumentException("output column '" + name + "' already exists in " + in.simpleString());
            }
        }
        out = out.add($(outputCol), DataTypes.createArrayType(DataTypes.FloatType, false), true);
        if (topKWanted()) {
            out = out.add($(topKCol), DataTypes.createArrayType(DataTypes.IntegerType, false), true);
        }
        if (layerWanted()) {
            out = out.add($(layerCol), DataTypes.createArrayType(DataTypes.FloatType, false), true);
        }
        if (errorWanted()) {
            out = out.add($(errorCol), DataTypes.StringType, true);
        }
        return out;
    }

    private List<String> addedNames() {
        List<String> names = new ArrayList<>(List.of($(outputCol)));
        if (topKWanted()) {
            names.add($(topKCol));
        }
        if (layerWanted()) {
            names.add($(layerCol));
        }
        if (errorWanted()) {
            names.add($(errorCol));
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("output columns must have different names: " + names);
        }
        return names;
    }

    private boolean topKWanted() {
        return (Integer) $(topK) > 0 && !$(topKCol).isEmpty();
    }

    private boolean layerWanted() {
        return !$(layerName).isEmpty();
    }

    private boolean errorWanted() {
        return !$(errorCol).isEmpty();
    }

    /** Checks the columns and the model on the driver; the model is imported here first. */
    private ScoringPlan plan(SparkSession spark, StructType schema) {
        if (!isDefined(modelPath) || !isDefined(inputCol)) {
            throw new IllegalArgumentException("set modelPath and inputCol before transforming");
        }
        if (!Arrays.asList(schema.fieldNames()).contains($(inputCol))) {
            throw new IllegalArgumentException("no input column '" + $(inputCol) + "' in " + schema.simpleString());
        }
        InputKind kind = InputKind.of($(inputCol), schema.apply($(inputCol)).dataType());
        Device dev = Device.valueOf($(device));
        ModelSource source = ModelSource.locate(spark, $(modelPath));
        double scale = (Double) $(imageScale);
        String layer = layerWanted() ? $(layerName) : null;
        try (PredictorCache.Lease lease = PredictorCache.acquire(source, dev)) {
            Predictor p = lease.predictor();
            if (p.inputShapes().size() != 1) {
                throw new IllegalArgumentException("the model has " + p.inputShapes().size() + " inputs; the transformer feeds one");
            }
            SampleDecoder.of(kind, schema.apply($(inputCol)).dataType(), p.inputShapes().get(0), scale);
            if (layer != null && !p.layerNames().contains(layer)) {
                throw new IllegalArgumentException("no layer named '" + layer + "'; layers: " + String.join(", ", p.layerNames()));
            }
        }
        addedNames();
        int pathColumn = schema.getFieldIndex("path").isDefined() && schema.apply("path").dataType() instanceof StringType
                ? schema.fieldIndex("path") : -1;
        return new ScoringPlan(source, dev, kind, schema.fieldIndex($(inputCol)), schema.apply($(inputCol)).dataType(), pathColumn,
                scale, (Integer) $(batchSize),
                topKWanted() ? (Integer) $(topK) : 0, layer, errorWanted(), (Boolean) $(failOnBadRow));
    }
}
