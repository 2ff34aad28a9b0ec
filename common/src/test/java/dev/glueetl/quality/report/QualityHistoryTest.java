package dev.glueetl.quality.report;

import static dev.glueetl.quality.report.QualityRunsFixture.EVENTS;
import static dev.glueetl.quality.report.QualityRunsFixture.EVENTS_PAGE;
import static dev.glueetl.quality.report.QualityRunsFixture.EVENTS_RULESET;
import static dev.glueetl.quality.report.QualityRunsFixture.R1;
import static dev.glueetl.quality.report.QualityRunsFixture.R2;
import static dev.glueetl.quality.report.QualityRunsFixture.R3;
import static dev.glueetl.quality.report.QualityRunsFixture.R3_METRIC;
import static dev.glueetl.quality.report.QualityRunsFixture.R4;
import static dev.glueetl.quality.report.QualityRunsFixture.S1;
import static dev.glueetl.quality.report.QualityRunsFixture.S2;
import static dev.glueetl.quality.report.QualityRunsFixture.SESSIONS;
import static dev.glueetl.quality.report.QualityRunsFixture.SESSIONS_PAGE;
import static dev.glueetl.quality.report.QualityRunsFixture.SESSIONS_RULESET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.glueetl.quality.report.QualityHistory.MetricSeries;
import dev.glueetl.quality.report.QualityHistory.Point;
import dev.glueetl.quality.report.QualityHistory.RuleHistory;
import dev.glueetl.quality.report.QualityHistory.RulesetHistory;
import dev.glueetl.quality.report.QualityHistory.RulesetRef;
import dev.glueetl.quality.report.QualityHistory.RulesetRun;
import dev.glueetl.quality.report.QualityHistory.Run;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The page model of the report site, from the hand-made runs of {@link QualityRunsFixture} (see its table). */
class QualityHistoryTest {
  private static final RulesetRef EVENTS_REF = new RulesetRef(EVENTS, EVENTS_RULESET, EVENTS_PAGE);
  private static final RulesetRef SESSIONS_REF = new RulesetRef(SESSIONS, SESSIONS_RULESET, SESSIONS_PAGE);

  private final QualityHistory history = QualityHistory.of("app-events", QualityRunsFixture.results(), QualityRunsFixture.metrics());

  @Test
  void everyRunNewestFirstWithItsRulesetsCountsAndOutcome() {
    assertThat(history.runs())
        .containsExactly(
            // jr_3: R1, R2, R4 passed, R3 erred (an error counts as failed)
            new Run("jr_3", null, Instant.parse("2024-03-03T10:00:00Z"), List.of(EVENTS_REF), 3, 1, "Failed"),
            // jr_2: events R1, R3 passed, R2 failed; sessions S1, S2 passed
            new Run("jr_2", "wr_1", Instant.parse("2024-03-02T10:00:00Z"), List.of(EVENTS_REF, SESSIONS_REF), 4, 1, "Failed"),
            new Run("jr_1", null, Instant.parse("2024-03-01T10:00:00Z"), List.of(EVENTS_REF), 4, 0, "Passed"));
  }

  @Test
  void theOrderOfTheRowsDoesNotMatter() {
    List<QualityHistory.ResultRow> shuffled = new ArrayList<>(QualityRunsFixture.results());
    Collections.reverse(shuffled);
    QualityHistory reversed = QualityHistory.of("app-events", shuffled, QualityRunsFixture.metrics());

    assertThat(reversed.runs()).extracting(Run::runId, Run::passed, Run::failed).containsExactly(
        org.assertj.core.groups.Tuple.tuple("jr_3", 3, 1), org.assertj.core.groups.Tuple.tuple("jr_2", 4, 1), org.assertj.core.groups.Tuple.tuple("jr_1", 4, 0));
    // the rules' order follows the rows within a run, the one thing a reader must keep
    assertThat(reversed.rulesets().get(0).rules()).extracting(RuleHistory::rule).containsExactly(R4, R3, R2, R1);
  }

  @Test
  void aRulesetPageHasTheLatestRulesAndTheOutcomeOfEachRunPerRule() {
    assertThat(history.rulesets()).extracting(RulesetHistory::table, RulesetHistory::ruleset, RulesetHistory::page)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(EVENTS, EVENTS_RULESET, EVENTS_PAGE), org.assertj.core.groups.Tuple.tuple(SESSIONS, SESSIONS_RULESET, SESSIONS_PAGE));
    RulesetHistory events = history.rulesets().get(0);

    // "ColumnCount = 3" was only in jr_1: not a rule of the latest run, so not listed
    assertThat(events.rules()).extracting(RuleHistory::rule, RuleHistory::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(R1, "Passed"), org.assertj.core.groups.Tuple.tuple(R2, "Passed"),
            org.assertj.core.groups.Tuple.tuple(R3, "Error"), org.assertj.core.groups.Tuple.tuple(R4, "Passed"));
    assertThat(events.rules().get(2).failureReason()).isEqualTo("column </script><b>c</b> does not exist <b>really</b>");
    assertThat(events.rules().get(2).metrics().get(R3_METRIC)).isNaN();
    assertThat(events.action()).isEqualTo("warn");
    // R4 is new in jr_3: absent ("") in the runs before
    assertThat(events.runs())
        .containsExactly(
            new RulesetRun("jr_3", Instant.parse("2024-03-03T10:00:00Z"), 0.75, 3, 1, List.of("Passed", "Passed", "Error", "Passed")),
            new RulesetRun("jr_2", Instant.parse("2024-03-02T10:00:00Z"), 2.0 / 3, 2, 1, List.of("Passed", "Failed", "Passed", "")),
            new RulesetRun("jr_1", Instant.parse("2024-03-01T10:00:00Z"), 1.0, 4, 0, List.of("Passed", "Passed", "Passed", "")));
    assertThat(events.latest().outcome()).isEqualTo("Failed");
    assertThat(history.rulesets().get(1).runs()).extracting(RulesetRun::outcome).containsExactly("Passed");
  }

  @Test
  void eachRuleMetricIsATrendOverRunsOldestFirstWithoutNaN() {
    RulesetHistory events = history.rulesets().get(0);
    assertThat(values(events.rules().get(0).trends())).containsExactly("Dataset.*.RowCount=[100.0, 120.0, 90.0]");
    assertThat(values(events.rules().get(1).trends())).containsExactly("Column.user_id.Completeness=[1.0, 0.9, 1.0]");
    // jr_3's NaN was never recorded in the metrics table
    assertThat(values(events.rules().get(2).trends())).containsExactly(R3_METRIC + "=[1.0, 1.0]");
    assertThat(events.rules().get(2).trends().get(0).points()).extracting(Point::runId).containsExactly("jr_1", "jr_2");
    assertThat(values(events.rules().get(3).trends())).containsExactly("Column.event_id.Uniqueness=[1.0]");

    RulesetHistory sessions = history.rulesets().get(1);
    assertThat(sessions.rules()).extracting(RuleHistory::rule).containsExactly(S1, S2);
    assertThat(values(sessions.rules().get(0).trends())).containsExactly("Column.session_id.Completeness=[1.0]", "Column.session_id.Uniqueness=[1.0]");
    assertThat(sessions.rules().get(1).trends()).isEmpty();
  }

  @Test
  void aMetricRecordedTwiceInARunIsOnePointAndAnotherRulesetsMetricIsNotMixedIn() {
    Instant at = Instant.parse("2024-05-01T00:00:00Z");
    List<QualityHistory.ResultRow> results =
        List.of(
            new QualityHistory.ResultRow("r1", null, at, "t", "a", "warn", "IsComplete \"x\"", "Passed", null, java.util.Map.of("Column.x.Completeness", 1.0), null, 1.0),
            new QualityHistory.ResultRow("r1", null, at, "t", "a", "warn", "Completeness \"x\" > 0.5", "Passed", null, java.util.Map.of("Column.x.Completeness", 1.0), null, 1.0));
    List<QualityHistory.MetricRow> metrics =
        List.of(
            new QualityHistory.MetricRow("r1", at, "t", "a", "Column.x.Completeness", 1.0),
            new QualityHistory.MetricRow("r1", at, "t", "a", "Column.x.Completeness", 1.0),
            new QualityHistory.MetricRow("r1", at, "t", "other", "Column.x.Completeness", 0.25));

    QualityHistory shared = QualityHistory.of("p", results, metrics);

    assertThat(values(shared.rulesets().get(0).rules().get(0).trends())).containsExactly("Column.x.Completeness=[1.0]");
    assertThat(values(shared.rulesets().get(0).rules().get(1).trends())).containsExactly("Column.x.Completeness=[1.0]");
    assertThat(shared.rulesets().get(0).latest().score()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void pageNamesAreSafeFileNamesAndUnique() {
    Instant at = Instant.parse("2024-05-01T00:00:00Z");
    List<QualityHistory.ResultRow> results =
        List.of(
            new QualityHistory.ResultRow("r1", null, at, "p_trusted.a", "x.dqdl", "warn", "RowCount > 0", "Passed", null, java.util.Map.of(), null, 1.0),
            new QualityHistory.ResultRow("r1", null, at, "p_trusted.a-x", "dqdl", "warn", "RowCount > 0", "Passed", null, java.util.Map.of(), null, 1.0),
            new QualityHistory.ResultRow("r1", null, at, "../../etc", "<x>", "warn", "RowCount > 0", "Passed", null, java.util.Map.of(), null, 1.0));

    assertThat(QualityHistory.of("p", results, List.of()).rulesets()).extracting(RulesetHistory::page)
        .containsExactly("ruleset-etc-x.html", "ruleset-p-trusted-a-x-dqdl.html", "ruleset-p-trusted-a-x-dqdl-2.html");
  }

  private static List<String> values(List<MetricSeries> trends) {
    return trends.stream().map(s -> s.metric() + "=" + s.points().stream().map(Point::value).toList()).toList();
  }
}
