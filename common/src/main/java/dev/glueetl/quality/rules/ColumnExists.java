package dev.glueetl.quality.rules;

import java.util.List;
import software.amazon.glue.dqdl.model.DQRule;

/** {@code ColumnExists "event_id"}: fails, rather than errs, when the column is missing. No metric. */
public record ColumnExists() implements RuleType {
  /** None required: a missing column is this rule's failure, not an error. */
  @Override
  public List<String> columns(DQRule rule) {
    return List.of();
  }

  @Override
  public void plan(DQRule rule, Plan plan) {
    String column = RuleType.column(rule);
    if (plan.columns().stream().anyMatch(c -> c.equalsIgnoreCase(column))) {
      plan.passed();
    } else {
      plan.failed("column '" + column + "' does not exist");
    }
  }
}
