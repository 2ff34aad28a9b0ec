package dev.glueetl.quality;

import dev.glueetl.quality.RuleResult.Outcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.glue.dqdl.model.DQRule;
import software.amazon.glue.dqdl.model.DQRuleLogicalOperator;

/** A rule as evaluated: one planned rule ({@link RulePlan}), or a composite whose parts' outcomes combine. */
sealed interface RuleNode permits RulePlan, RuleNode.Composite {
  RuleResult result();

  /**
   * {@code (rule) and (rule)}, {@code (rule) or (rule)}: {@code and} fails when a part fails, else errs when a part errs;
   * {@code or} passes when a part passes, else errs when a part errs. The parts' metrics are kept, a metric measured
   * twice with different values under the name of its part.
   */
  record Composite(DQRule rule, List<RuleNode> children) implements RuleNode {
    @Override
    public RuleResult result() {
      List<RuleResult> parts = children.stream().map(RuleNode::result).toList();
      Map<String, Double> metrics = new LinkedHashMap<>();
      for (int i = 0; i < parts.size(); i++) {
        int part = i + 1;
        parts.get(i).evaluatedMetrics().forEach((name, value) -> {
          // two parts measuring the same metric (bounce_rate >= 0 and bounce_rate <= 1) keep both values
          String key = metrics.containsKey(name) && !metrics.get(name).equals(value) ? name + " (part " + part + ")" : name;
          metrics.put(key, value);
        });
      }
      boolean and = rule.getOperator() == DQRuleLogicalOperator.AND;
      Outcome outcome;
      if (and) {
        outcome = parts.stream().anyMatch(p -> p.outcome() == Outcome.Failed) ? Outcome.Failed
            : parts.stream().anyMatch(p -> p.outcome() == Outcome.Error) ? Outcome.Error : Outcome.Passed;
      } else {
        outcome = parts.stream().anyMatch(RuleResult::passed) ? Outcome.Passed
            : parts.stream().anyMatch(p -> p.outcome() == Outcome.Error) ? Outcome.Error : Outcome.Failed;
      }
      String reason =
          outcome == Outcome.Passed
              ? ""
              : parts.stream().filter(p -> !p.passed()).map(p -> "(" + p.rule() + ") " + p.failureReason()).collect(Collectors.joining(" " + rule.getOperator().name().toLowerCase(Locale.ROOT) + " "));
      String notes = parts.stream().map(RuleResult::notes).filter(n -> !n.isEmpty()).distinct().collect(Collectors.joining("; "));
      return new RuleResult(rule.toString(), outcome, reason, metrics, notes, RuleEvaluator.isRowLevel(rule));
    }
  }
}
