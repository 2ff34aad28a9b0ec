package dev.glueetl.quality.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.glueetl.quality.MetricHistory;
import dev.glueetl.quality.RuleEvaluator;
import dev.glueetl.quality.RuleResult;
import dev.glueetl.quality.profile.Profiler.Profiling;
import dev.glueetl.quality.profile.model.TableProfile.ColumnProfile;
import dev.glueetl.quality.profile.model.TableProfile.TopValue;
import dev.glueetl.quality.profile.model.TableProfile;
import dev.glueetl.quality.rules.RulesetParser;
import dev.glueetl.testing.SparkTestSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The profile of a dozen hand-written rows against hand-computed figures, and the ruleset suggested from it: it parses
 * with the official DQDL parser, passes on its source and fails on corrupted copies. One Deequ profiling run for the
 * whole class; Deequ's histogram limit is 4 distinct values here, so that both ways to top values are exercised
 * (Deequ's histogram for score, status and city; a group-by for id and amount).
 *
 * <pre>
 * id  score  status   amount  city
 *  1  10     present  12.5    Oslo
 *  2  20     present   0.0    Lima
 *  3  30     late      7.25   Oslo
 *  4  10     present   3.0    Rome
 *  5  20     absent   10.0    Lima
 *  6  30     late      2.5    Oslo
 *  7  10     excused   5.0    Kyiv
 *  8  20     present   1.75   Oslo
 *  9  30     late      4.0    Lima
 * 10  10     absent    6.0    NULL
 * 11  20     excused   8.0    Rome
 * 12  NULL   present   9.0    Oslo
 * </pre>
 */
class ProfilerTest {
  private static final StructType SCHEMA = ProfileFixture.SCHEMA;
  private static final List<Row> ROWS = ProfileFixture.ROWS;

  private static Dataset<Row> data;
  private static Profiling profiling;
  private static SuggestedRules.Ruleset ruleset;

  @BeforeAll
  static void profileOnce() {
    SparkSession spark = SparkTestSession.get();
    data = spark.createDataFrame(ROWS, SCHEMA);
    profiling = Profiler.profile("fixture", data, 4);
    ruleset = SuggestedRules.suggest(data, profiling, List.of("test"));
  }

  @Test
  void figuresOfEachColumnAreTheHandComputedOnes() {
    TableProfile profile = profiling.profile();
    assertThat(profile.rowCount()).isEqualTo(12);
    assertThat(profile.columns()).extracting(ColumnProfile::column).containsExactly("id", "score", "status", "amount", "city");

    // id: 1..12, mean 78/12, population variance (12^2 - 1)/12
    ColumnProfile id = profile.column("id").orElseThrow();
    assertThat(id.type()).isEqualTo("int");
    assertThat(id.completeness()).isEqualTo(1.0);
    assertThat(id.approxDistinct()).isEqualTo(12);
    assertThat(id.min()).contains("1");
    assertThat(id.max()).contains("12");
    assertThat(id.mean().orElseThrow()).isCloseTo(6.5, within(1e-9));
    assertThat(id.stddev().orElseThrow()).isCloseTo(Math.sqrt(143.0 / 12), within(1e-9));
    // 12 distinct values > 4: a group-by, ties in numeric order, the ten first
    assertThat(id.topValues()).hasSize(10).first().isEqualTo(new TopValue("1", 1, 1 / 12.0));
    assertThat(id.topValues()).extracting(TopValue::value).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");

    // score: 10 x4, 20 x4, 30 x3, NULL x1: mean 210/11; squared deviations 4(100/11)^2 + 4(10/11)^2 + 3(120/11)^2 = 83600/121, over 11
    ColumnProfile score = profile.column("score").orElseThrow();
    assertThat(score.completeness()).isCloseTo(11 / 12.0, within(1e-12));
    assertThat(score.approxDistinct()).isEqualTo(3);
    assertThat(score.min()).contains("10");
    assertThat(score.max()).contains("30");
    assertThat(score.mean().orElseThrow()).isCloseTo(210 / 11.0, within(1e-9));
    assertThat(score.stddev().orElseThrow()).isCloseTo(Math.sqrt(83600.0 / 121 / 11), within(1e-9));
    assertThat(score.topValues())
        .containsExactly(new TopValue("10", 4, 4 / 12.0), new TopValue("20", 4, 4 / 12.0), new TopValue("30", 3, 3 / 12.0), new TopValue(null, 1, 1 / 12.0));

    // status: text, so min and max by text order, no mean
    ColumnProfile status = profile.column("status").orElseThrow();
    assertThat(status.type()).isEqualTo("string");
    assertThat(status.completeness()).isEqualTo(1.0);
    assertThat(status.approxDistinct()).isEqualTo(4);
    assertThat(status.min()).contains("absent");
    assertThat(status.max()).contains("present");
    assertThat(status.mean()).isEmpty();
    assertThat(status.stddev()).isEmpty();
    assertThat(status.topValues())
        .containsExactly(
            new TopValue("present", 5, 5 / 12.0), new TopValue("late", 3, 3 / 12.0), new TopValue("absent", 2, 2 / 12.0), new TopValue("excused", 2, 2 / 12.0));

    // amount: sum 69, mean 5.75; squared deviations sum 152.375
    ColumnProfile amount = profile.column("amount").orElseThrow();
    assertThat(amount.type()).isEqualTo("double");
    assertThat(amount.approxDistinct()).isEqualTo(12);
    assertThat(amount.min()).contains("0.0");
    assertThat(amount.max()).contains("12.5");
    assertThat(amount.mean().orElseThrow()).isCloseTo(5.75, within(1e-9));
    assertThat(amount.stddev().orElseThrow()).isCloseTo(Math.sqrt(152.375 / 12), within(1e-9));
    assertThat(amount.topValues()).extracting(TopValue::value).containsExactly("0.0", "1.75", "2.5", "3.0", "4.0", "5.0", "6.0", "7.25", "8.0", "9.0");

    ColumnProfile city = profile.column("city").orElseThrow();
    assertThat(city.completeness()).isCloseTo(11 / 12.0, within(1e-12));
    assertThat(city.approxDistinct()).isEqualTo(4);
    assertThat(city.min()).contains("Kyiv");
    assertThat(city.max()).contains("Rome");
    assertThat(city.topValues())
        .containsExactly(
            new TopValue("Oslo", 5, 5 / 12.0), new TopValue("Lima", 3, 3 / 12.0), new TopValue("Rome", 2, 2 / 12.0), new TopValue("Kyiv", 1, 1 / 12.0),
            new TopValue(null, 1, 1 / 12.0));
  }

  @Test
  void theSuggestedRulesetTranslatesEachDeequSuggestionWithItsEvidence() {
    assertThat(ruleset.rules())
        .containsExactly(
            "RowCount > 0",
            "IsComplete \"id\"",
            "ColumnValues \"id\" >= 0",
            "IsUnique \"id\"",
            // Deequ: completeness 11/12 = 0.917, lower bound of its confidence interval 0.76
            "Completeness \"score\" >= 0.76",
            "ColumnValues \"score\" in [10, 20, 30, NULL] with threshold >= 0.76",
            // Deequ's isNonNegative lets NULL pass, DQDL's ColumnValues does not unless told
            "(ColumnValues \"score\" >= 0) or (ColumnValues \"score\" in [NULL])",
            "IsComplete \"status\"",
            "ColumnValues \"status\" in [\"present\", \"late\", \"absent\", \"excused\"]",
            "IsComplete \"amount\"",
            "ColumnValues \"amount\" >= 0",
            "IsUnique \"amount\"",
            "Completeness \"city\" >= 0.76",
            "ColumnValues \"city\" in [\"Oslo\", \"Lima\", \"Rome\", \"Kyiv\", NULL] with threshold >= 0.76");
    // each rule follows its evidence: Deequ's description, then the figures
    assertThat(ruleset.dqdl())
        .contains(
            "    # 'status' has value range 'present', 'late', 'absent', 'excused' (Deequ CategoricalRangeRule)\n"
                + "    #   status: string, completeness 1.00 (12 of 12 rows), ~4 distinct, min absent, max present, top 'present' 5, 'late' 3, 'absent' 2,"
                + " 'excused' 2\n"
                + "    ColumnValues \"status\" in [\"present\", \"late\", \"absent\", \"excused\"],\n")
        .contains("#   score: int, completeness 0.92 (11 of 12 rows), ~3 distinct, min 10, max 30, mean 19.0909, stddev 7.92527, top '10' 4, '20' 4, '30' 3, NULL 1\n")
        .startsWith("# test\nRules = [\n")
        .endsWith("    ColumnValues \"city\" in [\"Oslo\", \"Lima\", \"Rome\", \"Kyiv\", NULL] with threshold >= 0.76\n]\n");
  }

  @Test
  void theSuggestedRulesetParsesWithTheOfficialParserAndPassesOnItsSource() {
    Map<String, RuleResult.Outcome> outcomes = outcomes(data);

    assertThat(outcomes).hasSize(14);
    assertThat(outcomes.values()).containsOnly(RuleResult.Outcome.Passed);
  }

  @Test
  void itFailsWhenACompleteColumnGetsANullANonNegativeOneANegativeValueOrACategoryAnUnknownValue() {
    List<Row> corrupted = new ArrayList<>(ROWS);
    // row 1 loses its id, row 2 gets a negative amount, row 3 an unknown status
    corrupted.set(0, RowFactory.create(null, 10, "present", 12.5, "Oslo"));
    corrupted.set(1, RowFactory.create(2, 20, "present", -0.5, "Lima"));
    corrupted.set(2, RowFactory.create(3, 30, "sick", 7.25, "Oslo"));

    Map<String, RuleResult.Outcome> outcomes = outcomes(data.sparkSession().createDataFrame(corrupted, SCHEMA));

    assertThat(outcomes.entrySet().stream().filter(e -> e.getValue() != RuleResult.Outcome.Passed).map(Map.Entry::getKey))
        .containsExactly(
            "IsComplete \"id\"",
            // NULL fails a ColumnValues comparison
            "ColumnValues \"id\" >= 0",
            // (results name rules as the DQDL parser prints them)
            "ColumnValues \"status\" in [\"present\",\"late\",\"absent\",\"excused\"]",
            "ColumnValues \"amount\" >= 0");
  }

  @Test
  void aSuggestionWithoutTranslationIsKeptAsACommentSayingWhy() {
    ColumnProfile room = new ColumnProfile("room", "string", 1.0, 3, Optional.of("101"), Optional.of("103"), Optional.empty(), Optional.empty(), List.of());
    Profiler.Suggestion type = new Profiler.Suggestion("room", "RetainTypeRule", "'room' has type Integral", ".hasDataType(\"room\", ConstrainableDataTypes.Integral)");
    Profiler.Suggestion nonNegative = new Profiler.Suggestion("room", "NonNegativeNumbersRule", "'room' has no negative values", ".isNonNegative(\"room\")");
    Profiler.Suggestion quoted = new Profiler.Suggestion("room", "CategoricalRangeRule", "'room' has value range", ".isContainedIn(\"room\", Array(\"1\\\"01\", \"102\"))");

    assertThat(SuggestedRules.translate(type, room, false).rule()).isEmpty();
    assertThat(SuggestedRules.translate(type, room, false).leftOut()).startsWith("ColumnDataType is not among the rule types this project evaluates");
    assertThat(SuggestedRules.translate(nonNegative, room, false).leftOut()).isEqualTo("the column is string, not a number: a numeric comparison would compare text");
    assertThat(SuggestedRules.translate(quoted, room, false).leftOut()).startsWith("a value holds a quote");
    assertThat(SuggestedRules.values(".isContainedIn(\"c\", Array(\"a b\", \"x, y\"), _ >= 0.9, Some(\"It should be above 0.9!\"))")).contains(List.of("a b", "x, y"));
  }

  static Map<String, RuleResult.Outcome> outcomes(Dataset<Row> on) {
    List<RuleResult> results =
        RuleEvaluator.evaluate(on, RulesetParser.parse(ruleset.dqdl(), "suggested"), new RuleEvaluator.Context(on.sparkSession(), Map.of(), MetricHistory.NONE, Instant.now()));
    Map<String, RuleResult.Outcome> byRule = new LinkedHashMap<>();
    results.forEach(r -> byRule.put(r.rule(), r.outcome()));
    return byRule;
  }
}
