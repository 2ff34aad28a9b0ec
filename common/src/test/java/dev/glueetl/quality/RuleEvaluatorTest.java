package dev.glueetl.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.quality.RuleResult.Outcome;
import dev.glueetl.testing.SparkTestSession;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Every supported rule type, passing and failing, on four rows whose metrics are worked out by hand:
 *
 * <pre>
 * id  name  amount  code   ts            day
 * 1   a     10.0    AB     now - 1 h     2024-01-01
 * 2   b     20.0    ABC    now - 2 h     2024-01-02
 * 3   NULL  -5.0    NULL   now - 30 h    2024-01-03
 * 3   c     NULL    A      NULL          NULL
 * </pre>
 */
class RuleEvaluatorTest {
  private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
  private static final SparkSession spark = SparkTestSession.get();
  private static final Dataset<Row> DATA =
      spark.createDataFrame(
          List.of(
              RowFactory.create(1, "a", 10.0, "AB", ts(NOW.minusSeconds(3_600)), Date.valueOf("2024-01-01")),
              RowFactory.create(2, "b", 20.0, "ABC", ts(NOW.minusSeconds(7_200)), Date.valueOf("2024-01-02")),
              RowFactory.create(3, null, -5.0, null, ts(NOW.minusSeconds(30 * 3_600)), Date.valueOf("2024-01-03")),
              RowFactory.create(3, "c", null, "A", null, null)),
          new StructType()
              .add("id", DataTypes.IntegerType)
              .add("name", DataTypes.StringType)
              .add("amount", DataTypes.DoubleType)
              .add("code", DataTypes.StringType)
              .add("ts", DataTypes.TimestampType)
              .add("day", DataTypes.DateType));
  private static final Dataset<Row> REFERENCE = spark.sql("select * from values (1), (2), (7) as r(ref_id)");

  @Test
  void rowCount() {
    assertRule("RowCount = 4", Outcome.Passed, "Dataset.*.RowCount", 4.0);
    assertRule("RowCount > 4", Outcome.Failed, "Dataset.*.RowCount", 4.0);
    // between is exclusive of both ends, as in the DQDL library
    assertRule("RowCount between 3 and 5", Outcome.Passed, "Dataset.*.RowCount", 4.0);
    assertRule("RowCount between 4 and 5", Outcome.Failed, "Dataset.*.RowCount", 4.0);
  }

  @Test
  void columnCountAndColumnExists() {
    assertRule("ColumnCount = 6", Outcome.Passed, "Dataset.*.ColumnCount", 6.0);
    assertRule("ColumnCount < 6", Outcome.Failed, "Dataset.*.ColumnCount", 6.0);
    assertThat(evaluate("ColumnExists \"code\"").outcome()).isEqualTo(Outcome.Passed);
    RuleResult missing = evaluate("ColumnExists \"zip\"");
    assertThat(missing.outcome()).isEqualTo(Outcome.Failed);
    assertThat(missing.failureReason()).isEqualTo("column 'zip' does not exist");
  }

  @Test
  void completenessAndIsComplete() {
    assertRule("Completeness \"name\" >= 0.75", Outcome.Passed, "Column.name.Completeness", 0.75);
    assertRule("Completeness \"name\" > 0.75", Outcome.Failed, "Column.name.Completeness", 0.75);
    assertRule("IsComplete \"id\"", Outcome.Passed, "Column.id.Completeness", 1.0);
    RuleResult failed = assertRule("IsComplete \"name\"", Outcome.Failed, "Column.name.Completeness", 0.75);
    assertThat(failed.failureReason()).isEqualTo("Value: 0.75 does not meet the constraint requirement!");
  }

  @Test
  void uniquenessIsUniqueAndIsPrimaryKey() {
    // id 1, 2, 3, 3: two values occur once in four rows
    assertRule("Uniqueness \"id\" = 0.5", Outcome.Passed, "Column.id.Uniqueness", 0.5);
    assertRule("Uniqueness \"id\" > 0.5", Outcome.Failed, "Column.id.Uniqueness", 0.5);
    assertRule("IsUnique \"name\"", Outcome.Passed, "Column.name.Uniqueness", 1.0);
    assertRule("IsUnique \"id\"", Outcome.Failed, "Column.id.Uniqueness", 0.5);
    RuleResult key = evaluate("IsPrimaryKey \"id\"");
    assertThat(key.outcome()).isEqualTo(Outcome.Failed);
    assertThat(key.evaluatedMetrics()).containsEntry("Column.id.Completeness", 1.0).containsEntry("Column.id.Uniqueness", 0.5);
    // as in Glue, a primary key must also be complete: name is unique but has a NULL
    assertThat(evaluate("IsPrimaryKey \"name\"").outcome()).isEqualTo(Outcome.Failed);
    assertThat(evaluate("IsPrimaryKey \"id\" \"name\"").outcome()).isEqualTo(Outcome.Failed);
    assertThat(evaluate("IsPrimaryKey \"id\" \"code\"").evaluatedMetrics()).containsEntry("Multicolumn.id,code.Uniqueness", 1.0);
  }

  @Test
  void uniqueValueRatioAndDistinctValuesCount() {
    // distinct ids 1, 2, 3; unique ones 1, 2
    assertRule("UniqueValueRatio \"id\" between 0.6 and 0.7", Outcome.Passed, "Column.id.UniqueValueRatio", 2.0 / 3);
    assertRule("UniqueValueRatio \"id\" > 0.7", Outcome.Failed, "Column.id.UniqueValueRatio", 2.0 / 3);
    assertRule("DistinctValuesCount \"id\" = 3", Outcome.Passed, "Column.id.DistinctValuesCount", 3.0);
    assertRule("DistinctValuesCount \"id\" > 3", Outcome.Failed, "Column.id.DistinctValuesCount", 3.0);
  }

  @Test
  void meanSumStandardDeviationEntropyAndCorrelation() {
    // amount 10, 20, -5 (NULL ignored): mean 25/3, population standard deviation sqrt(316.667 / 3)
    assertRule("Mean \"amount\" between 8 and 9", Outcome.Passed, "Column.amount.Mean", 25.0 / 3);
    assertRule("Mean \"amount\" > 9", Outcome.Failed, "Column.amount.Mean", 25.0 / 3);
    assertRule("Sum \"amount\" = 25", Outcome.Passed, "Column.amount.Sum", 25.0);
    assertRule("Sum \"amount\" < 25", Outcome.Failed, "Column.amount.Sum", 25.0);
    double std = Math.sqrt(((10 - 25.0 / 3) * (10 - 25.0 / 3) + (20 - 25.0 / 3) * (20 - 25.0 / 3) + (-5 - 25.0 / 3) * (-5 - 25.0 / 3)) / 3);
    assertRule("StandardDeviation \"amount\" < 11", Outcome.Passed, "Column.amount.StandardDeviation", std);
    assertRule("StandardDeviation \"amount\" < 10", Outcome.Failed, "Column.amount.StandardDeviation", std);
    // names a, b, c once each: entropy ln 3
    assertRule("Entropy \"name\" > 1", Outcome.Passed, "Column.name.Entropy", Math.log(3));
    assertRule("Entropy \"name\" > 1.1", Outcome.Failed, "Column.name.Entropy", Math.log(3));
    // (1, 10), (2, 20), (3, -5): covariance -5, population deviations sqrt(2/3) and std
    double correlation = -5 / (Math.sqrt(2.0 / 3) * std);
    assertRule("ColumnCorrelation \"id\" \"amount\" < 0", Outcome.Passed, "Multicolumn.id,amount.ColumnCorrelation", correlation);
    assertRule("ColumnCorrelation \"id\" \"amount\" > 0", Outcome.Failed, "Multicolumn.id,amount.ColumnCorrelation", correlation);
  }

  @Test
  void columnValuesWithNumbersStringsDatesAndNow() {
    // 10 and 20 pass; -5 and NULL fail
    assertRule("ColumnValues \"amount\" > 0", Outcome.Failed, "Column.amount.ColumnValues.Compliance", 0.5);
    assertRule("ColumnValues \"amount\" >= -5", Outcome.Failed, "Column.amount.ColumnValues.Compliance", 0.75);
    // between is exclusive: only 10
    assertRule("ColumnValues \"amount\" between 0 and 20", Outcome.Failed, "Column.amount.ColumnValues.Compliance", 0.25);
    assertRule("ColumnValues \"id\" in [1, 2, 3]", Outcome.Passed, "Column.id.ColumnValues.Compliance", 1.0);
    assertRule("ColumnValues \"name\" matches \"[a-c]\"", Outcome.Failed, "Column.name.ColumnValues.Compliance", 0.75);
    assertRule("ColumnValues \"code\" matches \"A+B*C?\"", Outcome.Failed, "Column.code.ColumnValues.Compliance", 0.75);
    assertRule("ColumnValues \"day\" > \"2024-01-01\"", Outcome.Failed, "Column.day.ColumnValues.Compliance", 0.5);
    // now() is the evaluation's instant: 1 h and 2 h ago pass, 30 h ago and NULL fail
    assertRule("ColumnValues \"ts\" > (now() - 1 days)", Outcome.Failed, "Column.ts.ColumnValues.Compliance", 0.5);
    assertRule("ColumnValues \"ts\" <= now()", Outcome.Failed, "Column.ts.ColumnValues.Compliance", 0.75);
  }

  @Test
  void columnValuesNullSemantics() {
    // NULL fails comparisons and in [...]
    assertRule("ColumnValues \"name\" in [\"a\", \"b\", \"c\"]", Outcome.Failed, "Column.name.ColumnValues.Compliance", 0.75);
    // unless listed
    assertRule("ColumnValues \"name\" in [\"a\", \"b\", \"c\", NULL]", Outcome.Passed, "Column.name.ColumnValues.Compliance", 1.0);
    // NULL passes != and not in
    assertRule("ColumnValues \"name\" != \"a\"", Outcome.Failed, "Column.name.ColumnValues.Compliance", 0.75);
    assertRule("ColumnValues \"name\" not in [\"a\", \"b\"]", Outcome.Failed, "Column.name.ColumnValues.Compliance", 0.5);
    // unless listed in not in
    assertRule("ColumnValues \"name\" not in [\"a\", NULL]", Outcome.Failed, "Column.name.ColumnValues.Compliance", 0.5);
    // an or composite admits NULL too: composites of row conditions combine per row
    assertRule("(ColumnValues \"amount\" > -10) or (ColumnValues \"amount\" = NULL)", Outcome.Passed, "Composite.Compliance", 1.0);
    assertRule("(ColumnValues \"amount\" > 0) or (ColumnValues \"amount\" = NULL)", Outcome.Failed, "Composite.Compliance", 0.75);
    assertRule("(ColumnValues \"amount\" > -10) and (ColumnValues \"amount\" < 15)", Outcome.Failed, "Composite.Compliance", 0.5);
  }

  @Test
  void columnValuesWithThreshold() {
    assertRule("ColumnValues \"amount\" > 0 with threshold >= 0.5", Outcome.Passed, "Column.amount.ColumnValues.Compliance", 0.5);
    assertRule("ColumnValues \"amount\" > 0 with threshold > 0.5", Outcome.Failed, "Column.amount.ColumnValues.Compliance", 0.5);
  }

  @Test
  void columnLength() {
    // lengths 2, 3, NULL, 1
    RuleResult result = assertRule("ColumnLength \"code\" <= 2", Outcome.Failed, "Column.code.ColumnLength.Compliance", 0.5);
    assertThat(result.evaluatedMetrics()).containsEntry("Column.code.MinimumLength", 1.0).containsEntry("Column.code.MaximumLength", 3.0);
    assertRule("ColumnLength \"code\" <= 3 where \"code is not null\"", Outcome.Passed, "Column.code.ColumnLength.Compliance where \"code is not null\"", 1.0);
  }

  @Test
  void dataFreshness() {
    assertRule("DataFreshness \"ts\" <= 24 hours", Outcome.Failed, "Column.ts.DataFreshness.Compliance", 0.5);
    assertRule("DataFreshness \"ts\" <= 2 days where \"ts is not null\"", Outcome.Passed, "Column.ts.DataFreshness.Compliance where \"ts is not null\"", 1.0);
  }

  @Test
  void customSql() {
    assertRule("CustomSql \"select sum(amount) from primary\" = 25", Outcome.Passed, "Dataset.*.CustomSQL", 25.0);
    assertRule("CustomSql \"select count(*) from primary where amount < 0\" = 0", Outcome.Failed, "Dataset.*.CustomSQL", 1.0);
    // a query returning rows: the share of the rows it returns, judged by the threshold
    assertRule("CustomSql \"select id from primary where amount > 0\" with threshold >= 0.5", Outcome.Passed, "Dataset.*.CustomSQL.Compliance", 0.5);
  }

  @Test
  void referentialIntegrity() {
    // ids 1, 2 are in the reference; 3, 3 are not
    assertRule("ReferentialIntegrity \"id\" \"ref.{ref_id}\" = 1.0", Outcome.Failed, "Column.id.ReferentialIntegrity", 0.5);
    assertRule("ReferentialIntegrity \"id\" \"ref.ref_id\" >= 0.5", Outcome.Passed, "Column.id.ReferentialIntegrity", 0.5);
  }

  @Test
  void whereFiltersTheRowsARuleSees() {
    assertRule("Mean \"amount\" > 10 where \"id < 3\"", Outcome.Passed, "Column.amount.Mean where \"id < 3\"", 15.0);
    assertRule("Mean \"amount\" > 10", Outcome.Failed, "Column.amount.Mean", 25.0 / 3);
    assertRule("IsComplete \"name\" where \"id <= 2\"", Outcome.Passed, "Column.name.Completeness where \"id <= 2\"", 1.0);
  }

  @Test
  void compositesCombineTheirParts() {
    // metric rules combine their outcomes
    RuleResult and = evaluate("(RowCount > 3) and (Mean \"amount\" > 100)");
    assertThat(and.outcome()).isEqualTo(Outcome.Failed);
    assertThat(and.evaluatedMetrics()).containsEntry("Dataset.*.RowCount", 4.0).containsEntry("Column.amount.Mean", 25.0 / 3);
    assertThat(and.failureReason()).contains("Mean \"amount\" > 100").doesNotContain("RowCount");
    assertThat(evaluate("(RowCount > 3) or (Mean \"amount\" > 100)").outcome()).isEqualTo(Outcome.Passed);
    assertThat(evaluate("(IsComplete \"name\") or (RowCount > 10)").outcome()).isEqualTo(Outcome.Failed);
    // row conditions combine per row: both complete in 3 rows of 4; either complete in all
    assertRule("(IsComplete \"id\") and (IsComplete \"name\")", Outcome.Failed, "Composite.Compliance", 0.75);
    assertRule("(IsComplete \"id\") or (IsComplete \"name\")", Outcome.Passed, "Composite.Compliance", 1.0);
    assertThat(evaluate("((RowCount > 1) and (IsComplete \"id\")) or (Mean \"amount\" > 100)").outcome()).isEqualTo(Outcome.Passed);
  }

  @Test
  void aMissingColumnIsAnErrorOutcomeNotACrash() {
    RuleResult result = evaluate("Mean \"price\" > 1");
    assertThat(result.outcome()).isEqualTo(Outcome.Error);
    assertThat(result.failureReason()).contains("column 'price' does not exist").contains("id, name, amount");
  }

  @Test
  void aCustomSqlOnAMissingTableIsAnErrorOutcomeAndTheOtherRulesAreStillJudged() {
    List<RuleResult> results =
        RuleEvaluator.evaluate(
            DATA, Rulesets.parse("Rules = [ CustomSql \"select count(*) from no_such_table\" = 0, RowCount = 4 ]", "test"),
            new RuleEvaluator.Context(spark, Map.of("ref", REFERENCE), MetricHistory.NONE, NOW));
    assertThat(results.get(0).outcome()).isEqualTo(Outcome.Error);
    assertThat(results.get(0).failureReason()).contains("no_such_table");
    assertThat(results.get(1).outcome()).isEqualTo(Outcome.Passed);
  }

  @Test
  void dynamicRulesWithNoneOneAndFiveEarlierRuns() {
    RuleResult first = evaluate("RowCount > 0.5 * avg(last(5))", MetricHistory.NONE);
    assertThat(first.outcome()).isEqualTo(Outcome.Passed);
    assertThat(first.notes()).contains("no earlier runs");

    // one earlier run of 100 rows: 4 > 0.5 * 100 fails, and the note says only 1 of 5 runs existed
    RuleResult one = evaluate("RowCount > 0.5 * avg(last(5))", history(100.0));
    assertThat(one.outcome()).isEqualTo(Outcome.Failed);
    assertThat(one.notes()).contains("1 of the 5 earlier runs");

    // five earlier runs averaging 6: 4 > 3 passes, all history used
    RuleResult five = evaluate("RowCount > 0.5 * avg(last(5))", history(2.0, 4.0, 6.0, 8.0, 10.0, 1000.0));
    assertThat(five.outcome()).isEqualTo(Outcome.Passed);
    assertThat(five.notes()).isEmpty();
    assertThat(evaluate("RowCount >= min(last(3))", history(5.0, 4.0, 3.0)).outcome()).isEqualTo(Outcome.Passed);
    assertThat(evaluate("RowCount > max(last(3))", history(5.0, 4.0, 3.0)).outcome()).isEqualTo(Outcome.Failed);
    assertThat(evaluate("RowCount = index(last(3), 1)", history(5.0, 4.0, 3.0)).outcome()).isEqualTo(Outcome.Passed);
  }

  @Test
  void aSyntaxErrorNamesTheRuleset() {
    assertThatThrownBy(() -> Rulesets.parse("Rules = [ RowCount >> 1 ]", "orders.dqdl"))
        .isInstanceOfSatisfying(
            GlueEtlException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.QUALITY_RULESET_INVALID);
              assertThat(e.parameters()).containsEntry("source", "orders.dqdl");
            });
    assertThatThrownBy(() -> Rulesets.parse("Rules = [ ]", "empty.dqdl")).isInstanceOf(GlueEtlException.class);
    // the official parser knows which rules take a threshold
    assertThatThrownBy(() -> Rulesets.parse("Rules = [ Mean \"amount\" > 1 with threshold > 0.5 ]", "t.dqdl"))
        .isInstanceOfSatisfying(
            GlueEtlException.class,
            e -> assertThat(e.getMessage()).contains("QUALITY_RULESET_INVALID").contains("Threshold condition not supported for rule type: Mean"));
  }

  @Test
  void anUnsupportedRuleIsRejectedWhenLoadedWithTheRuleAndTheSupportedTypes() {
    for (String rule : List.of("ColumnDataType \"id\" = \"INTEGER\"", "SchemaMatch \"ref\" = 1.0", "(RowCount > 1) and (DetectAnomalies \"RowCount\")", "ColumnNamesMatchPattern \"[a-z]+\"")) {
      assertThatThrownBy(() -> Rulesets.parse("Rules = [ RowCount > 0, " + rule + " ]", "t.dqdl"))
          .as(rule)
          .isInstanceOfSatisfying(
              GlueEtlException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.QUALITY_RULE_UNSUPPORTED);
                assertThat(e.getMessage()).contains("RowCount, ").contains("ReferentialIntegrity");
                assertThat(e.parameters().get("rule")).isNotBlank();
              });
    }
  }

  @Test
  void theNotebookEntryPointReturnsGlueShapedRows() {
    Dataset<Row> results = DataQuality.evaluate(DATA, "Rules = [ RowCount = 4, IsComplete \"name\" ]");

    assertThat(results.schema()).isEqualTo(DataQuality.RESULTS);
    List<Row> rows = results.collectAsList();
    assertThat(rows).extracting(r -> r.getString(0), r -> r.getString(1), r -> r.isNullAt(2) ? null : r.getString(2))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("RowCount = 4", "Passed", null),
            org.assertj.core.groups.Tuple.tuple("IsComplete \"name\"", "Failed", "Value: 0.75 does not meet the constraint requirement!"));
    assertThat(DataQuality.score(DataQuality.results(DATA, "Rules = [ RowCount = 4, IsComplete \"name\" ]", Map.of(), MetricHistory.NONE))).isEqualTo(0.5);
  }

  private static RuleResult assertRule(String rule, Outcome outcome, String metric, double value) {
    RuleResult result = evaluate(rule);
    assertThat(result.outcome()).as(rule + " (" + result.failureReason() + ")").isEqualTo(outcome);
    assertThat(result.evaluatedMetrics()).as(rule).containsKey(metric);
    assertThat(result.evaluatedMetrics().get(metric)).as(rule).isCloseTo(value, within(1e-9));
    return result;
  }

  private static RuleResult evaluate(String rule) {
    return evaluate(rule, MetricHistory.NONE);
  }

  private static RuleResult evaluate(String rule, MetricHistory history) {
    RuleEvaluator.Context context = new RuleEvaluator.Context(spark, Map.of("ref", REFERENCE), history, NOW);
    return RuleEvaluator.evaluate(DATA, Rulesets.parse("Rules = [ " + rule + " ]", "test"), context).get(0);
  }

  private static MetricHistory history(Double... mostRecentFirst) {
    return (metric, count) -> List.of(mostRecentFirst).subList(0, Math.min(count, mostRecentFirst.length));
  }

  private static Timestamp ts(Instant instant) {
    return Timestamp.from(instant);
  }
}
