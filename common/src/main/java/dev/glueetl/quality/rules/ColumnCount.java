package dev.glueetl.quality.rules;

import software.amazon.glue.dqdl.model.DQRule;

/** {@code ColumnCount = 18}: the number of columns, from the schema. Metric {@code Dataset.*.ColumnCount}. */
public record ColumnCount() implements RuleType {
  @Override
  public void plan(DQRule rule, Plan plan) {
    plan.value("Dataset.*.ColumnCount", plan.columns().size());
  }
}
