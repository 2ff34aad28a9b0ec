package dev.glueetl.quality;

import com.amazon.deequ.checks.Check;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.constraints.ConstraintStatus;
import dev.glueetl.error.Errors;
import dev.glueetl.quality.RuleResult.Outcome;
import dev.glueetl.quality.rules.Deequ;
import dev.glueetl.quality.rules.DeequMetric;
import dev.glueetl.quality.rules.Plan;
import dev.glueetl.quality.rules.RowScope;
import dev.glueetl.quality.rules.RuleType;
import dev.glueetl.quality.rules.RuleTypes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Function1;
import software.amazon.glue.dqdl.model.DQRule;
import software.amazon.glue.dqdl.model.condition.Condition;
import software.amazon.glue.dqdl.model.condition.number.NumberBasedCondition;

/**
 * One rule without nested rules, or a composite of row conditions judged per row: the Deequ metrics its {@link
 * RuleType} asks for, then its outcome. Deequ computes the metrics (its assertions accept any value); each metric is
 * read from its {@link ConstraintResult} and judged here, once, by the rule's DQDL condition, which may read the
 * metric's history and leave notes. Rules Deequ has no metric for are judged while they are planned.
 */
final class RulePlan implements Plan, RuleNode {
  /** Deequ's assertion for every constraint: the DQDL condition judges the metric afterwards, not Deequ. */
  private static final Function1<Object, Object> ANY_VALUE = value -> Boolean.TRUE;
  private static final String NO_HISTORY = "dynamic rule: no earlier runs yet, so nothing to compare with; passed";

  private final DQRule rule;
  private final Dataset<Row> data;
  private final RuleEvaluator.Context context;
  private final RowScope scope;
  private final List<Measure> measures = new ArrayList<>();
  private final Map<String, Double> metrics = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private HistoryEvaluator evaluator;
  private Outcome outcome;
  private String reason = "";

  /** A metric Deequ computes for this rule, and the test its value must pass. */
  private record Measure(String metric, DeequMetric deequ, DoublePredicate test) {}

  RulePlan(DQRule rule, Dataset<Row> data, List<String> columns, RuleEvaluator.Context context) {
    this.rule = rule;
    this.data = data;
    this.context = context;
    this.scope = RowScope.planning(columns, context.now(), context.references());
  }

  /** Asks the rule's type for its metrics, or judges it now; a rule that cannot be planned gets outcome Error. */
  void plan() {
    try {
      if (Rulesets.isComposite(rule)) {
        compliance("Composite.Compliance", RuleEvaluator.rowCheck(rule, data, scope).pass());
        return;
      }
      RuleType type = RuleTypes.of(rule);
      type.columns(rule).forEach(scope::requireColumn);
      type.plan(rule, this);
    } catch (Exception e) { // also Spark's AnalysisException (a CustomSql naming a missing table), checked to Java
      outcome = Outcome.Error;
      reason = Errors.rootMessage(e);
    }
  }

  DQRule rule() {
    return rule;
  }

  /** Whether the outcome is known: the rule was judged while planned, or could not be planned. */
  boolean decided() {
    return outcome != null;
  }

  /** Whether the rule waits for Deequ: planned without error, with metrics to compute. */
  boolean measuresWithDeequ() {
    return outcome == null && !measures.isEmpty();
  }

  /** A Deequ check with this rule's constraints, in the order of {@link #conclude}'s results. */
  Check check(String description) {
    Check check = Deequ.check(description);
    String where = rule.getWhereClause();
    for (Measure measure : measures) {
      var added = measure.deequ().addTo(check, ANY_VALUE);
      check = where == null || where.isBlank() ? added : added.where(where);
    }
    return check;
  }

  /** Judges the metrics Deequ computed, one result per constraint of {@link #check}. */
  void conclude(List<ConstraintResult> results) {
    List<String> failures = new ArrayList<>();
    boolean noHistory = false;
    for (int i = 0; i < measures.size(); i++) {
      Measure measure = measures.get(i);
      ConstraintResult result = results.get(i);
      if (result.status() != ConstraintStatus.Success()) {
        String message = result.message().isDefined() ? result.message().get() : "the metric could not be computed";
        failures.add(measure.metric() + " could not be computed: " + message);
        continue;
      }
      double value = measure.deequ().valueOf(result.metric().get().value().get());
      metrics.put(measure.metric(), value);
      try {
        if (!measure.test().test(value)) {
          failures.add(failedValue(value));
        }
      } catch (HistoryEvaluator.NoHistoryException e) {
        noHistory = true;
      } catch (RuntimeException e) {
        outcome = Outcome.Error;
        reason = Errors.rootMessage(e);
        addHistoryNotes();
        return;
      }
    }
    outcome = failures.isEmpty() ? Outcome.Passed : Outcome.Failed;
    reason = String.join("; ", failures);
    if (failures.isEmpty() && noHistory) {
      notes.add(NO_HISTORY);
    }
    addHistoryNotes();
  }

  @Override
  public RuleResult result() {
    return new RuleResult(rule.toString(), outcome, outcome == Outcome.Passed ? "" : reason, metrics, String.join("; ", notes), RuleEvaluator.isRowLevel(rule));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Plan: what rule types declare

  @Override
  public Dataset<Row> data() {
    return data;
  }

  @Override
  public SparkSession spark() {
    return context.spark();
  }

  @Override
  public Instant now() {
    return context.now();
  }

  @Override
  public Map<String, Dataset<Row>> references() {
    return context.references();
  }

  @Override
  public List<String> columns() {
    return scope.columns();
  }

  @Override
  public void requireColumn(String column) {
    scope.requireColumn(column);
  }

  @Override
  public void metric(String name, DeequMetric metric) {
    String named = withWhere(name);
    HistoryEvaluator history = history(named);
    Condition condition = rule.getCondition();
    measures.add(new Measure(named, metric, v -> holds(condition, v, history)));
  }

  @Override
  public void metric(String name, DeequMetric metric, DoublePredicate test) {
    measures.add(new Measure(withWhere(name), metric, test));
  }

  @Override
  public void compliance(String name, Column predicate) {
    String named = withWhere(name);
    DoublePredicate test = complianceTest(named);
    String sql = predicate.expr().sql();
    measures.add(
        new Measure(
            named, (check, assertion) -> check.satisfies(sql, named, assertion, Deequ.none(), Deequ.emptyList(), Deequ.none()), test));
  }

  @Override
  public void value(String name, double value) {
    HistoryEvaluator history = history(name);
    metrics.put(name, value);
    judge(value, v -> holds(rule.getCondition(), v, history));
  }

  @Override
  public void share(String name, double share) {
    DoublePredicate test = complianceTest(name);
    metrics.put(name, share);
    judge(share, test);
  }

  @Override
  public void passed() {
    outcome = Outcome.Passed;
  }

  @Override
  public void failed(String failure) {
    outcome = Outcome.Failed;
    reason = failure;
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** A share of passing rows: judged by the threshold where the rule type takes one and the rule has one, else 1. */
  private DoublePredicate complianceTest(String metric) {
    HistoryEvaluator history = history(metric);
    Condition threshold = rule.getThresholdCondition();
    boolean byThreshold = !Rulesets.isComposite(rule) && RuleTypes.of(rule).takesThreshold() && Rulesets.hasThreshold(rule);
    return byThreshold ? v -> holds(threshold, v, history) : v -> v == 1.0;
  }

  /**
   * Judges a value computed without Deequ. Unlike {@link #conclude}, it adds no note of a partial history ("2 of the 5
   * earlier runs"), as the evaluator before this class did not either.
   */
  private void judge(double value, DoublePredicate test) {
    try {
      if (test.test(value)) {
        outcome = Outcome.Passed;
      } else {
        outcome = Outcome.Failed;
        reason = failedValue(value);
      }
    } catch (HistoryEvaluator.NoHistoryException e) {
      outcome = Outcome.Passed;
      notes.add(NO_HISTORY);
    }
  }

  private HistoryEvaluator history(String metric) {
    evaluator = new HistoryEvaluator(metric, context.history());
    return evaluator;
  }

  private void addHistoryNotes() {
    if (evaluator != null) {
      evaluator.notes().stream().distinct().forEach(notes::add);
    }
  }

  /** A metric of a rule with a where clause is another metric: {@code Column.total.Mean where "store = 'York'"}. */
  private String withWhere(String metric) {
    String where = rule.getWhereClause();
    return where == null || where.isBlank() ? metric : metric + " where \"" + where + "\"";
  }

  private static String failedValue(double value) {
    return "Value: " + RuleResult.format(value) + " does not meet the constraint requirement!";
  }

  private static boolean holds(Condition condition, double value, HistoryEvaluator evaluator) {
    if (!(condition instanceof NumberBasedCondition number)) {
      throw new IllegalArgumentException("this rule needs a number condition, found '" + condition.getConditionAsString() + "'");
    }
    return Boolean.TRUE.equals(number.evaluate(value, null, evaluator));
  }
}
