package dev.glueetl.quality;

import dev.glueetl.quality.rules.RulesetParser;
import software.amazon.glue.dqdl.model.DQRule;
import software.amazon.glue.dqdl.model.DQRuleset;

/**
 * The quality code's names for {@link RulesetParser}, which reads and checks DQDL rulesets from {@code quality.rules},
 * below {@code config} (the pipeline file checks its rulesets when read) as well as below this package.
 */
public final class Rulesets {
  private Rulesets() {}

  /** {@link RulesetParser#parse}. */
  public static DQRuleset parse(String dqdl, String source) {
    return RulesetParser.parse(dqdl, source);
  }

  static boolean hasThreshold(DQRule rule) {
    return RulesetParser.hasThreshold(rule);
  }

  static boolean isComposite(DQRule rule) {
    return RulesetParser.isComposite(rule);
  }
}
