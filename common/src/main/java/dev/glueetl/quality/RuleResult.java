package dev.glueetl.quality;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of one top-level rule, in the shape AWS Glue Data Quality reports it.
 *
 * @param rule the rule as DQDL text
 * @param outcome Passed, Failed or Error (the rule could not be evaluated: a missing column, a bad query)
 * @param failureReason why it failed or errored; empty when it passed
 * @param evaluatedMetrics metric name (Glue's naming: {@code Column.total.Mean}) to value
 * @param notes anything else worth knowing (how much history a dynamic rule had, rows quarantined)
 * @param rowLevel whether the rule decides per row (so failing rows can be shown and quarantined)
 */
public record RuleResult(
    String rule, Outcome outcome, String failureReason, Map<String, Double> evaluatedMetrics, String notes, boolean rowLevel) {

  public enum Outcome {
    Passed,
    Failed,
    Error
  }

  public RuleResult {
    evaluatedMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(evaluatedMetrics));
  }

  public boolean passed() {
    return outcome == Outcome.Passed;
  }

  /** A metric value as reports show it: whole numbers without a fraction. */
  static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value);
  }

  public RuleResult withNotes(String more) {
    String joined = notes.isEmpty() ? more : notes + "; " + more;
    return new RuleResult(rule, outcome, failureReason, evaluatedMetrics, joined, rowLevel);
  }
}
