package dev.glueetl.quality.rules;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import software.amazon.glue.dqdl.model.DQRule;

/**
 * {@code IsUnique "order_id"}: every value occurs once (NULLs ignored, as in Deequ). Row-level: the duplicates after the
 * first row of each value fail. Metric {@code Column.c.Uniqueness}.
 */
public record IsUnique() implements RowRule {
  @Override
  public void plan(DQRule rule, Plan plan) {
    String column = RuleType.column(rule);
    plan.metric(Uniqueness.metricName(column), Uniqueness.of(column), v -> v == 1.0);
  }

  @Override
  public RowCheck rowCheck(DQRule rule, Dataset<Row> data, RowScope scope) {
    return UniqueRows.firstOfEachValue(data, List.of(RuleType.column(rule)), scope);
  }
}
