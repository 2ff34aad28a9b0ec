package dev.glueetl.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.checks.CheckWithLastConstraintFilterable;
import com.amazon.deequ.constraints.Constraint;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.constraints.ConstraintStatus;
import dev.glueetl.error.Errors;
import dev.glueetl.quality.RuleResult.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.runtime.AbstractFunction1;
import software.amazon.glue.dqdl.model.DQRule;
import software.amazon.glue.dqdl.model.DQRuleLogicalOperator;
import software.amazon.glue.dqdl.model.DQRuleset;
import software.amazon.glue.dqdl.model.condition.Condition;
import software.amazon.glue.dqdl.model.condition.number.FunctionCallOperand;
import software.amazon.glue.dqdl.model.condition.number.NumberBasedCondition;
import software.amazon.glue.dqdl.model.condition.number.NumericOperand;
import software.amazon.glue.dqdl.model.condition.number.BinaryExpressionOperand;

/**
 * Evaluates a DQDL ruleset on a dataset. Each rule becomes a Deequ {@link Check} whose constraints carry the rule's
 * DQDL condition as their assertion (so {@code between}, {@code in}, thresholds and dynamic history are judged with the
 * DQDL library's own semantics); Deequ computes every metric of every check in shared passes over the data. Rules
 * Deequ has no metric for (ColumnCount, ColumnExists, CustomSql, ReferentialIntegrity) are evaluated directly.
 * Composite rules combine their parts with {@code and}/{@code or}.
 *
 * <pre>
 * Rules = [ RowCount > 0, IsComplete "user_id", ColumnValues "duration_s" >= 0 ]
 *   → Check "rule 0" hasSize(n -> n > 0)                          metric Dataset.*.RowCount
 *   → Check "rule 1" isComplete(user_id)                          metric Column.user_id.Completeness
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
    List<Node> nodes = new ArrayList<>();
    List<Leaf> leaves = new ArrayList<>();
    for (DQRule rule : ruleset.getRules()) {
      nodes.add(Node.of(rule, leaves));
    }
    List<String> columns = Arrays.asList(data.columns());
    List<Check> checks = new ArrayList<>();
    Map<String, Leaf> byDescription = new LinkedHashMap<>();
    for (Leaf leaf : leaves) {
      try {
        leaf.plan(data, columns, context);
      } catch (RuntimeException e) {
        leaf.error(Errors.rootMessage(e));
        continue;
      }
      if (!leaf.constraints.isEmpty()) {
        String description = "rule " + byDescription.size() + ": " + leaf.rule;
        Check check = new Check(CheckLevel.Error(), description, emptyConstraints());
        for (ConstraintSpec spec : leaf.constraints) {
          check = spec.addTo(check, leaf.rule.getWhereClause());
        }
        checks.add(check);
        byDescription.put(description, leaf);
      }
    }
    if (!checks.isEmpty()) {
      VerificationResult verification = new VerificationSuite().onData(data).addChecks(seq(checks)).run();
      for (CheckResult checkResult : JavaConverters.mapAsJavaMap(verification.checkResults()).values()) {
        Leaf leaf = byDescription.get(checkResult.check().description());
        List<ConstraintResult> constraintResults = JavaConverters.seqAsJavaList(checkResult.constraintResults());
        for (int i = 0; i < constraintResults.size(); i++) {
          leaf.constraints.get(i).deequResult(constraintResults.get(i));
        }
        leaf.conclude();
      }
    }
    for (Leaf leaf : leaves) {
      if (leaf.outcome == null) {
        leaf.conclude();
      }
    }
    List<RuleResult> results = new ArrayList<>();
    for (Node node : nodes) {
      results.add(node.result());
    }
    return results;
  }

  /** Rule types whose composites combine per row (no thresholds): the row passes the and/or of their conditions. */
  private static final java.util.Set<String> ROW_CONDITIONS = java.util.Set.of("IsComplete", "ColumnValues", "ColumnLength", "DataFreshness");

  static boolean combinesPerRow(DQRule rule) {
    if (Rulesets.isComposite(rule)) {
      return rule.getNestedRules().stream().allMatch(RuleEvaluator::combinesPerRow);
    }
    boolean threshold = rule.getThresholdCondition() != null && !rule.getThresholdCondition().getConditionAsString().isEmpty();
    return ROW_CONDITIONS.contains(rule.getRuleType()) && !threshold;
  }

  /** Whether a rule judges each row (so its failing rows can be shown and quarantined). */
  public static boolean isRowLevel(DQRule rule) {
    if (Rulesets.isComposite(rule)) {
      return rule.getNestedRules().stream().allMatch(RuleEvaluator::isRowLevel);
    }
    return Rulesets.ROW_LEVEL.contains(rule.getRuleType());
  }

  /**
   * The data with one boolean column per row-level rule, {@code <prefix><index>} (index in {@code rules}): true when the
   * row passes. Rows outside a rule's {@code where} filter pass it. For uniqueness rules the first row of each value
   * (in the order of all columns) passes and the duplicates after it fail.
   */
  public static Dataset<Row> withRowOutcomes(Dataset<Row> data, List<DQRule> rules, Context context, String prefix) {
    String[] original = data.columns();
    Dataset<Row> annotated = data;
    int[] helper = {0};
    for (int i = 0; i < rules.size(); i++) {
      if (isRowLevel(rules.get(i))) {
        RowCheck check = rowCheck(rules.get(i), annotated, original, context, helper);
        annotated = check.prepared().withColumn(prefix + i, coalesce(check.pass(), lit(false)));
      }
    }
    List<Column> keep = new ArrayList<>();
    for (String name : annotated.columns()) {
      if (!name.startsWith("_dq_helper_")) {
        keep.add(col(Predicates.quote(name)));
      }
    }
    return annotated.select(keep.toArray(new Column[0]));
  }

  private record RowCheck(Dataset<Row> prepared, Column pass) {}

  private static RowCheck rowCheck(DQRule rule, Dataset<Row> data, String[] original, Context context, int[] helper) {
    if (Rulesets.isComposite(rule)) {
      Dataset<Row> prepared = data;
      Column combined = null;
      for (DQRule nested : rule.getNestedRules()) {
        RowCheck check = rowCheck(nested, prepared, original, context, helper);
        prepared = check.prepared();
        Column pass = coalesce(check.pass(), lit(false));
        combined = combined == null ? pass : rule.getOperator() == DQRuleLogicalOperator.AND ? combined.and(pass) : combined.or(pass);
      }
      return new RowCheck(prepared, combined);
    }
    String column = rule.getParameters().get("TargetColumn");
    Dataset<Row> prepared = data;
    Column pass;
    switch (rule.getRuleType()) {
      case "IsComplete", "Completeness" -> pass = col(Predicates.quote(column)).isNotNull();
      case "IsUnique", "Uniqueness", "IsPrimaryKey" -> {
        List<String> key = rule.getRuleType().equals("IsPrimaryKey") ? keyColumns(rule) : List.of(column);
        String rank = "_dq_helper_" + helper[0]++;
        Column[] order = Arrays.stream(original).map(c -> col(Predicates.quote(c)).asc_nulls_first()).toArray(Column[]::new);
        Column[] partition = key.stream().map(c -> col(Predicates.quote(c))).toArray(Column[]::new);
        prepared = data.withColumn(rank, row_number().over(Window.partitionBy(partition).orderBy(order)));
        Column first = col(rank).equalTo(1);
        Column complete = lit(true);
        Column anyNull = lit(false);
        for (Column k : partition) {
          complete = complete.and(k.isNotNull());
          anyNull = anyNull.or(k.isNull());
        }
        // duplicates beyond the first fail; for a primary key a NULL in the key fails too
        pass = rule.getRuleType().equals("IsPrimaryKey") ? complete.and(first) : anyNull.or(first);
      }
      case "ColumnValues" -> pass = Predicates.columnValues(column, rule.getCondition(), context.now());
      case "ColumnLength" -> pass = Predicates.columnLength(column, rule.getCondition());
      case "DataFreshness" -> pass = Predicates.freshness(column, rule.getCondition(), context.now());
      default -> { // ReferentialIntegrity
        Reference reference = Reference.of(rule, context);
        String found = "_dq_helper_" + helper[0]++;
        Dataset<Row> keys = reference.keys().withColumn(found, lit(true));
        Column condition = lit(true);
        for (int k = 0; k < reference.primary().size(); k++) {
          condition = condition.and(data.col(Predicates.quote(reference.primary().get(k))).equalTo(keys.col("_dq_ref_" + k)));
        }
        prepared = data.join(keys, condition, "left").drop(Arrays.stream(keys.columns()).filter(c -> c.startsWith("_dq_ref_")).toArray(String[]::new));
        pass = col(found).isNotNull();
      }
    }
    String where = rule.getWhereClause();
    if (where != null && !where.isBlank()) {
      pass = not(coalesce(expr(where), lit(false))).or(pass);
    }
    return new RowCheck(prepared, pass);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Rules as trees of leaves

  private interface Node {
    RuleResult result();

    static Node of(DQRule rule, List<Leaf> leaves) {
      if (Rulesets.isComposite(rule) && combinesPerRow(rule)) {
        // (ColumnValues "x" > 10) or (ColumnValues "x" = NULL): one condition per row, as Glue evaluates it
        Leaf leaf = new Leaf(rule);
        leaves.add(leaf);
        return leaf;
      }
      if (Rulesets.isComposite(rule)) {
        List<Node> children = new ArrayList<>();
        for (DQRule nested : rule.getNestedRules()) {
          children.add(of(nested, leaves));
        }
        return new Composite(rule, children);
      }
      Leaf leaf = new Leaf(rule);
      leaves.add(leaf);
      return leaf;
    }
  }

  private record Composite(DQRule rule, List<Node> children) implements Node {
    @Override
    public RuleResult result() {
      List<RuleResult> parts = children.stream().map(Node::result).toList();
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
      return new RuleResult(rule.toString(), outcome, reason, metrics, notes, isRowLevel(rule));
    }
  }

  /** One metric a rule needs from Deequ, with the DQDL condition judging it. */
  private static final class ConstraintSpec {
    final String metric;
    final ConstraintBuilder builder;
    final DoublePredicate condition;
    Double value;
    RuntimeException error;
    boolean noHistory;
    String deequFailure;

    ConstraintSpec(String metric, ConstraintBuilder builder, DoublePredicate condition) {
      this.metric = metric;
      this.builder = builder;
      this.condition = condition;
    }

    /** The assertion Deequ calls with the metric: records it, then judges it with the DQDL condition. */
    AbstractFunction1<Object, Object> assertion() {
      return new AbstractFunction1<>() {
        @Override
        public Object apply(Object metricValue) {
          value = ((Number) metricValue).doubleValue();
          try {
            return condition.test(value);
          } catch (HistoryEvaluator.NoHistoryException e) {
            noHistory = true;
            return true;
          } catch (RuntimeException e) {
            error = e;
            return false;
          }
        }
      };
    }

    Check addTo(Check check, String where) {
      // Check is immutable: each builder call returns a new Check, which must be kept.
      CheckWithLastConstraintFilterable added = builder.build(assertion()).apply(check);
      return where == null || where.isBlank() ? added : added.where(where);
    }

    void deequResult(ConstraintResult result) {
      if (result.status() != ConstraintStatus.Success() && value == null) {
        deequFailure = result.message().isDefined() ? result.message().get() : "the metric could not be computed";
      }
    }
  }

  /** A rule without nested rules: planned as Deequ constraints, or evaluated directly. */
  private static final class Leaf implements Node {
    final DQRule rule;
    final List<ConstraintSpec> constraints = new ArrayList<>();
    final Map<String, Double> metrics = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();
    HistoryEvaluator evaluator;
    Outcome outcome;
    String reason = "";

    Leaf(DQRule rule) {
      this.rule = rule;
    }

    /** Builds the Deequ constraints of this rule, or evaluates it now when Deequ has no metric for it. */
    void plan(Dataset<Row> data, List<String> columns, Context context) {
      if (Rulesets.isComposite(rule)) {
        compliance("Composite.Compliance", rowPredicate(rule, columns, context), context, false);
        return;
      }
      Map<String, String> p = rule.getParameters();
      String column = p.get("TargetColumn");
      if (column != null) {
        requireColumn(column, columns);
      }
      String metricPrefix = "Column." + column + ".";
      switch (rule.getRuleType()) {
        case "RowCount" -> add("Dataset.*.RowCount", a -> c -> c.hasSize(a, none()), context);
        case "Completeness" -> add(metricPrefix + "Completeness", a -> c -> c.hasCompleteness(column, a, none(), none()), context);
        case "IsComplete" -> addFixed(metricPrefix + "Completeness", a -> c -> c.hasCompleteness(column, a, none(), none()), v -> v == 1.0);
        case "Uniqueness" -> add(metricPrefix + "Uniqueness", a -> c -> c.hasUniqueness(column, a), context);
        case "IsUnique" -> addFixed(metricPrefix + "Uniqueness", a -> c -> c.hasUniqueness(column, a), v -> v == 1.0);
        case "IsPrimaryKey" -> {
          // As in Glue: every key column complete, and the columns together unique.
          List<String> key = keyColumns(rule);
          for (String keyColumn : key) {
            requireColumn(keyColumn, columns);
            addFixed("Column." + keyColumn + ".Completeness", a -> c -> c.hasCompleteness(keyColumn, a, none(), none()), v -> v == 1.0);
          }
          String uniqueness = key.size() == 1 ? "Column." + key.get(0) + ".Uniqueness" : "Multicolumn." + String.join(",", key) + ".Uniqueness";
          addFixed(uniqueness, a -> c -> c.hasUniqueness(seq(key), a), v -> v == 1.0);
        }
        case "UniqueValueRatio" -> add(metricPrefix + "UniqueValueRatio", a -> c -> c.hasUniqueValueRatio(seq(List.of(column)), a, none(), none()), context);
        case "DistinctValuesCount" -> add(metricPrefix + "DistinctValuesCount", a -> c -> c.hasNumberOfDistinctValues(column, a, none(), 1000, none()), context);
        case "Mean" -> add(metricPrefix + "Mean", a -> c -> c.hasMean(column, a, none()), context);
        case "Sum" -> add(metricPrefix + "Sum", a -> c -> c.hasSum(column, a, none()), context);
        case "StandardDeviation" -> add(metricPrefix + "StandardDeviation", a -> c -> c.hasStandardDeviation(column, a, none()), context);
        case "Entropy" -> add(metricPrefix + "Entropy", a -> c -> c.hasEntropy(column, a, none()), context);
        case "ColumnCorrelation" -> {
          String first = p.get("TargetColumn1");
          String second = p.get("TargetColumn2");
          requireColumn(first, columns);
          requireColumn(second, columns);
          add("Multicolumn." + first + "," + second + ".ColumnCorrelation", a -> c -> c.hasCorrelation(first, second, a, none()), context);
        }
        case "ColumnValues" -> compliance(metricPrefix + "ColumnValues.Compliance", Predicates.columnValues(column, rule.getCondition(), context.now()), context, true);
        case "ColumnLength" -> {
          compliance(metricPrefix + "ColumnLength.Compliance", Predicates.columnLength(column, rule.getCondition()), context, false);
          addFixed(metricPrefix + "MinimumLength", a -> c -> c.hasMinLength(column, a, none(), none()), v -> true);
          addFixed(metricPrefix + "MaximumLength", a -> c -> c.hasMaxLength(column, a, none(), none()), v -> true);
        }
        case "DataFreshness" -> compliance(metricPrefix + "DataFreshness.Compliance", Predicates.freshness(column, rule.getCondition(), context.now()), context, false);
        case "ColumnCount" -> direct("Dataset.*.ColumnCount", columns.size(), context);
        case "ColumnExists" -> {
          if (outcome == null) {
            outcome = Outcome.Passed;
          }
        }
        case "CustomSql" -> customSql(data, p.get("CustomSqlStatement"), context);
        case "ReferentialIntegrity" -> referentialIntegrity(data, context);
        default -> throw new IllegalStateException("unsupported rule type reached evaluation: " + rule.getRuleType());
      }
    }

    /** The per-row condition of a rule made of row conditions, nested composites combined with and/or. */
    private Column rowPredicate(DQRule part, List<String> columns, Context context) {
      Column pass;
      if (Rulesets.isComposite(part)) {
        pass = null;
        for (DQRule nested : part.getNestedRules()) {
          Column next = rowPredicate(nested, columns, context);
          pass = pass == null ? next : part.getOperator() == DQRuleLogicalOperator.AND ? pass.and(next) : pass.or(next);
        }
        return pass;
      }
      String column = part.getParameters().get("TargetColumn");
      requireColumn(column, columns);
      pass =
          switch (part.getRuleType()) {
            case "IsComplete" -> col(Predicates.quote(column)).isNotNull();
            case "ColumnValues" -> Predicates.columnValues(column, part.getCondition(), context.now());
            case "ColumnLength" -> Predicates.columnLength(column, part.getCondition());
            default -> Predicates.freshness(column, part.getCondition(), context.now());
          };
      String where = part.getWhereClause();
      return where == null || where.isBlank() ? pass : not(coalesce(expr(where), lit(false))).or(pass);
    }

    private void requireColumn(String column, List<String> columns) {
      if (columns.stream().noneMatch(c -> c.equalsIgnoreCase(column))) {
        if (rule.getRuleType().equals("ColumnExists")) {
          outcome = Outcome.Failed;
          reason = "column '" + column + "' does not exist";
          return;
        }
        throw new IllegalArgumentException("column '" + column + "' does not exist (columns: " + String.join(", ", columns) + ")");
      }
    }

    /** A metric judged by the rule's own condition (which may be dynamic). */
    private void add(String name, ConstraintBuilder builder, Context context) {
      String metric = withWhere(name);
      HistoryEvaluator history = evaluator(metric, context);
      Condition condition = rule.getCondition();
      constraints.add(new ConstraintSpec(metric, builder, v -> holds(condition, v, history)));
    }

    /** A metric judged by a fixed test (IsComplete: completeness == 1). */
    private void addFixed(String name, ConstraintBuilder builder, DoublePredicate test) {
      constraints.add(new ConstraintSpec(withWhere(name), builder, test));
    }

    /** The share of rows passing {@code predicate}, judged by {@code with threshold} (or required to be 1). */
    private void compliance(String name, Column predicate, Context context, boolean thresholdAllowed) {
      String metric = withWhere(name);
      Condition threshold = rule.getThresholdCondition();
      boolean hasThreshold = thresholdAllowed && threshold != null && !threshold.getConditionAsString().isEmpty();
      HistoryEvaluator history = evaluator(metric, context);
      String sql = predicate.expr().sql();
      DoublePredicate test = hasThreshold ? v -> holds(threshold, v, history) : v -> v == 1.0;
      constraints.add(new ConstraintSpec(metric, a -> c -> c.satisfies(sql, metric, a, none(), emptyList(), none()), test));
    }

    /** A metric computed here, judged by the rule's condition. */
    private void direct(String metric, double value, Context context) {
      HistoryEvaluator history = evaluator(metric, context);
      metrics.put(metric, value);
      judge(value, v -> holds(rule.getCondition(), v, history));
    }

    private void customSql(Dataset<Row> data, String statement, Context context) {
      data.createOrReplaceTempView("primary");
      Dataset<Row> result = context.spark().sql(statement);
      List<Row> first = result.limit(2).collectAsList();
      boolean single = first.size() == 1 && result.columns().length == 1 && first.get(0).get(0) instanceof Number;
      if (single) {
        direct("Dataset.*.CustomSQL", ((Number) first.get(0).get(0)).doubleValue(), context);
        return;
      }
      long total = data.count();
      double share = total == 0 ? 1.0 : (double) result.count() / total;
      metrics.put("Dataset.*.CustomSQL.Compliance", share);
      Condition threshold = rule.getThresholdCondition();
      HistoryEvaluator history = evaluator("Dataset.*.CustomSQL.Compliance", context);
      judge(share, threshold != null && !threshold.getConditionAsString().isEmpty() ? v -> holds(threshold, v, history) : v -> v == 1.0);
    }

    private void referentialIntegrity(Dataset<Row> data, Context context) {
      Reference reference = Reference.of(rule, context);
      for (String column : reference.primary()) {
        requireColumn(column, Arrays.asList(data.columns()));
      }
      Column condition = lit(true);
      Dataset<Row> keys = reference.keys().withColumn("_dq_found", lit(1));
      for (int k = 0; k < reference.primary().size(); k++) {
        condition = condition.and(data.col(Predicates.quote(reference.primary().get(k))).equalTo(keys.col("_dq_ref_" + k)));
      }
      Row counts = data.join(keys, condition, "left").agg(count(lit(1)), sum(coalesce(col("_dq_found"), lit(0)))).first();
      long total = counts.getLong(0);
      double share = total == 0 ? 1.0 : (counts.isNullAt(1) ? 0 : counts.getLong(1)) / (double) total;
      direct("Column." + String.join(",", reference.primary()) + ".ReferentialIntegrity", share, context);
    }

    private HistoryEvaluator evaluator(String metric, Context context) {
      evaluator = new HistoryEvaluator(metric, context.history());
      return evaluator;
    }

    /** A metric of a rule with a where clause is another metric: {@code Column.total.Mean where "store = 'York'"}. */
    private String withWhere(String metric) {
      String where = rule.getWhereClause();
      return where == null || where.isBlank() ? metric : metric + " where \"" + where + "\"";
    }

    private void judge(double value, DoublePredicate test) {
      try {
        if (test.test(value)) {
          outcome = Outcome.Passed;
        } else {
          outcome = Outcome.Failed;
          reason = "Value: " + format(value) + " does not meet the constraint requirement!";
        }
      } catch (HistoryEvaluator.NoHistoryException e) {
        outcome = Outcome.Passed;
        notes.add("dynamic rule: no earlier runs yet, so nothing to compare with; passed");
      }
    }

    void error(String message) {
      outcome = Outcome.Error;
      reason = message;
    }

    /** Decides the outcome from the Deequ results of this rule's constraints. */
    void conclude() {
      if (outcome != null && constraints.isEmpty()) {
        addHistoryNotes();
        return;
      }
      List<String> failures = new ArrayList<>();
      boolean noHistory = false;
      for (ConstraintSpec spec : constraints) {
        if (spec.value != null) {
          metrics.put(spec.metric, spec.value);
        }
        if (spec.error != null) {
          error(Errors.rootMessage(spec.error));
          addHistoryNotes();
          return;
        }
        if (spec.deequFailure != null) {
          failures.add(spec.metric + " could not be computed: " + spec.deequFailure);
        } else if (spec.noHistory) {
          noHistory = true;
        } else if (!spec.condition.test(spec.value)) {
          failures.add("Value: " + format(spec.value) + " does not meet the constraint requirement!");
        }
      }
      if (!failures.isEmpty()) {
        outcome = Outcome.Failed;
        reason = String.join("; ", failures);
      } else {
        outcome = Outcome.Passed;
        if (noHistory) {
          notes.add("dynamic rule: no earlier runs yet, so nothing to compare with; passed");
        }
      }
      addHistoryNotes();
    }

    private void addHistoryNotes() {
      if (evaluator != null) {
        evaluator.notes().stream().distinct().forEach(notes::add);
      }
    }

    @Override
    public RuleResult result() {
      return new RuleResult(rule.toString(), outcome, outcome == Outcome.Passed ? "" : reason, metrics, String.join("; ", notes), isRowLevel(rule));
    }
  }

  /** Adds one constraint to a Check. */
  @FunctionalInterface
  private interface Function1Check {
    CheckWithLastConstraintFilterable apply(Check check);
  }

  /** A Deequ constraint, given the assertion that judges its metric. */
  @FunctionalInterface
  private interface ConstraintBuilder {
    Function1Check build(AbstractFunction1<Object, Object> assertion);
  }

  private static boolean holds(Condition condition, double value, HistoryEvaluator evaluator) {
    if (!(condition instanceof NumberBasedCondition number)) {
      throw new IllegalArgumentException("this rule needs a number condition, found '" + condition.getConditionAsString() + "'");
    }
    Boolean result = number.evaluate(value, null, evaluator);
    return Boolean.TRUE.equals(result);
  }

  /** A ReferentialIntegrity rule's primary columns and the reference dataset's key columns. */
  private record Reference(List<String> primary, Dataset<Row> keys) {
    static Reference of(DQRule rule, Context context) {
      List<String> primary = splitColumns(rule.getParameters().get("PrimaryDatasetColumns"));
      String target = rule.getParameters().get("ReferenceDatasetColumns");
      int dot = target.indexOf('.');
      if (dot < 0) {
        throw new IllegalArgumentException("reference '" + target + "' is not <alias>.<column> or <alias>.{<columns>}");
      }
      String alias = target.substring(0, dot);
      Dataset<Row> dataset = context.references().get(alias);
      if (dataset == null) {
        throw new IllegalArgumentException("no reference dataset '" + alias + "' (known: " + String.join(", ", context.references().keySet()) + ")");
      }
      List<String> columns = splitColumns(target.substring(dot + 1).replace("{", "").replace("}", ""));
      if (columns.size() != primary.size()) {
        throw new IllegalArgumentException(primary.size() + " primary columns but " + columns.size() + " reference columns");
      }
      Column[] keys = new Column[columns.size()];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = col(Predicates.quote(columns.get(i))).as("_dq_ref_" + i);
      }
      return new Reference(primary, dataset.select(keys).distinct());
    }

    private static List<String> splitColumns(String text) {
      return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
  }

  /** The columns of IsPrimaryKey: TargetColumn1, TargetColumn2, ... */
  static List<String> keyColumns(DQRule rule) {
    List<String> key = new ArrayList<>();
    for (int i = 1; rule.getParameters().containsKey("TargetColumn" + i); i++) {
      key.add(rule.getParameters().get("TargetColumn" + i));
    }
    if (key.isEmpty() && rule.getParameters().containsKey("TargetColumn")) {
      key.add(rule.getParameters().get("TargetColumn"));
    }
    return key;
  }

  static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value);
  }

  static boolean isDynamic(Condition condition) {
    if (condition instanceof NumberBasedCondition number) {
      return number.getOperands().stream().anyMatch(RuleEvaluator::isDynamic);
    }
    return false;
  }

  private static boolean isDynamic(NumericOperand operand) {
    if (operand instanceof FunctionCallOperand) {
      return true;
    }
    if (operand instanceof BinaryExpressionOperand binary) {
      return isDynamic(binary.getOperand1()) || isDynamic(binary.getOperand2());
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private static Seq<Constraint> emptyConstraints() {
    return (Seq<Constraint>) (Seq<?>) scala.collection.immutable.Nil$.MODULE$;
  }

  private static scala.collection.immutable.List<String> emptyList() {
    return scala.collection.immutable.List$.MODULE$.empty();
  }

  private static <T> Option<T> none() {
    return Option.empty();
  }

  private static <T> Seq<T> seq(List<T> list) {
    return JavaConverters.asScalaBuffer(list).toSeq();
  }
}
