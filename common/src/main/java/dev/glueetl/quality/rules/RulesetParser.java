package dev.glueetl.quality.rules;

import dev.glueetl.error.Errors;
import dev.glueetl.sql.QueryText;
import software.amazon.glue.dqdl.exception.InvalidDataQualityRulesetException;
import software.amazon.glue.dqdl.model.DQRule;
import software.amazon.glue.dqdl.model.DQRuleset;
import software.amazon.glue.dqdl.parser.DQDLParser;

/**
 * Reads DQDL rulesets with the official parser ({@code software.amazon.glue:dqdl}) and rejects, when loaded, any rule
 * this project cannot evaluate (a type not in {@link RuleTypes}; nothing is ever skipped silently) and any SQL that
 * does more than read: a {@code CustomSql} statement must be exactly one query and a {@code where} clause one
 * condition, neither calling code ({@link QueryText}).
 *
 * <p>It sits here, with the rule types it checks against, below both {@code config}, which checks every ruleset when
 * the pipeline file is read, and {@code quality}, which evaluates them: neither depends on the other through it.
 */
public final class RulesetParser {
  private RulesetParser() {}

  /**
   * Parses {@code dqdl}; {@code source} names it in errors (a file, or a pipeline key).
   *
   * @throws dev.glueetl.error.GlueEtlException QUALITY_RULESET_INVALID for a syntax error, QUALITY_RULE_UNSUPPORTED
   *     for a rule type this project does not evaluate, SQL_NOT_A_QUERY for a CustomSql statement that is not one query
   *     or SQL calling code, SQL_INVALID for SQL that does not parse
   */
  public static DQRuleset parse(String dqdl, String source) {
    DQRuleset ruleset;
    try {
      ruleset = parseQuietly(dqdl);
    } catch (InvalidDataQualityRulesetException | RuntimeException e) {
      throw Errors.rulesetInvalid(source, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace('\n', ' '));
    }
    if (ruleset.getRules().isEmpty()) {
      throw Errors.rulesetInvalid(source, "it has no rules");
    }
    for (DQRule rule : ruleset.getRules()) {
      checkSupported(rule, source);
    }
    return ruleset;
  }

  private static void checkSupported(DQRule rule, String source) {
    if (isComposite(rule)) {
      for (DQRule nested : rule.getNestedRules()) {
        checkSupported(nested, source);
      }
      return;
    }
    RuleType type = RuleTypes.find(rule.getRuleType()).orElseThrow(() -> Errors.ruleUnsupported(source, rule.toString(), RuleTypes.supported()));
    type.validate(rule, source);
    String where = rule.getWhereClause();
    if (where != null && !where.isBlank()) {
      QueryText.requireCondition(where, source + ", where clause of " + rule.getRuleType());
    }
    if (hasThreshold(rule) && !type.takesThreshold()) {
      String applies = " (with threshold applies to " + String.join(" and ", RuleTypes.takingThreshold()) + ")";
      throw Errors.ruleUnsupported(source, rule + applies, RuleTypes.supported());
    }
  }

  /**
   * The DQDL parser was generated with ANTLR 4.7 and runs on Spark's ANTLR 4.9.3 runtime, which then prints a version
   * notice on stderr at every parse. The grammar parses fine on 4.9.3; only that notice is dropped.
   */
  private static synchronized DQRuleset parseQuietly(String dqdl) throws InvalidDataQualityRulesetException {
    java.io.PrintStream original = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      return new DQDLParser().parse(dqdl);
    } finally {
      System.setErr(original);
      for (String line : captured.toString(java.nio.charset.StandardCharsets.UTF_8).split("\\R")) {
        if (!line.isEmpty() && !line.startsWith("ANTLR ")) {
          original.println(line);
        }
      }
    }
  }

  /** Whether the rule has a {@code with threshold} condition. */
  public static boolean hasThreshold(DQRule rule) {
    return rule.getThresholdCondition() != null && !rule.getThresholdCondition().getConditionAsString().isEmpty();
  }

  /** Whether the rule is a composite ({@code (rule) and (rule)}) whose parts are its nested rules. */
  public static boolean isComposite(DQRule rule) {
    return rule.getNestedRules() != null && !rule.getNestedRules().isEmpty();
  }
}
