package dev.glueetl.quality;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * DQDL (AWS Glue Data Quality's rule language) evaluated on Deequ, anywhere Spark runs: jobs, tests, notebooks. A
 * Java-typed entry point: DataFrames, Strings and Maps in, a DataFrame out.
 *
 * <pre>
 * Dataset&lt;Row&gt; results = DataQuality.evaluate(orders, "Rules = [ IsPrimaryKey \"order_id\", ColumnValues \"total\" &gt; 0 ]");
 * results.show();   // rule | outcome | failure_reason | evaluated_metrics | notes
 * </pre>
 */
public final class DataQuality {
  /** One row per top-level rule, in Glue Data Quality's shape. */
  public static final StructType RESULTS =
      new StructType()
          .add("rule", StringType, false)
          .add("outcome", StringType, false)
          .add("failure_reason", StringType)
          .add("evaluated_metrics", createMapType(StringType, DoubleType))
          .add("notes", StringType);

  private DataQuality() {}

  /** Evaluates a DQDL ruleset on {@code data}; dynamic rules see no history and pass on their first evaluation. */
  public static Dataset<Row> evaluate(Dataset<Row> data, String dqdl) {
    return evaluate(data, dqdl, Map.of());
  }

  /** As {@link #evaluate(Dataset, String)}, with datasets that ReferentialIntegrity rules name by alias. */
  public static Dataset<Row> evaluate(Dataset<Row> data, String dqdl, Map<String, Dataset<Row>> references) {
    SparkSession spark = data.sparkSession();
    List<RuleResult> results = results(data, dqdl, references, MetricHistory.NONE);
    return spark.createDataFrame(toRows(results), RESULTS);
  }

  /** The results as Java records, for callers that decide on them (jobs, gates). */
  public static List<RuleResult> results(Dataset<Row> data, String dqdl, Map<String, Dataset<Row>> references, MetricHistory history) {
    return RuleEvaluator.evaluate(
        data, Rulesets.parse(dqdl, "(inline ruleset)"), new RuleEvaluator.Context(data.sparkSession(), references, history, Instant.now()));
  }

  /** The score Glue reports: passed rules / all rules. */
  public static double score(List<RuleResult> results) {
    return results.isEmpty() ? 1.0 : results.stream().filter(RuleResult::passed).count() / (double) results.size();
  }

  static List<Row> toRows(List<RuleResult> results) {
    List<Row> rows = new ArrayList<>();
    for (RuleResult result : results) {
      rows.add(
          RowFactory.create(
              result.rule(), result.outcome().name(), result.failureReason().isEmpty() ? null : result.failureReason(),
              new LinkedHashMap<>(result.evaluatedMetrics()), result.notes().isEmpty() ? null : result.notes()));
    }
    return rows;
  }
}
