package dev.glueetl.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
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
 * read) and {@code <pipeline>_quality.profiles} (one row per column per profile run of {@code ./glue-etl profile}).
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

  /** One of a column's most frequent values in {@link #PROFILES}: the value as text (null for NULL), its rows, their fraction. */
  public static final StructType TOP_VALUE =
      new StructType().add("value", StringType).add("count", LongType, false).add("ratio", DoubleType, false);

  /**
   * {@code <pipeline>_quality.profiles}: one row per column per profile run, appended (see docs/profiling.md). {@code
   * table} is the profiled table's catalog name; min and max are text so that one column holds numbers, dates and
   * strings; mean and stddev are null for non-numeric columns.
   */
  public static final StructType PROFILES =
      new StructType()
          .add("profiled_at", TimestampType, false)
          .add("run_id", StringType, false)
          .add("table", StringType, false)
          .add("column", StringType, false)
          .add("type", StringType, false)
          .add("completeness", DoubleType, false)
          .add("approx_distinct", LongType, false)
          .add("min", StringType)
          .add("max", StringType)
          .add("mean", DoubleType)
          .add("stddev", DoubleType)
          .add("top_values", createArrayType(TOP_VALUE, false));

  private QualityTables() {}

  public static TableId profiles(String pipeline) {
    return TableId.of(pipeline, Zone.QUALITY, "profiles");
  }

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
    String profilesPath = lake.pathOf(profiles(pipeline));
    Dataset<Row> profileRows =
        DeltaTable.isDeltaTable(spark, profilesPath) ? spark.read().format("delta").load(profilesPath) : spark.createDataFrame(List.of(), PROFILES);
    return QualitySite.write(pipeline, spark.read().format("delta").load(resultsPath), metricRows, profileRows, directory);
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
