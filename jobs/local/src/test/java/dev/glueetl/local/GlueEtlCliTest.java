package dev.glueetl.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's commands in-process (the ./glue-etl script itself is exercised by GlueEtlScriptIT). */
class GlueEtlCliTest {
  @TempDir static Path lake;
  private static String firstRunOutput;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void runTheBuiltInPipelineOnce() {
    System.setProperty("glueetl.home", ProjectFiles.root().toString());
    SparkTestSession.get();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int code =
        new GlueEtlCli(new PrintStream(output, true, StandardCharsets.UTF_8), System.err)
            .execute(new String[] {"run", "app-events", "--lake", lake.toString(), "--input", ProjectFiles.testData("app-events").toString(), "--run-id", "cli-run-1"});
    assertThat(code).isZero();
    firstRunOutput = output.toString(StandardCharsets.UTF_8);
  }

  @Test
  void runPrintsASummaryPerJob() {
    assertThat(firstRunOutput)
        .contains("== preprocess ==")
        .contains("== aggregate ==")
        .contains("== quality-trusted ==")
        .contains("== quality-curated ==")
        .containsPattern("rules\\s+12\\s+passed\\s+12")
        .contains("preprocess run cli-run-1 finished in")
        .containsPattern("read\\s+23")
        .containsPattern("trusted\\s+13")
        .containsPattern("duplicates\\s+3")
        .containsPattern("quarantined\\s+7\\s+\\(INVALID_JSON 2, MISSING_FIELD 2, UNPARSEABLE_TIME 1, TIME_OUT_OF_RANGE 2\\)")
        .containsPattern("sessions\\s+6")
        .containsPattern("touched dates\\s+2")
        .containsPattern("app_events_curated\\.daily_active_users\\s+7\\s+2\\s")
        .containsPattern("app_events_curated\\.retention_weekly\\s+1\\s+1\\s");
  }

  @Test
  void tablesListsEveryTableWithItsRowCount() {
    assertThat(execute("tables", "--lake", lake.toString())).isZero();
    assertThat(stdout())
        .containsPattern("app_events_quarantine\\.events\\s+7\\s")
        .containsPattern("app_events_trusted\\.events\\s+13\\s")
        .containsPattern("app_events_trusted\\.sessions\\s+6\\s")
        .containsPattern("app_events_runs\\.job_runs\\s+\\d+\\s")
        .containsPattern("app_events_curated\\.sessions_daily\\s+2\\s")
        .containsPattern("app_events_curated\\.daily_active_users\\s+7\\s")
        .containsPattern("app_events_quality\\.results\\s+19\\s")
        .contains("(14 tables)");
  }

  @Test
  void sqlQueriesTablesByCatalogNameInEachFormat() {
    String query = "select user_id, count(*) as sessions, sum(event_count) as events from app_events_trusted.sessions group by user_id order by user_id";

    assertThat(execute("sql", "--lake", lake.toString(), "--format", "csv", query)).isZero();
    assertThat(stdout()).isEqualTo("user_id,sessions,events\nu-alice,2,5\nu-bob,1,3\nu-carol,2,3\nu-dave,1,2\n");

    out.reset();
    assertThat(execute("sql", "--lake", lake.toString(), "--format", "json", "--limit", "1", query)).isZero();
    assertThat(stdout()).isEqualTo("{\"user_id\":\"u-alice\",\"sessions\":2,\"events\":5}\n");

    out.reset();
    assertThat(execute("sql", "--lake", lake.toString(), query)).isZero();
    assertThat(stdout())
        .isEqualTo(
            String.join(
                "\n",
                "user_id | sessions | events",
                "--------+----------+-------",
                "u-alice | 2        | 5",
                "u-bob   | 1        | 3",
                "u-carol | 2        | 3",
                "u-dave  | 1        | 2",
                "(4 rows)",
                ""));
  }

  @Test
  void runsTheCafePipelineToo(@TempDir Path cafeLake) {
    int code = execute("run", "cafe-orders", "--lake", cafeLake.toString(), "--input", ProjectFiles.testData("cafe-orders").toString());

    assertThat(code).isZero();
    assertThat(stdout()).containsPattern("read\\s+24").containsPattern("trusted\\s+17").containsPattern("quarantined\\s+7").containsPattern("blank lines\\s+1");
    out.reset();
    assertThat(execute("sql", "--lake", cafeLake.toString(), "select order_time, store, total from cafe_orders_trusted.orders where source_row = 1 and store = 'York'")).isZero();
    assertThat(stdout()).contains("2021-08-26 11:00:00 | York  | 4.65");
  }

  @Test
  void sqlQueriesCuratedTablesByCatalogName() {
    assertThat(execute("sql", "--lake", lake.toString(), "--format", "csv", "select date, dau, new_users from app_events_curated.daily_active_users where platform = 'all' order by date")).isZero();
    assertThat(stdout()).isEqualTo("date,dau,new_users\n2024-03-01,3,3\n2024-03-02,2,1\n");
  }

  @Test
  void aFailingQualityGateStopsTheChain(@TempDir Path dir) throws Exception {
    Path pipeline =
        ProjectFiles.pipelineCopy(
            "app-events", dir, yaml -> yaml.substring(0, yaml.indexOf("\nquality:") + 1) + "quality:\n  - {table: trusted.events, action: fail, rules: 'Rules = [ RowCount > 1000 ]'}\n");

    int code = execute("run", pipeline.toString(), "--lake", dir.resolve("lake").toString(), "--input", ProjectFiles.testData("app-events").toString());

    assertThat(code).isEqualTo(1);
    assertThat(stdout()).contains("== preprocess ==").contains("== quality-trusted ==").doesNotContain("== aggregate ==").doesNotContain("== quality-curated ==");
    assertThat(stderr())
        .contains("error: [QUALITY_GATE_FAILED] quality gate failed for app_events_trusted.events: app_events_trusted.events: RowCount > 1000 failed")
        .contains("chain stopped: quality-trusted failed, the steps after it did not run");
    assertThat(dir.resolve("lake/curated")).doesNotExist();
  }

  @Test
  void errorsAreOneLineWithACodeAndExitTwo() {
    assertThat(execute("run", "no-such-pipeline")).isEqualTo(2);
    assertThat(stderr()).startsWith("error: [PIPELINE_NOT_FOUND] unknown pipeline 'no-such-pipeline'").contains("app-events").hasLineCount(1);

    err.reset();
    assertThat(execute("sql", "--lake", lake.toString(), "select nope from app_events_trusted.sessions")).isEqualTo(2);
    assertThat(stderr()).startsWith("error: [SQL_INVALID] query failed:").contains("nope").hasLineCount(1);

    err.reset();
    assertThat(execute("tables", "--lake", lake.resolve("missing").toString())).isEqualTo(2);
    assertThat(stderr()).startsWith("error: [LAKE_NOT_FOUND] no lake at").hasLineCount(1);

    err.reset();
    assertThat(execute("frobnicate")).isEqualTo(2);
    assertThat(stderr()).startsWith("error: [USAGE] unknown command 'frobnicate'");

    err.reset();
    assertThat(execute("sql", "--lake", lake.toString(), "--format", "xml", "select 1")).isEqualTo(2);
    assertThat(stderr()).startsWith("error: [USAGE] sql: --format expects table, csv or json");
  }

  @Test
  void jobRunsOneJobWithGlueStyleArguments(@TempDir Path ownLake) {
    int code =
        execute(
            "job", "preprocess", "--JOB_NAME", "x", "--pipeline", ProjectFiles.pipeline("app-events").toString(), "--lake", ownLake.toString(),
            "--input", ProjectFiles.testData("app-events").resolve("events-2024-03-02.jsonl").toString(), "--run-id", "cli-job");

    assertThat(code).isZero();
    assertThat(stdout()).contains("preprocess run cli-job finished").containsPattern("read\\s+6").containsPattern("trusted\\s+4").doesNotContain("== aggregate ==");
  }

  private int execute(String... args) {
    return new GlueEtlCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
