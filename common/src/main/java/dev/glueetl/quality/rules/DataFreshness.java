package dev.glueetl.quality.rules;

import java.time.Instant;
import org.apache.spark.sql.Column;
import software.amazon.glue.dqdl.model.DQRule;

/**
 * {@code DataFreshness "order_time" <= 24 hours}: each value's age at {@code now()} against the duration; every row must
 * pass. Metric {@code Column.c.DataFreshness.Compliance}.
 */
public record DataFreshness() implements RowCondition {
  @Override
  public void plan(DQRule rule, Plan plan) {
    plan.compliance("Column." + RuleType.column(rule) + ".DataFreshness.Compliance", condition(rule, plan.now()));
  }

  @Override
  public Column condition(DQRule rule, Instant now) {
    return Predicates.freshness(RuleType.column(rule), rule.getCondition(), now);
  }
}
