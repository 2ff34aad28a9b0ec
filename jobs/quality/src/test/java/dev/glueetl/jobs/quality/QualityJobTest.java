package dev.glueetl.jobs.quality;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.job.JobReport;
import dev.glueetl.testing.Directories;
import dev.glueetl.testing.JobRuns;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quality job's real {@code main} on the bundled app events after preprocess (13 trusted events, 7 quarantined, 3 duplicates). */
class QualityJobTest {
  @TempDir Path work;
  /** The bundled app events preprocessed once; each test starts from a copy (preprocess does not read the quality section). */
  @TempDir static Path preprocessed;
  private final SparkSession spark = SparkTestSession.get();

  @BeforeAll
  static void preprocessTheBundledEventsOnce() {
    JobRuns.preprocess("--pipeline", ProjectFiles.pipeline("app-events").toString(), "--lake", preprocessed.resolve("lake").toString(), "--input",
        ProjectFiles.testData("app-events").toString());
  }

  @Test
  void aFailingFailGateMakesTheJobFailAfterWritingResultsAndReport() throws Exception {
    Path pipeline = pipeline("  - table: trusted.events\n    action: fail\n    rules: 'Rules = [ RowCount > 100, IsComplete \"user_id\" ]'\n");
    copyThePreprocessedLake();

    assertThatThrownBy(() -> quality(pipeline, "jr_gate"))
        .isInstanceOfSatisfying(
            GlueEtlException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.QUALITY_GATE_FAILED);
              assertThat(e.getMessage()).contains("app_events_trusted.events").contains("RowCount > 100");
              assertThat(e.parameters()).containsEntry("report", siteIndex().toUri().toString());
            });

    assertThat(table("quality/app-events/results").select("rule", "outcome").collectAsList().toString())
        .contains("[RowCount > 100,Failed]").contains("[IsComplete \"user_id\",Passed]");
    assertThat(reportOf("jr_gate")).exists();
    assertThat(Files.readString(siteIndex())).contains("<code>jr_gate</code>");
    assertThat(table("runs/app-events/job_runs").where(col("run_id").equalTo("jr_gate")).select("state", "error_code").first().toString())
        .isEqualTo("[FAILED,QUALITY_GATE_FAILED]");
  }

  @Test
  void aFailingWarnRulesetIsRecordedAndTheJobSucceeds() throws Exception {
    Path pipeline = pipeline("  - table: trusted.events\n    action: warn\n    rules: 'Rules = [ RowCount > 100 ]'\n");
    copyThePreprocessedLake();
    // and the report site cannot be written (a file where its folder goes): the recorded results still count
    Files.writeString(work.resolve("lake/_reports"), "not a folder");

    JobReport report = quality(pipeline, "jr_warn").report();

    assertThat(report.count("failed")).isEqualTo(1);
    assertThat(table("quality/app-events/results").select("rule", "outcome", "action", "score").first().toString()).isEqualTo("[RowCount > 100,Failed,warn,0.0]");
    assertThat(report.notes()).contains("report: " + reportOf("jr_warn").toUri().toString().replace("file:///", "file:/"));
  }

  @Test
  void quarantineMovesExactlyTheFailingRowsAndKeepsEveryRecordAccountedFor() throws Exception {
    Path pipeline =
        pipeline(
            "  - table: trusted.events\n    action: fail\n    quarantine: true\n    personal: [user_id]\n"
                + "    rules: 'Rules = [ ColumnValues \"event_name\" != \"ui.activity.resumed\", ColumnValues \"user_id\" != \"u-dave\", RowCount > 0 ]'\n");
    copyThePreprocessedLake();

    JobReport report = quality(pipeline, "jr_quarantine").report();

    // a-0004 (resumed) and dave's two events
    assertThat(report.count("quarantined")).isEqualTo(3);
    assertThat(table("trusted/app-events/events").count()).isEqualTo(10);
    assertThat(table("trusted/app-events/events").where(col("event_id").equalTo("a-0004").or(col("user_id").equalTo("u-dave"))).count()).isZero();
    Dataset<Row> moved = table("quarantine/app-events/events").where(col("reason").equalTo("QUALITY_RULE"));
    assertThat(moved.select("detail").orderBy("detail").collectAsList().toString())
        .isEqualTo("[[ColumnValues \"event_name\" != \"ui.activity.resumed\"], [ColumnValues \"user_id\" != \"u-dave\"], [ColumnValues \"user_id\" != \"u-dave\"]]");
    assertThat(moved.select("raw_record").where(col("raw_record").contains("\"event_id\":\"a-0004\"")).count()).isEqualTo(1);
    // read 23 = trusted + duplicates 3 + quarantined (7 by preprocess, 3 by quality)
    long quarantined = table("quarantine/app-events/events").count();
    assertThat(quarantined).isEqualTo(10);
    assertThat(table("trusted/app-events/events").count() + 3 + quarantined).isEqualTo(23);
    // the gate passes: quarantine removed what failed
    assertThat(table("runs/app-events/job_runs").where(col("run_id").equalTo("jr_quarantine")).select("state").first().getString(0)).isEqualTo("SUCCEEDED");
    // a second run finds nothing more to move
    assertThat(quality(pipeline, "jr_quarantine_2").report().count("quarantined")).isZero();
  }

  @Test
  void aDuplicatedKeyLeavesItsKeptRowTrustedAndAGateRunAgainAddsNothingTwice() throws Exception {
    Path pipeline =
        pipeline("  - table: trusted.events\n    action: fail\n    quarantine: true\n    key: [user_id]\n    rules: 'Rules = [ IsPrimaryKey \"user_id\" ]'\n");
    copyThePreprocessedLake();
    String trustedPath = work.resolve("lake/trusted/app-events/events").toString();
    long before = io.delta.tables.DeltaTable.forPath(spark, trustedPath).history(1).first().getLong(0);
    // 13 events of 4 users (alice 5, bob 4, carol 2, dave 2): per user the first row in the order of all columns, which
    // begin with event_id, passes; the other 9 fail
    List<Row> firstPerUser =
        table("trusted/app-events/events").groupBy("user_id").agg(org.apache.spark.sql.functions.min("event_id").as("event_id"))
            .orderBy("user_id").collectAsList();
    assertThat(firstPerUser).hasSize(4);

    JobReport report = quality(pipeline, "jr_pk_1").report();

    assertThat(report.count("quarantined")).isEqualTo(9);
    assertThat(table("trusted/app-events/events").select("user_id", "event_id").orderBy("user_id").collectAsList()).isEqualTo(firstPerUser);
    assertThat(table("quarantine/app-events/events").where(col("reason").equalTo("QUALITY_RULE")).count()).isEqualTo(9);

    // a second run of the gate finds nothing to move
    assertThat(quality(pipeline, "jr_pk_2").report().count("quarantined")).isZero();
    assertThat(table("quarantine/app-events/events").where(col("reason").equalTo("QUALITY_RULE")).count()).isEqualTo(9);
    // the 9 back in trusted (an operator restored the table): the gate moves them out again, but they are already in
    // the quarantine and are not added twice
    io.delta.tables.DeltaTable.forPath(spark, trustedPath).restoreToVersion(before);
    assertThat(table("trusted/app-events/events").count()).isEqualTo(13);
    assertThat(quality(pipeline, "jr_pk_restored").report().count("quarantined")).isZero();
    assertThat(table("trusted/app-events/events").select("user_id", "event_id").orderBy("user_id").collectAsList()).isEqualTo(firstPerUser);
    assertThat(table("quarantine/app-events/events").where(col("reason").equalTo("QUALITY_RULE")).count()).isEqualTo(9);

    // the same files processed again (bookmarks off) replace everything they contributed, the gate's quarantine rows
    // included; the gate then moves the same 9 once more, and the quarantine still holds each once
    JobRuns.preprocess("--pipeline", pipeline.toString(), "--lake", work.resolve("lake").toString(), "--input",
        ProjectFiles.testData("app-events").toString(), "--job-bookmark-option", "job-bookmark-disable");
    assertThat(table("trusted/app-events/events").count()).isEqualTo(13);
    assertThat(quality(pipeline, "jr_pk_3").report().count("quarantined")).isEqualTo(9);
    assertThat(table("trusted/app-events/events").select("user_id", "event_id").orderBy("user_id").collectAsList()).isEqualTo(firstPerUser);
    assertThat(table("quarantine/app-events/events").where(col("reason").equalTo("QUALITY_RULE")).count()).isEqualTo(9);
    assertThat(quality(pipeline, "jr_pk_4").report().count("quarantined")).isZero();
  }

  @Test
  void theReportShowsEveryRuleAndOutcomeAndMasksPersonalData() throws Exception {
    Path pipeline =
        pipeline(
            "  - table: trusted.events\n    action: warn\n    personal: [user_id, payload]\n"
                + "    rules: 'Rules = [ ColumnValues \"event_name\" != \"ui.activity.resumed\", IsComplete \"user_id\", Mean \"missing_column\" > 1 ]'\n");
    copyThePreprocessedLake();

    JobReport report = quality(pipeline, "jr_report").report();

    // the summary names the site, which the job regenerated with this run; it holds no row of data at all
    assertThat(report.notes()).contains("report site: " + siteIndex().toUri());
    assertThat(Files.readString(siteIndex())).contains("<code>jr_report</code>").contains(">app_events_trusted.events</a>");
    String page = Files.readString(siteIndex().resolveSibling("ruleset-app-events-trusted-events-events.html"));
    assertThat(page)
        .contains("<code>ColumnValues &quot;event_name&quot; != &quot;ui.activity.resumed&quot;</code></td><td class=\"outcome Failed\">Failed")
        .contains("<code>IsComplete &quot;user_id&quot;</code></td><td class=\"outcome Passed\">Passed")
        .contains("<code>Mean &quot;missing_column&quot; &gt; 1</code></td><td class=\"outcome Error\">Error")
        .contains("Column.event_name.ColumnValues.Compliance = 0.923077")
        .doesNotContain("a-0004").doesNotContain("u-alice").doesNotContain("***");
    // the run's JSON keeps the failing rows' sample, personal columns masked
    String json = Files.readString(reportOf("jr_report"));
    assertThat(json).contains("\"outcome\":\"Failed\"").contains("\"user_id\":\"***\"").doesNotContain("u-alice");
  }

  @Test
  void dynamicRulesReadTheMetricHistoryOfEarlierRuns() throws Exception {
    Path pipeline = pipeline("  - table: trusted.events\n    action: warn\n    rules: 'Rules = [ RowCount >= avg(last(5)) ]'\n");
    copyThePreprocessedLake();

    quality(pipeline, "jr_history_1");
    quality(pipeline, "jr_history_2");
    quality(pipeline, "jr_history_3");

    List<Row> notes = table("quality/app-events/results").orderBy("evaluated_at").select("run_id", "outcome", "notes").collectAsList();
    assertThat(notes.get(0).toString()).isEqualTo("[jr_history_1,Passed,dynamic rule: no earlier runs yet, so nothing to compare with; passed]");
    assertThat(notes.get(1).toString()).isEqualTo("[jr_history_2,Passed,dynamic rule: 1 of the 5 earlier runs asked for exist, used those]");
    assertThat(notes.get(2).toString()).isEqualTo("[jr_history_3,Passed,dynamic rule: 2 of the 5 earlier runs asked for exist, used those]");
    assertThat(table("quality/app-events/metrics").where(col("metric").equalTo("Dataset.*.RowCount")).count()).isEqualTo(3);
  }

  /** The built-in app-events pipeline with its quality section replaced. */
  private Path pipeline(String qualityEntries) throws Exception {
    return ProjectFiles.pipelineCopy("app-events", work, yaml -> yaml.substring(0, yaml.indexOf("\nquality:") + 1) + "quality:\n" + qualityEntries);
  }

  private void copyThePreprocessedLake() {
    Directories.copyTree(preprocessed.resolve("lake"), work.resolve("lake"));
  }

  private dev.glueetl.job.JobRunner.CompletedRun quality(Path pipeline, String runId) {
    return QualityJob.run(
        new String[] {"--JOB_NAME", "app-events-quality", "--pipeline", pipeline.toString(), "--lake", work.resolve("lake").toString(), "--zone", "trusted", "--run-id", runId});
  }

  private Dataset<Row> table(String relative) {
    return spark.read().format("delta").load(work.resolve("lake").resolve(relative).toString());
  }

  /** The report site's index page, where the quality job writes it. */
  private Path siteIndex() {
    return work.resolve("lake/_reports/app-events/quality/index.html");
  }

  private Path reportOf(String runId) {
    return work.resolve("lake/quality/app-events/reports").resolve(runId).resolve("report.json");
  }
}
