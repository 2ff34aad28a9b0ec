package dev.glueetl.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckResult;
import dev.glueetl.quality.rules.Deequ;
import dev.glueetl.quality.rules.Predicates;
import dev.glueetl.quality.rules.RowCondition;
import dev.glueetl.quality.rules.RowRule;
import dev.glueetl.quality.rules.RowRule.RowCheck;
import dev.glueetl.quality.rules.RowScope;
import dev.glueetl.quality.rules.RuleType;
import dev.glueetl.quality.rules.RuleTypes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.collection.JavaConverters;
import software.amazon.glue.dqdl.model.DQRule;
import software.amazon.glue.dqdl.model.DQRuleLogicalOperator;
import software.amazon.glue.dqdl.model.DQRuleset;

/**
 * Evaluates a DQDL ruleset on a dataset. Each rule's type ({@link RuleTypes}) says which Deequ metrics it is judged on;
 * Deequ computes the metrics of all rules in shared passes over the data, and each rule's DQDL condition judges its
 * metrics ({@link RulePlan}). Rule types Deequ has no metric for (ColumnCount, ColumnExists, CustomSql,
 * ReferentialIntegrity) are evaluated directly. Composite rules combine their parts with {@code and}/{@code or};
 * composites of row conditions combine per row.
 *
 * <pre>
 * Rules = [ RowCount > 0, IsComplete "user_id", ColumnValues "duration_s" >= 0 ]
 *   → Check "rule 0" hasSize                                      metric Dataset.*.RowCount, judged by "> 0"
 *   → Check "rule 1" hasCompleteness(user_id)                     metric Column.user_id.Completeness, judged by "== 1"
 *   → Check "rule 2" satisfies(CASE WHEN duration_s IS NULL ...)  metric Column.duration_s.ColumnValues.Compliance
 * </pre>
 */
public final class RuleEvaluator {
  /**
   * What evaluation needs besides the data.
   *
   * @param references datasets that ReferentialIntegrity rules name by alias ({@code "orders.{order_id}"})
   * @param history earlier metric values, for dynamic rules
   * @param now the instant {@code now()} and DataFreshness refer to
   */
  public record Context(SparkSession spark, Map<String, Dataset<Row>> references, MetricHistory history, Instant now) {}

  private RuleEvaluator() {}

  /** One result per top-level rule, in ruleset order. */
  public static List<RuleResult> evaluate(Dataset<Row> data, DQRuleset ruleset, Context context) {
    List<String> columns = Arrays.asList(data.columns());
    List<RulePlan> plans = new ArrayList<>();
    List<RuleNode> nodes = new ArrayList<>();
    for (DQRule rule : ruleset.getRules()) {
      nodes.add(node(rule, nested -> {
        RulePlan plan = new RulePlan(nested, data, columns, context);
        plans.add(plan);
        return plan;
      }));
    }
    List<Check> checks = new ArrayList<>();
    Map<String, RulePlan> byDescription = new LinkedHashMap<>();
    for (RulePlan plan : plans) {
      plan.plan();
      if (plan.measuresWithDeequ()) {
        String description = "rule " + byDescription.size() + ": " + plan.rule();
        checks.add(plan.check(description));
        byDescription.put(description, plan);
      }
    }
    if (!checks.isEmpty()) {
      VerificationResult verification = new VerificationSuite().onData(data).addChecks(Deequ.seq(checks)).run();
      for (CheckResult result : JavaConverters.mapAsJavaMap(verification.checkResults()).values()) {
        byDescription.get(result.check().description()).conclude(JavaConverters.seqAsJavaList(result.constraintResults()));
      }
    }
    plans.stream().filter(p -> !p.decided()).forEach(p -> p.conclude(List.of()));
    return nodes.stream().map(RuleNode::result).toList();
  }

  /** A composite of row conditions is one planned rule; another composite combines the outcomes of its parts. */
  private static RuleNode node(DQRule rule, Function<DQRule, RulePlan> plan) {
    if (Rulesets.isComposite(rule) && !combinesPerRow(rule)) {
      return new RuleNode.Composite(rule, rule.getNestedRules().stream().map(nested -> node(nested, plan)).toList());
    }
    // (ColumnValues "x" > 10) or (ColumnValues "x" = NULL): one condition per row, as Glue evaluates it
    return plan.apply(rule);
  }

  /** Whether a composite's parts combine per row: all are row conditions without thresholds. */
  static boolean combinesPerRow(DQRule rule) {
    if (Rulesets.isComposite(rule)) {
      return rule.getNestedRules().stream().allMatch(RuleEvaluator::combinesPerRow);
    }
    return RuleTypes.find(rule.getRuleType()).orElse(null) instanceof RowCondition && !Rulesets.hasThreshold(rule);
  }

  /** Whether a rule judges each row (so its failing rows can be shown and quarantined). */
  public static boolean isRowLevel(DQRule rule) {
    if (Rulesets.isComposite(rule)) {
      return rule.getNestedRules().stream().allMatch(RuleEvaluator::isRowLevel);
    }
    return RuleTypes.find(rule.getRuleType()).orElse(null) instanceof RowRule;
  }

  /**
   * The data with one boolean column per row-level rule, {@code <prefix><index>} (index in {@code rules}): true when the
   * row passes. Rows outside a rule's {@code where} filter pass it. For uniqueness rules the first row of each value
   * (in the order of all columns) passes and the duplicates after it fail.
   */
  public static Dataset<Row> withRowOutcomes(Dataset<Row> data, List<DQRule> rules, Context context, String prefix) {
    RowScope scope = RowScope.annotating(Arrays.asList(data.columns()), context.now(), context.references());
    Dataset<Row> annotated = data;
    for (int i = 0; i < rules.size(); i++) {
      if (isRowLevel(rules.get(i))) {
        RowCheck check = rowCheck(rules.get(i), annotated, scope);
        annotated = check.prepared().withColumn(prefix + i, coalesce(check.pass(), lit(false)));
      }
    }
    Column[] keep =
        Arrays.stream(annotated.columns()).filter(name -> !name.startsWith(RowScope.HELPER_PREFIX)).map(name -> col(Predicates.quote(name))).toArray(Column[]::new);
    return annotated.select(keep);
  }

  /** Which rows pass a row-level rule: composites combine their parts per row; rows outside a where clause pass. */
  static RowCheck rowCheck(DQRule rule, Dataset<Row> data, RowScope scope) {
    if (Rulesets.isComposite(rule)) {
      RowCheck combined = null;
      for (DQRule nested : rule.getNestedRules()) {
        RowCheck part = rowCheck(nested, combined == null ? data : combined.prepared(), scope);
        Column pass = coalesce(part.pass(), lit(false));
        Column both = combined == null ? pass : rule.getOperator() == DQRuleLogicalOperator.AND ? combined.pass().and(pass) : combined.pass().or(pass);
        combined = new RowCheck(part.prepared(), both);
      }
      return combined;
    }
    RuleType type = RuleTypes.of(rule);
    scope.checkColumns(type, rule);
    RowCheck check = ((RowRule) type).rowCheck(rule, data, scope);
    String where = rule.getWhereClause();
    return where == null || where.isBlank() ? check : new RowCheck(check.prepared(), not(coalesce(expr(where), lit(false))).or(check.pass()));
  }
}
