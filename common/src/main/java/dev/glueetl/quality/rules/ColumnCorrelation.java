package dev.glueetl.quality.rules;

import static dev.glueetl.quality.rules.Deequ.none;

import java.util.List;
import software.amazon.glue.dqdl.model.DQRule;

/**
 * {@code ColumnCorrelation "items" "total" > 0.5}: Deequ's Pearson correlation of two columns, judged by the condition.
 * Metric {@code Multicolumn.a,b.ColumnCorrelation}.
 */
public record ColumnCorrelation() implements RuleType {
  @Override
  public List<String> columns(DQRule rule) {
    return List.of(rule.getParameters().get("TargetColumn1"), rule.getParameters().get("TargetColumn2"));
  }

  @Override
  public void plan(DQRule rule, Plan plan) {
    String first = rule.getParameters().get("TargetColumn1");
    String second = rule.getParameters().get("TargetColumn2");
    plan.metric("Multicolumn." + first + "," + second + ".ColumnCorrelation", (check, assertion) -> check.hasCorrelation(first, second, assertion, none()));
  }
}
