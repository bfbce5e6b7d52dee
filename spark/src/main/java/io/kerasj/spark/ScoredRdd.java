package io.kerasj.spark;

import java.util.List;
import org.apache.spark.Dependency;
import org.apache.spark.OneToOneDependency;
import org.apache.spark.Partition;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import scala.collection.Iterator;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The input DataFrame's internal rows, scored partition by partition (one partition of the input
 * is one of this RDD, as with a map).
 *
 * <p>The input is planned only when a job first asks for this RDD's lineage, not when the
 * transformer builds it: planning a query with a shuffle runs the shuffle's stages (adaptive query
 * execution plans them by running them), and {@code transform} must stay lazy.
 */
final class ScoredRdd extends RDD<InternalRow> {
    private static final long serialVersionUID = 1L;
    private static final ClassTag<InternalRow> ROWS = ClassTag$.MODULE$.apply(InternalRow.class);

    /** Only on the driver: a classic (not Spark Connect) DataFrame. */
    private final transient org.apache.spark.sql.classic.Dataset<Row> input;
    private final PartitionScorer scorer;

    ScoredRdd(org.apache.spark.sql.classic.Dataset<Row> input, PartitionScorer scorer) {
        super(input.sparkSession().sparkContext(), CollectionConverters.asScala(List.<Dependency<?>>of()).toList(), ROWS);
        this.input = input;
        this.scorer = scorer;
    }

    @Override
    public Seq<Dependency<?>> getDependencies() {
        // called once, on the driver (RDD.dependencies keeps the answer, and ships it with the tasks)
        RDD<InternalRow> rows = input.queryExecution().toRdd();
        return CollectionConverters.asScala(List.<Dependency<?>>of(new OneToOneDependency<>(rows))).toList();
    }

    @Override
    public Partition[] getPartitions() {
        return firstParent(ROWS).partitions();
    }

    @Override
    public Seq<String> getPreferredLocations(Partition split) {
        return firstParent(ROWS).preferredLocations(split);
    }

    @Override
    public Iterator<InternalRow> compute(Partition split, TaskContext context) {
        java.util.Iterator<InternalRow> rows = CollectionConverters.asJava(firstParent(ROWS).iterator(split, context));
        return CollectionConverters.asScala(scorer.score(rows));
    }
}
