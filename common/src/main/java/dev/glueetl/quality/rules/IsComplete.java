package dev.glueetl.quality.rules;

import java.time.Instant;
import org.apache.spark.sql.Column;
import software.amazon.glue.dqdl.model.DQRule;

/** {@code IsComplete "user_id"}: no NULL value; a NULL row fails. Metric {@code Column.c.Completeness}. */
public record IsComplete() implements RowCondition {
  @Override
  public void plan(DQRule rule, Plan plan) {
    String column = RuleType.column(rule);
    plan.metric(Completeness.metricName(column), Completeness.of(column), v -> v == 1.0);
  }

  @Override
  public Column condition(DQRule rule, Instant now) {
    return Completeness.nonNull(RuleType.column(rule));
  }
}
