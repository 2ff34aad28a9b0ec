package dev.glueetl.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI: the {@code ./glue-etl} script itself, run as a user runs it after the build (the newcomer's first command),
 * then the other commands in-process on the lake it wrote. An integration test, as the script needs the packaged
 * classpath.
 */
class GlueEtlCliIT {
  @TempDir static Path lake;
  private static String firstRunOutput;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void runTheBuiltInPipelineThroughTheScript() throws Exception {
    System.setProperty("glueetl.home", ProjectFiles.root().toString());
    Script run = glueEtlScript("run", "app-events", "--lake", lake.toString());
    assertThat(run.code).as(run.output()).isZero();
    firstRunOutput = run.stdout;
    SparkTestSession.get();
  }

  @Test
  void theScriptReportsAnErrorAsOneLineWithItsCodeAndExitStatus() throws Exception {
    Script error = glueEtlScript("run", "no-such-pipeline");
    assertThat(error.code).isEqualTo(2);
    assertThat(error.stderr.strip()).startsWith("error: [PIPELINE_NOT_FOUND]").doesNotContain("\tat ").hasLineCount(1);
    // Java 17, the Java of AWS Glue 5.1: no warning (LauncherJavaVersionIT has the other versions)
    assertThat(error.stderr).doesNotContain("warning");
  }

  @Test
  void runPrintsASummaryPerJob() {
    assertThat(firstRunOutput)
        .containsPattern("trigger start \\(scheduled\\) starts preprocess\n> preprocess \\(preprocess\\) started, run jr_")
        .contains("  trigger after-preprocess (preprocess SUCCEEDED) fires: starts quality-trusted\n> quality-trusted (quality) started")
        .contains("  trigger after-quality-trusted (quality-trusted SUCCEEDED) fires: starts aggregate\n> aggregate (aggregate) started")
        .contains("  trigger after-aggregate (aggregate SUCCEEDED) fires: starts quality-curated\n> quality-curated (quality) started")
        .containsPattern("workflow run wr_\\S+: preprocess SUCCEEDED, quality-trusted SUCCEEDED, aggregate SUCCEEDED, quality-curated SUCCEEDED\n$")
        .containsPattern("rules\\s+12\\s+passed\\s+12")
        .containsPattern("preprocess run jr_\\S+ finished in")
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
        .containsPattern("app_events_runs\\.landing_files\\s+6\\s")
        .contains("(15 tables)");
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
  void aFailingQualityGateStopsTheChainAndTheRunResumesOnceFixed(@TempDir Path dir) throws Exception {
    String failingGate = "quality:\n  - {table: trusted.events, action: fail, rules: 'Rules = [ RowCount > 1000 ]'}\n";
    Path pipeline = ProjectFiles.pipelineCopy("app-events", dir, yaml -> yaml.substring(0, yaml.indexOf("\nquality:") + 1) + failingGate);
    String lakeDir = dir.resolve("lake").toString();

    int code = execute("run", pipeline.toString(), "--lake", lakeDir, "--input", ProjectFiles.testData("app-events").toString());

    assertThat(code).as("a failed gate: exit status 3 (data)").isEqualTo(3);
    assertThat(stdout())
        .contains("< preprocess SUCCEEDED")
        .contains("< quality-trusted FAILED")
        .contains("  trigger after-quality-trusted (quality-trusted SUCCEEDED) does not fire: quality-trusted FAILED")
        .doesNotContain("> aggregate")
        .containsPattern("workflow run wr_\\S+: preprocess SUCCEEDED, quality-trusted FAILED, aggregate NOT_RUN, quality-curated NOT_RUN\n$");
    assertThat(stderr())
        .contains(
            "error: quality-trusted failed: [QUALITY_GATE_FAILED] quality gate failed for app_events_trusted.events: app_events_trusted.events: RowCount > 1000 failed")
        .containsPattern("has failed jobs; fix the cause and resume with: ./glue-etl run \\S+app-events.yaml --from <job> --workflow-run-id wr_");
    assertThat(dir.resolve("lake/curated")).doesNotExist();
    String workflowRunId = stdout().replaceAll("(?s).*workflow run (wr_\\S+):.*", "$1");

    // fix the ruleset, resume at the gate: preprocess is not run again, the rest of the chain runs in the same workflow run
    java.nio.file.Files.writeString(pipeline, java.nio.file.Files.readString(pipeline).replace("RowCount > 1000", "RowCount between 10 and 1000"));
    out.reset();
    err.reset();
    code = execute("run", pipeline.toString(), "--lake", lakeDir, "--input", ProjectFiles.testData("app-events").toString(), "--from", "quality-trusted");

    assertThat(code).isZero();
    assertThat(stdout())
        .contains("workflow app-events run " + workflowRunId + " resumed at quality-trusted (kept: preprocess SUCCEEDED)")
        .doesNotContain("> preprocess")
        .contains("workflow run " + workflowRunId + ": preprocess SUCCEEDED, quality-trusted SUCCEEDED, aggregate SUCCEEDED, quality-curated SUCCEEDED");
    // (read by path: this JVM's catalog already maps app_events_runs.job_runs to the lake of the class's first run)
    assertThat(
            SparkTestSession.get().read().format("delta").load(dir.resolve("lake/runs/app-events/job_runs").toString())
                .where("workflow_run_id = '" + workflowRunId + "' and state <> 'RUNNING'").orderBy("started_at")
                .selectExpr("concat(job_name, ',', state)").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .containsExactly("preprocess,SUCCEEDED", "quality-trusted,FAILED", "quality-trusted,SUCCEEDED", "aggregate,SUCCEEDED", "quality-curated,SUCCEEDED");
  }

  @Test
  void deployTemplateWritesTheTemplateAndWarnsAboutWhatWouldBreakOnGlue(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("app-events.cfn.yaml");
    assertThat(execute("deploy-template", "app-events", "--out", file.toString())).isZero();
    assertThat(stdout()).isEqualTo("wrote " + file + "\n");
    assertThat(java.nio.file.Files.readString(file))
        .isEqualTo(
            dev.glueetl.workflow.CloudFormationTemplate.yaml(
                dev.glueetl.config.PipelineConfig.load(ProjectFiles.pipeline("app-events").toString(), new org.apache.hadoop.conf.Configuration())));
    assertThat(stderr()).isEmpty();

    out.reset();
    assertThat(execute("deploy-template", "cafe-orders")).isZero();
    assertThat(stdout()).startsWith("# Generated by ./glue-etl deploy-template cafe-orders from cafe-orders.yaml").contains("AWS::Glue::Workflow");
    assertThat(stderr()).startsWith("warning: orders.customer_key has no secret_id: a Glue job cannot set the environment variable CAFE_CUSTOMER_KEY");

    err.reset();
    assertThat(execute("deploy-template", "cafe-orders", "--strict")).isEqualTo(2);
    assertThat(stderr()).startsWith("error: [DEPLOYMENT_UNSAFE] ").contains("cafe-orders.yaml is not ready for AWS Glue: orders.customer_key has no secret_id").hasLineCount(1);
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
    assertThat(stderr()).startsWith("error: [USAGE] sql: invalid value for option '--format': expects table, csv or json, found 'xml'").hasLineCount(1);
  }

  @Test
  void bookmarkShowsTheProcessedFilesAndResetMakesTheNextRunTakeThemAgain(@TempDir Path ownLake) {
    String[] preprocess = {
      "job", "preprocess", "--JOB_NAME", "x", "--pipeline", ProjectFiles.pipeline("app-events").toString(), "--lake", ownLake.toString(),
      "--input", ProjectFiles.testData("app-events").toString()
    };
    // one job alone, with Glue-style arguments: no other job of the chain runs
    assertThat(execute(preprocess)).isZero();
    assertThat(stdout()).containsPattern("preprocess run \\S+ finished").containsPattern("read\\s+23").containsPattern("trusted\\s+13\\n").doesNotContain("aggregate run");
    out.reset();
    assertThat(execute(preprocess)).isZero();
    // the second run found nothing new
    assertThat(stdout()).containsPattern("input files\\s+0\\n\\s+skipped files\\s+3");

    assertThat(execute("bookmark", "show", "app-events", "--lake", ownLake.toString())).isZero();
    assertThat(stdout())
        .containsPattern("COMMITTED\\s+3282\\s+\\S+\\s+\\S+\\s+file:\\S+/test-data/app-events/events-2024-03-01.jsonl")
        .containsPattern("COMMITTED .*late-batch.jsonl")
        .contains("(3 files in ");

    assertThat(execute("bookmark", "reset", "app-events", "--lake", ownLake.toString())).isZero();
    assertThat(stdout()).contains("3 files marked RESET");
    assertThat(execute(preprocess)).isZero();
    // every file again, replacing what each gave: still 13 trusted events
    assertThat(stdout()).containsPattern("input files\\s+3\\n\\s+skipped files\\s+0").containsPattern("trusted\\s+13\\n");
    assertThat(execute("sql", "--lake", ownLake.toString(), "--format", "csv", "select count(*) from app_events_trusted.events")).isZero();
    assertThat(stdout()).endsWith("count(1)\n13\n");
  }

  private record Script(int code, String stdout, String stderr) {
    String output() {
      return "stdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  /** Runs {@code ./glue-etl} at the repository root as a user does. */
  private static Script glueEtlScript(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", ProjectFiles.root().resolve("glue-etl").toString()));
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile("glue-etl", ".out");
    Path stderr = Files.createTempFile("glue-etl", ".err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(ProjectFiles.root().toFile()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    builder.environment().put("GLUE_ETL_JAVA_OPTS", "-Xmx1g");
    Process process = builder.start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("./glue-etl " + String.join(" ", args) + " finished").isTrue();
    return new Script(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
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
