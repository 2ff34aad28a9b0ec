package dev.glueetl.quality.rules;

import static dev.glueetl.quality.rules.Deequ.none;
import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import software.amazon.glue.dqdl.model.DQRule;

/**
 * {@code Completeness "os" > 0.95}: the share of non-NULL values, judged by the condition. Row-level: a NULL row fails.
 * Metric {@code Column.c.Completeness}.
 */
public record Completeness() implements RowRule {
  @Override
  public void plan(DQRule rule, Plan plan) {
    String column = RuleType.column(rule);
    plan.metric(metricName(column), of(column));
  }

  @Override
  public RowCheck rowCheck(DQRule rule, Dataset<Row> data, RowScope scope) {
    return new RowCheck(data, nonNull(RuleType.column(rule)));
  }

  static String metricName(String column) {
    return "Column." + column + ".Completeness";
  }

  /** Deequ's completeness of {@code column}. */
  static DeequMetric of(String column) {
    return (check, assertion) -> check.hasCompleteness(column, assertion, none(), none());
  }

  /** The row test of the completeness rules: the value is not NULL. */
  static Column nonNull(String column) {
    return col(Predicates.quote(column)).isNotNull();
  }
}
