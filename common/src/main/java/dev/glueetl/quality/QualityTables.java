package dev.glueetl.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import dev.glueetl.error.Errors;
import dev.glueetl.lake.Lake;
import dev.glueetl.lake.TableId;
import dev.glueetl.lake.Zone;
import dev.glueetl.quality.report.QualitySite;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Where quality runs are kept: {@code <pipeline>_quality.results} (one row per rule per run, Glue's result shape plus
 * run, table and ruleset) and {@code <pipeline>_quality.metrics} (every metric value per run: the history dynamic rules
 * read).
 */
public final class QualityTables {
  public static final StructType RESULTS =
      new StructType()
          .add("run_id", StringType, false)
          .add("workflow_run_id", StringType)
          .add("evaluated_at", TimestampType, false)
          .add("table", StringType, false)
          .add("ruleset", StringType, false)
          .add("action", StringType, false)
          .add("rule", StringType, false)
          .add("outcome", StringType, false)
          .add("failure_reason", StringType)
          .add("evaluated_metrics", createMapType(StringType, DoubleType))
          .add("notes", StringType)
          .add("score", DoubleType, false);

  public static final StructType METRICS =
      new StructType()
          .add("run_id", StringType, false)
          .add("evaluated_at", TimestampType, false)
          .add("table", StringType, false)
          .add("ruleset", StringType, false)
          .add("metric", StringType, false)
          .add("value", DoubleType, false);

  private QualityTables() {}

  public static TableId results(String pipeline) {
    return TableId.of(pipeline, Zone.QUALITY, "results");
  }

  public static TableId metrics(String pipeline) {
    return TableId.of(pipeline, Zone.QUALITY, "metrics");
  }

  /**
   * Writes the quality report site of {@code pipeline} from its results and metrics tables into {@code directory}
   * ({@link QualitySite#defaultLocation} is where the quality job writes it) and returns the location of its
   * {@code index.html}.
   *
   * @throws dev.glueetl.error.GlueEtlException TABLE_NOT_FOUND when the pipeline has no results table yet
   */
  public static String writeReportSite(SparkSession spark, Lake lake, String pipeline, String directory) {
    String resultsPath = lake.pathOf(results(pipeline));
    if (!DeltaTable.isDeltaTable(spark, resultsPath)) {
      throw Errors.tableNotFound(results(pipeline).catalogName(), resultsPath, "run the quality job first (./glue-etl run " + pipeline + ")");
    }
    String metricsPath = lake.pathOf(metrics(pipeline));
    // a run whose every metric was NaN records no metric row; before such a table exists there are no trends
    Dataset<Row> metricRows =
        DeltaTable.isDeltaTable(spark, metricsPath) ? spark.read().format("delta").load(metricsPath) : spark.createDataFrame(List.of(), METRICS);
    return QualitySite.write(pipeline, spark.read().format("delta").load(resultsPath), metricRows, directory);
  }

  /** The metric history of one table, from the runs before this one: metric to values, the most recent first. */
  public static MetricHistory history(SparkSession spark, Lake lake, String pipeline, String table) {
    String path = lake.pathOf(metrics(pipeline));
    Map<String, List<Double>> values = new HashMap<>();
    if (DeltaTable.isDeltaTable(spark, path)) {
      for (Row row :
          spark.read().format("delta").load(path).where(col("table").equalTo(table)).orderBy(col("evaluated_at").desc(), col("run_id").desc())
              .select("metric", "value").collectAsList()) {
        values.computeIfAbsent(row.getString(0), k -> new ArrayList<>()).add(row.getDouble(1));
      }
    }
    return (metric, count) -> {
      List<Double> all = values.getOrDefault(metric, List.of());
      return List.copyOf(all.subList(0, Math.min(count, all.size())));
    };
  }
}
