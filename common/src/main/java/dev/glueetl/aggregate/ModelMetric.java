package dev.glueetl.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.glueetl.config.MetricConfig;
import dev.glueetl.error.Errors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A metric that is a model: k-means over one feature row per entity, giving each entity's cluster and each cluster's
 * centre.
 *
 * <pre>
 * features query            k = 2, seed 42            &lt;table&gt;              &lt;table&gt;_centres
 * region  peak_week  late    →                         region  cluster      cluster  size  peak_week  late
 * A       0.1        0.0                               A       1            1        2     0.15       0.0
 * B       0.2        0.0                               B       1            2        1     0.9        1.0
 * C       0.9        1.0                               C       2
 * </pre>
 *
 * The same rows give the same tables on every run: the features are sorted by id into one partition (k-means' initial
 * centres are drawn per partition, so the partitioning must not vary), the seed is fixed, and clusters are numbered 1..n
 * by their smallest member id, not by MLlib's arbitrary order. Feature scaling is the query's job.
 */
public final class ModelMetric {
  /** The cluster table's columns after the id. */
  public static final String CLUSTER = "cluster";

  public static final String SIZE = "size";

  /** The suffix of the centres table. */
  public static final String CENTRES = "_centres";

  private ModelMetric() {}

  /** An entity's cluster, and each cluster's centre and size. */
  public record Result(Dataset<Row> clusters, Dataset<Row> centres) {}

  /**
   * Clusters the entities of {@code features} (an id column and numeric feature columns). Fails with METRIC_FAILED when
   * a feature is not numeric or NULL, an id repeats, or there are fewer entities than clusters.
   */
  public static Result kmeans(SparkSession spark, String table, MetricConfig metric, Dataset<Row> features) {
    MetricConfig.Model model = metric.model().orElseThrow();
    String id = model.id();
    List<String> featureColumns = new ArrayList<>();
    boolean hasId = false;
    for (StructField field : features.schema().fields()) {
      if (field.name().equals(id)) {
        hasId = true;
      } else if (field.dataType() instanceof NumericType) {
        featureColumns.add(field.name());
      } else {
        throw Errors.metricFailed(
            table, metric.source(), "feature column '" + field.name() + "' is " + field.dataType().simpleString() + ", not a number (every column but " + id + " is a feature)", null);
      }
    }
    if (!hasId) {
      throw Errors.metricFailed(table, metric.source(), "its features query returns no id column '" + id + "' (columns: " + String.join(", ", features.columns()) + ")", null);
    }
    if (featureColumns.isEmpty()) {
      throw Errors.metricFailed(table, metric.source(), "its features query returns no feature column besides " + id, null);
    }
    // one sorted partition: k-means|| draws its initial centres per partition, so the layout is part of the result
    Column anyNull = lit(false);
    for (String feature : featureColumns) {
      anyNull = anyNull.or(col(feature).isNull());
    }
    Dataset<Row> ordered = features.repartition(1).sortWithinPartitions(col(id)).cache();
    try {
      Row checks = ordered.agg(count(lit(1)), countDistinct(col(id)), sum(anyNull.cast("int")), min(when(anyNull, col(id)))).first();
      long entities = checks.getLong(0);
      if (checks.getLong(1) != entities) { // also a NULL id, which countDistinct does not count
        throw Errors.metricFailed(table, metric.source(), "its features query returns " + entities + " rows for " + checks.getLong(1) + " distinct " + id + ": one row per entity", null);
      }
      if (!checks.isNullAt(2) && checks.getLong(2) > 0) {
        throw Errors.metricFailed(
            table, metric.source(), checks.getLong(2) + " entities have a NULL feature (the first: " + id + " = " + checks.get(3) + "): fill or drop them in the query", null);
      }
      if (entities < model.k()) {
        throw Errors.metricFailed(
            table, metric.source(), "k = " + model.k() + " clusters but only " + entities + " entities: lower model.k to at most " + entities, null);
      }
      Dataset<Row> assembled =
          new VectorAssembler().setInputCols(featureColumns.toArray(new String[0])).setOutputCol("_features").transform(ordered.select(selection(id, featureColumns)));
      KMeansModel fitted =
          new KMeans()
              .setK(model.k())
              .setSeed(model.seed())
              .setMaxIter(model.maxIterations())
              .setFeaturesCol("_features")
              .setPredictionCol("_raw")
              .fit(assembled);
      List<Row> predicted = fitted.transform(assembled).select(col(id), col("_raw")).collectAsList(); // one row per entity: small
      return relabel(spark, id, featureColumns, features.schema().apply(id), predicted, fitted.clusterCenters());
    } finally {
      ordered.unpersist();
    }
  }

  private static Column[] selection(String id, List<String> featureColumns) {
    List<Column> columns = new ArrayList<>();
    columns.add(col(id));
    featureColumns.forEach(f -> columns.add(col(f).cast("double").as(f)));
    return columns.toArray(new Column[0]);
  }

  /** Numbers clusters 1..n by their smallest member id, so a label means the same cluster on every run. */
  @SuppressWarnings("unchecked")
  private static Result relabel(SparkSession spark, String id, List<String> featureColumns, StructField idField, List<Row> predicted, Vector[] centres) {
    Map<Integer, Comparable<Object>> smallest = new HashMap<>();
    Map<Integer, Long> sizes = new HashMap<>();
    for (Row row : predicted) {
      int raw = row.getInt(1);
      Comparable<Object> member = (Comparable<Object>) row.get(0);
      smallest.merge(raw, member, (a, b) -> a.compareTo(b) <= 0 ? a : b);
      sizes.merge(raw, 1L, Long::sum);
    }
    List<Integer> order = new ArrayList<>(smallest.keySet());
    order.sort((a, b) -> smallest.get(a).compareTo(smallest.get(b)));
    Map<Integer, Integer> label = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      label.put(order.get(i), i + 1);
    }
    List<Row> clusterRows = new ArrayList<>();
    for (Row row : predicted) {
      clusterRows.add(RowFactory.create(row.get(0), label.get(row.getInt(1))));
    }
    StructType clusterSchema = new StructType().add(idField.name(), idField.dataType(), false).add(CLUSTER, DataTypes.IntegerType, false);
    List<Row> centreRows = new ArrayList<>();
    StructType centreSchema = new StructType().add(CLUSTER, DataTypes.IntegerType, false).add(SIZE, DataTypes.LongType, false);
    for (String feature : featureColumns) {
      centreSchema = centreSchema.add(feature, DataTypes.DoubleType, false);
    }
    for (int raw : order) {
      Object[] values = new Object[2 + featureColumns.size()];
      values[0] = label.get(raw);
      values[1] = sizes.get(raw);
      double[] centre = centres[raw].toArray();
      for (int i = 0; i < centre.length; i++) {
        values[2 + i] = centre[i];
      }
      centreRows.add(RowFactory.create(values));
    }
    return new Result(spark.createDataFrame(clusterRows, clusterSchema), spark.createDataFrame(centreRows, centreSchema));
  }
}
