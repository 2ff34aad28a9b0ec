package dev.glueetl.quality.rules;

import java.util.function.Function;
import software.amazon.glue.dqdl.model.DQRule;

/**
 * A rule type that is one Deequ statistic of a column, judged by the rule's condition: {@code Mean "total" between 2
 * and 8}. Metric {@code Column.<column>.<name>}.
 *
 * @param name the DQDL rule type, also the metric's last part
 * @param statistic the Deequ constraint measuring a column
 */
public record ColumnStatistic(String name, Function<String, DeequMetric> statistic) implements RuleType {
  @Override
  public void plan(DQRule rule, Plan plan) {
    String column = RuleType.column(rule);
    plan.metric("Column." + column + "." + name, statistic.apply(column));
  }
}
