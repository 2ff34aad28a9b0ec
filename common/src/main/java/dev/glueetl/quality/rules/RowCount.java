package dev.glueetl.quality.rules;

import static dev.glueetl.quality.rules.Deequ.none;

import software.amazon.glue.dqdl.model.DQRule;

/** {@code RowCount between 100 and 10000}: the number of rows, on Deequ's Size. Metric {@code Dataset.*.RowCount}. */
public record RowCount() implements RuleType {
  @Override
  public void plan(DQRule rule, Plan plan) {
    plan.metric("Dataset.*.RowCount", (check, assertion) -> check.hasSize(assertion, none()));
  }
}
