package dev.glueetl.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.config.MetricConfig;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model step ({@link ModelMetric}) on synthetic curves: three groups of regions with clearly different shapes
 * (early peak, late peak, flat), each curve already divided by its peak as a features query would.
 */
class ModelMetricTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final StructType FEATURES =
      new StructType()
          .add("region", DataTypes.StringType, false)
          .add("p1", DataTypes.DoubleType)
          .add("p2", DataTypes.DoubleType)
          .add("p3", DataTypes.DoubleType)
          .add("p4", DataTypes.DoubleType);

  /** Early: r2, r5, r9. Late: r1, r6, r7. Flat: r3, r4, r8. Small differences inside each group. */
  private static List<Row> curves() {
    return List.of(
        RowFactory.create("r1", 0.0, 0.1, 0.5, 1.0),
        RowFactory.create("r2", 1.0, 0.5, 0.1, 0.0),
        RowFactory.create("r3", 1.0, 0.9, 1.0, 0.9),
        RowFactory.create("r4", 0.9, 1.0, 0.9, 1.0),
        RowFactory.create("r5", 1.0, 0.4, 0.2, 0.0),
        RowFactory.create("r6", 0.1, 0.2, 0.6, 1.0),
        RowFactory.create("r7", 0.0, 0.0, 0.4, 1.0),
        RowFactory.create("r8", 1.0, 1.0, 0.95, 0.95),
        RowFactory.create("r9", 1.0, 0.6, 0.0, 0.1));
  }

  private static MetricConfig kmeans(int k) {
    return new MetricConfig(
        "region_clusters", "(features)", "test", List.of("region"), "region", new MetricConfig.Reach(MetricConfig.Reach.Kind.ALL, 1, ""),
        Optional.of(new MetricConfig.Model(MetricConfig.Model.Type.KMEANS, k, 42, "region", 50)));
  }

  @Test
  void clustersWellSeparatedCurvesByShapeNumberedBySmallestMemberAndTheSameWhateverTheInputOrder() {
    Dataset<Row> inOrder = spark.createDataFrame(curves(), FEATURES).repartition(3);
    List<Row> reversed = new ArrayList<>(curves());
    java.util.Collections.reverse(reversed);
    Dataset<Row> otherOrder = spark.createDataFrame(reversed, FEATURES).repartition(2);

    ModelMetric.Result first = ModelMetric.kmeans(spark, "covid_curated.region_clusters", kmeans(3), inOrder);
    ModelMetric.Result second = ModelMetric.kmeans(spark, "covid_curated.region_clusters", kmeans(3), otherOrder);

    // cluster 1 holds r1 (the smallest id: the late group), 2 holds r2 (early), 3 holds r3 (flat)
    assertThat(clusters(first))
        .isEqualTo(new TreeMap<>(Map.of("r1", 1, "r2", 2, "r3", 3, "r4", 3, "r5", 2, "r6", 1, "r7", 1, "r8", 3, "r9", 2)));
    assertThat(first.clusters().schema().fieldNames()).containsExactly("region", "cluster");
    // centres: the mean of each group's curves, by hand
    List<Row> centres = first.centres().orderBy("cluster").collectAsList();
    assertThat(first.centres().schema().fieldNames()).containsExactly("cluster", "size", "p1", "p2", "p3", "p4");
    assertCentre(centres.get(0), 1, 3, 0.1 / 3, 0.3 / 3, 1.5 / 3, 1.0);
    assertCentre(centres.get(1), 2, 3, 1.0, 0.5, 0.3 / 3, 0.1 / 3);
    assertCentre(centres.get(2), 3, 3, 2.9 / 3, 2.9 / 3, 2.85 / 3, 2.85 / 3);
    // two runs, the input in another order and partitioning: identical tables, to the last bit
    assertThat(second.clusters().orderBy("region").collectAsList()).isEqualTo(first.clusters().orderBy("region").collectAsList());
    assertThat(second.centres().orderBy("cluster").collectAsList()).isEqualTo(centres);
  }

  @Test
  void moreClustersThanEntitiesIsTheMetricsError() {
    Dataset<Row> two = spark.createDataFrame(curves().subList(0, 2), FEATURES);
    assertThatThrownBy(() -> ModelMetric.kmeans(spark, "covid_curated.region_clusters", kmeans(3), two))
        .isInstanceOfSatisfying(
            GlueEtlException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.METRIC_FAILED);
              assertThat(e.parameters()).containsEntry("table", "covid_curated.region_clusters");
              assertThat(e.parameters().get("problem")).isEqualTo("k = 3 clusters but only 2 entities: lower model.k to at most 2");
            });
  }

  @Test
  void aNonNumericOrNullFeatureIsTheMetricsError() {
    Dataset<Row> text = spark.createDataFrame(curves(), FEATURES).selectExpr("region", "p1", "cast(p2 AS string) AS p2");
    assertThatThrownBy(() -> ModelMetric.kmeans(spark, "t", kmeans(3), text))
        .isInstanceOfSatisfying(GlueEtlException.class, e -> assertThat(e.parameters().get("problem")).startsWith("feature column 'p2' is string, not a number"));
    Dataset<Row> nulls = spark.createDataFrame(curves(), FEATURES).selectExpr("region", "p1", "CASE WHEN region IN ('r4', 'r6') THEN NULL ELSE p2 END AS p2");
    assertThatThrownBy(() -> ModelMetric.kmeans(spark, "t", kmeans(3), nulls))
        .isInstanceOfSatisfying(
            GlueEtlException.class, e -> assertThat(e.parameters().get("problem")).isEqualTo("2 entities have a NULL feature (the first: region = r4): fill or drop them in the query"));
  }

  @Test
  void kBelowTwoKeyOrReachOtherThanAllAreRefusedWhenThePipelineIsRead(@TempDir Path dir) throws Exception {
    for (String[] edit : List.of(
        new String[] {"k: 3", "k: 1", "metrics[3].model.k"},
        new String[] {"    model: {type: kmeans", "    reach: day\n    model: {type: kmeans", "metrics[3].reach"},
        new String[] {"    model: {type: kmeans", "    key: [region]\n    model: {type: kmeans", "metrics[3].key"})) {
      Path pipeline = ProjectFiles.pipelineCopy("covid", java.nio.file.Files.createDirectories(dir.resolve(edit[2].replaceAll("[^a-z0-9]", "_"))), yaml -> yaml.replace(edit[0], edit[1]));
      assertThatThrownBy(() -> PipelineConfig.load(pipeline.toString(), new org.apache.hadoop.conf.Configuration()))
          .as(edit[1])
          .isInstanceOfSatisfying(
              GlueEtlException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID_VALUE);
                assertThat(e.parameters()).containsEntry("key", edit[2]);
              });
    }
  }

  private static TreeMap<String, Integer> clusters(ModelMetric.Result result) {
    TreeMap<String, Integer> clusters = new TreeMap<>();
    result.clusters().collectAsList().forEach(row -> clusters.put(row.getString(0), row.getInt(1)));
    return clusters;
  }

  private static void assertCentre(Row centre, int cluster, long size, double... coordinates) {
    assertThat(centre.getInt(0)).isEqualTo(cluster);
    assertThat(centre.getLong(1)).isEqualTo(size);
    for (int i = 0; i < coordinates.length; i++) {
      assertThat(centre.getDouble(2 + i)).as("cluster " + cluster + " p" + (i + 1)).isCloseTo(coordinates[i], org.assertj.core.data.Offset.offset(1e-9));
    }
  }
}
