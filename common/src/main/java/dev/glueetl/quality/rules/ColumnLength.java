package dev.glueetl.quality.rules;

import static dev.glueetl.quality.rules.Deequ.none;

import java.time.Instant;
import org.apache.spark.sql.Column;
import software.amazon.glue.dqdl.model.DQRule;

/**
 * {@code ColumnLength "store" between 2 and 40}: each value's length in characters against the condition; every row
 * must pass. Metrics {@code Column.c.ColumnLength.Compliance}, and for information {@code MinimumLength},
 * {@code MaximumLength}.
 */
public record ColumnLength() implements RowCondition {
  @Override
  public void plan(DQRule rule, Plan plan) {
    String column = RuleType.column(rule);
    String prefix = "Column." + column + ".";
    plan.compliance(prefix + "ColumnLength.Compliance", condition(rule, plan.now()));
    plan.metric(prefix + "MinimumLength", (check, assertion) -> check.hasMinLength(column, assertion, none(), none()), v -> true);
    plan.metric(prefix + "MaximumLength", (check, assertion) -> check.hasMaxLength(column, assertion, none(), none()), v -> true);
  }

  @Override
  public Column condition(DQRule rule, Instant now) {
    return Predicates.columnLength(RuleType.column(rule), rule.getCondition());
  }
}
