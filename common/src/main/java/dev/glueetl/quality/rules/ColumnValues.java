package dev.glueetl.quality.rules;

import java.time.Instant;
import org.apache.spark.sql.Column;
import software.amazon.glue.dqdl.model.DQRule;

/**
 * {@code ColumnValues "payment_method" in ["CASH","CARD"]}, {@code ColumnValues "total" > 0 with threshold > 0.99}:
 * each row's value against the condition ({@link Predicates#columnValues}); the share of passing rows must be 1, or
 * meet the threshold. Metric {@code Column.c.ColumnValues.Compliance}.
 */
public record ColumnValues() implements RowCondition {
  @Override
  public boolean takesThreshold() {
    return true;
  }

  @Override
  public void plan(DQRule rule, Plan plan) {
    plan.compliance("Column." + RuleType.column(rule) + ".ColumnValues.Compliance", condition(rule, plan.now()));
  }

  @Override
  public Column condition(DQRule rule, Instant now) {
    return Predicates.columnValues(RuleType.column(rule), rule.getCondition(), now);
  }
}
