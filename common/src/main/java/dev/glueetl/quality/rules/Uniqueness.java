package dev.glueetl.quality.rules;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import software.amazon.glue.dqdl.model.DQRule;

/**
 * {@code Uniqueness "session_id" = 1.0}: the share of values occurring once (Deequ's uniqueness), judged by the
 * condition. Row-level: of each value the first row passes, the duplicates after it fail. Metric
 * {@code Column.c.Uniqueness}.
 */
public record Uniqueness() implements RowRule {
  @Override
  public void plan(DQRule rule, Plan plan) {
    String column = RuleType.column(rule);
    plan.metric(metricName(column), of(column));
  }

  @Override
  public RowCheck rowCheck(DQRule rule, Dataset<Row> data, RowScope scope) {
    return UniqueRows.firstOfEachValue(data, List.of(RuleType.column(rule)), scope);
  }

  static String metricName(String column) {
    return "Column." + column + ".Uniqueness";
  }

  /** Deequ's uniqueness of {@code column}. */
  static DeequMetric of(String column) {
    return (check, assertion) -> check.hasUniqueness(column, assertion);
  }
}
