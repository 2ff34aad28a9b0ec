package dev.glueetl.quality.rules;

import java.util.List;
import software.amazon.glue.dqdl.model.DQRule;

/**
 * One DQDL rule type: the columns it reads, how it is measured and judged ({@link #plan}), and, for a type that judges
 * each row, which rows pass ({@link RowRule}). Implementations are immutable and registered once, in {@link RuleTypes};
 * what is supported and what is row-level is read from there.
 *
 * <pre>
 * Mean "total" &gt; 2         plan: Deequ hasMean(total), judged by "&gt; 2"     metric Column.total.Mean
 * IsComplete "user_id"     plan: Deequ hasCompleteness(user_id) == 1       row: user_id IS NOT NULL
 * </pre>
 */
public interface RuleType {
  /** The DQDL name, as the parser reports it: {@code IsComplete}. A rule type's class is named so. */
  default String name() {
    return getClass().getSimpleName();
  }

  /** The columns the rule reads; each must exist, or the rule's outcome is Error naming the column. */
  default List<String> columns(DQRule rule) {
    String column = rule.getParameters().get("TargetColumn");
    return column == null ? List.of() : List.of(column);
  }

  /** Declares on {@code plan} the Deequ metrics the rule is judged on, or gives its value when Deequ has no such metric. */
  void plan(DQRule rule, Plan plan);

  /**
   * Whether {@code with threshold} applies: the share of passing rows is then judged by the threshold instead of being
   * required to be 1.
   */
  default boolean takesThreshold() {
    return false;
  }

  /**
   * Checks made when the ruleset is loaded, beyond the parser's; {@code source} names the ruleset in errors.
   *
   * @throws dev.glueetl.error.GlueEtlException when the rule can never be evaluated
   */
  default void validate(DQRule rule, String source) {}

  /** The rule's {@code TargetColumn} parameter. */
  static String column(DQRule rule) {
    return rule.getParameters().get("TargetColumn");
  }
}
