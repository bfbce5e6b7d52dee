package io.kerasj.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark ML persistence: a transformer saved on its own or inside a {@code PipelineModel} loads
 * back with every param, and the loaded one scores exactly like the one that was saved.
 */
class TransformerPersistenceTest {
    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = TestSessions.start("local[1]");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static KerasModelTransformer configured() {
        return new KerasModelTransformer().setModelPath(ScoringImages.MODEL.toString()).setInputCol("x")
                .setOutputCol("scores").setTopK(2).setTopKCol("best").setErrorCol("why").setBatchSize(4)
                .setImageScale(0.5);
    }

    @Test
    void aPipelineModelHoldingTheTransformerSavesLoadsAndScoresTheSame() throws Exception {
        KerasModelTransformer original = configured();
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {original}).fit(tensors());
        String path = dir.resolve("pipeline").toUri().toString();
        fitted.write().overwrite().save(path);

        Transformer[] stages = PipelineModel.load(path).stages();
        assertEquals(1, stages.length);
        KerasModelTransformer loaded = assertInstanceOf(KerasModelTransformer.class, stages[0]);
        assertEquals(original.uid(), loaded.uid());
        assertEquals(original.extractParamMap().toString(), loaded.extractParamMap().toString());
        assertEquals(ScoringImages.MODEL.toString(), loaded.getModelPath());
        assertEquals(4, loaded.getBatchSize());

        List<Row> want = original.transform(tensors()).orderBy("id").collectAsList();
        List<Row> got = PipelineModel.load(path).transform(tensors()).orderBy("id").collectAsList();
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i).schema(), got.get(i).schema());
            assertArrayEquals(ScoringImages.bits(ScoringImages.floats(want.get(i).getList(want.get(i).fieldIndex("scores")))),
                    ScoringImages.bits(ScoringImages.floats(got.get(i).getList(got.get(i).fieldIndex("scores")))));
            assertEquals(want.get(i).getList(want.get(i).fieldIndex("best")), got.get(i).getList(got.get(i).fieldIndex("best")));
            assertEquals(2, got.get(i).getList(got.get(i).fieldIndex("best")).size());
        }
    }

    @Test
    void theTransformerAloneLoadsWithItsParamsAndItsDefaults() throws Exception {
        KerasModelTransformer original = configured().setLayerName("dense").setFailOnBadRow(true);
        String path = dir.resolve("stage").toString();
        original.save(path);
        KerasModelTransformer loaded = KerasModelTransformer.load(path);
        assertEquals(original.extractParamMap().toString(), loaded.extractParamMap().toString());
        // a default stays a default (not turned into a set value) across the round trip
        assertEquals(original.isSet(original.layerCol()), loaded.isSet(loaded.layerCol()));
        assertEquals("layer", loaded.getOrDefault(loaded.layerCol()));
    }

    /** A few random 28×28×1 samples with an id, as non-nullable {@code array<float>}. */
    private static Dataset<Row> tensors() {
        Random r = new Random(3);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Float[] v = new Float[784];
            for (int k = 0; k < v.length; k++) {
                v[k] = r.nextFloat();
            }
            rows.add(RowFactory.create(i, v));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType)
                .add("x", DataTypes.createArrayType(DataTypes.FloatType, false));
        return spark.createDataFrame(rows, schema).coalesce(1);
    }
}
