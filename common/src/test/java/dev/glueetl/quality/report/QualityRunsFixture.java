package dev.glueetl.quality.report;

import dev.glueetl.quality.QualityTables;
import dev.glueetl.quality.report.QualityHistory.MetricRow;
import dev.glueetl.quality.report.QualityHistory.ResultRow;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Three quality runs of {@code app-events}, by hand, as the quality job records them (a metric row per non-NaN
 * evaluated metric). Expected values of the tests that use it are worked out in their comments from this table:
 *
 * <pre>
 * run   time (UTC)        ruleset            rules: outcome (metric value)                                   score
 * jr_1  2024-03-01 10:00  events             R1 P (100)  R2 P (1.0)  R3 P (1.0)  "ColumnCount = 3" P (3)    1.0
 * jr_2  2024-03-02 10:00  events             R1 P (120)  R2 F (0.9)  R3 P (1.0)                             0.6667
 * jr_2  (workflow wr_1)   sessions           S1 P (1.0, 1.0)  S2 P (no metric)                              1.0
 * jr_3  2024-03-03 10:00  events             R1 P (90)   R2 P (1.0)  R3 E (NaN)  R4 P (1.0)                 0.75
 * </pre>
 *
 * R3's column name and value carry {@code </script>} and {@code <b>}: neither may become markup or end a script.
 */
public final class QualityRunsFixture {
  public static final String PIPELINE = "app-events";
  public static final String EVENTS = "app_events_trusted.events";
  public static final String SESSIONS = "app_events_trusted.sessions";
  public static final String EVENTS_RULESET = "trusted-events";
  public static final String SESSIONS_RULESET = "sessions";
  public static final String R1 = "RowCount > 0";
  public static final String R2 = "IsComplete \"user_id\"";
  public static final String INJECTED_COLUMN = "</script><b>c</b>";
  public static final String R3 = "ColumnValues \"" + INJECTED_COLUMN + "\" != \"</script><script>alert(1)</script><b>x</b>\"";
  public static final String R3_METRIC = "Column." + INJECTED_COLUMN + ".ColumnValues.Compliance";
  public static final String R4 = "Uniqueness \"event_id\" > 0.99";
  public static final String S1 = "IsPrimaryKey \"session_id\"";
  public static final String S2 = "ColumnExists \"session_id\"";
  public static final String EVENTS_PAGE = "ruleset-app-events-trusted-events-trusted-events.html";
  public static final String SESSIONS_PAGE = "ruleset-app-events-trusted-sessions-sessions.html";

  private static final Instant DAY_1 = Instant.parse("2024-03-01T10:00:00Z");
  private static final Instant DAY_2 = Instant.parse("2024-03-02T10:00:00Z");
  private static final Instant DAY_3 = Instant.parse("2024-03-03T10:00:00Z");

  private QualityRunsFixture() {}

  /** The results rows, in the order the job records them (run by run, ruleset order). */
  public static List<ResultRow> results() {
    List<ResultRow> rows = new ArrayList<>();
    rows.add(events("jr_1", null, DAY_1, R1, "Passed", null, values("Dataset.*.RowCount", 100.0), 1.0));
    rows.add(events("jr_1", null, DAY_1, R2, "Passed", null, values("Column.user_id.Completeness", 1.0), 1.0));
    rows.add(events("jr_1", null, DAY_1, R3, "Passed", null, values(R3_METRIC, 1.0), 1.0));
    rows.add(events("jr_1", null, DAY_1, "ColumnCount = 3", "Passed", null, values("Dataset.*.ColumnCount", 3.0), 1.0));
    double twoOfThree = 2.0 / 3;
    rows.add(events("jr_2", "wr_1", DAY_2, R1, "Passed", null, values("Dataset.*.RowCount", 120.0), twoOfThree));
    rows.add(events("jr_2", "wr_1", DAY_2, R2, "Failed", "Value: 0.9 does not meet the constraint requirement!", values("Column.user_id.Completeness", 0.9), twoOfThree));
    rows.add(events("jr_2", "wr_1", DAY_2, R3, "Passed", null, values(R3_METRIC, 1.0), twoOfThree));
    rows.add(
        new ResultRow("jr_2", "wr_1", DAY_2, SESSIONS, SESSIONS_RULESET, "fail", S1, "Passed", null,
            values("Column.session_id.Completeness", 1.0, "Column.session_id.Uniqueness", 1.0), null, 1.0));
    rows.add(new ResultRow("jr_2", "wr_1", DAY_2, SESSIONS, SESSIONS_RULESET, "fail", S2, "Passed", null, Map.of(), null, 1.0));
    rows.add(events("jr_3", null, DAY_3, R1, "Passed", null, values("Dataset.*.RowCount", 90.0), 0.75));
    rows.add(events("jr_3", null, DAY_3, R2, "Passed", null, values("Column.user_id.Completeness", 1.0), 0.75));
    rows.add(events("jr_3", null, DAY_3, R3, "Error", "column " + INJECTED_COLUMN + " does not exist <b>really</b>", values(R3_METRIC, Double.NaN), 0.75));
    rows.add(events("jr_3", null, DAY_3, R4, "Passed", null, values("Column.event_id.Uniqueness", 1.0), 0.75));
    return rows;
  }

  /** The metrics rows: every evaluated metric that is not NaN, as the quality job records them. */
  public static List<MetricRow> metrics() {
    List<MetricRow> rows = new ArrayList<>();
    for (ResultRow result : results()) {
      result.metrics().forEach(
          (metric, value) -> {
            if (!value.isNaN()) {
              rows.add(new MetricRow(result.runId(), result.evaluatedAt(), result.table(), result.ruleset(), metric, value));
            }
          });
    }
    return rows;
  }

  /** Writes the fixture as the two Delta tables under {@code lakeRoot}, where the quality job would. */
  public static void writeTables(SparkSession spark, String lakeRoot) {
    dev.glueetl.lake.Lake lake = new dev.glueetl.lake.Lake(lakeRoot);
    List<org.apache.spark.sql.Row> results = new ArrayList<>();
    for (ResultRow r : results()) {
      results.add(
          RowFactory.create(r.runId(), r.workflowRunId(), Timestamp.from(r.evaluatedAt()), r.table(), r.ruleset(), r.action(), r.rule(), r.outcome(),
              r.failureReason(), new LinkedHashMap<>(r.metrics()), r.notes(), r.score()));
    }
    List<org.apache.spark.sql.Row> metrics = new ArrayList<>();
    for (MetricRow m : metrics()) {
      metrics.add(RowFactory.create(m.runId(), Timestamp.from(m.evaluatedAt()), m.table(), m.ruleset(), m.metric(), m.value()));
    }
    spark.createDataFrame(results, QualityTables.RESULTS).coalesce(1).write().format("delta").mode("overwrite").save(lake.pathOf(QualityTables.results(PIPELINE)));
    spark.createDataFrame(metrics, QualityTables.METRICS).coalesce(1).write().format("delta").mode("overwrite").save(lake.pathOf(QualityTables.metrics(PIPELINE)));
  }

  private static ResultRow events(String runId, String workflowRunId, Instant at, String rule, String outcome, String reason, Map<String, Double> metrics, double score) {
    return new ResultRow(runId, workflowRunId, at, EVENTS, EVENTS_RULESET, "warn", rule, outcome, reason, metrics, null, score);
  }

  private static Map<String, Double> values(Object... nameValue) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      metrics.put((String) nameValue[i], (Double) nameValue[i + 1]);
    }
    return metrics;
  }
}
