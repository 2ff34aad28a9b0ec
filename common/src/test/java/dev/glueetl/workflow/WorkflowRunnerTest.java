package dev.glueetl.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.config.PipelineConfig;
import dev.glueetl.config.RunState;
import dev.glueetl.error.Errors;
import dev.glueetl.job.JobReport;
import dev.glueetl.job.JobRunner;
import dev.glueetl.lake.Lake;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local runner walks the trigger graph like Glue. Each job goes through the real {@link JobRunner} (arguments,
 * run records), with a body that succeeds or fails on demand, so the graph's semantics are tested without the cost of
 * the real preprocess, quality and aggregate jobs (GlueEtlCliTest runs those through the same runner).
 */
class WorkflowRunnerTest {
  private final SparkSession spark = SparkTestSession.get();
  @TempDir Path dir;

  private final List<String> started = new ArrayList<>();
  private final List<String> printed = new ArrayList<>();
  private Set<String> failing = Set.of();

  private WorkflowRunner runner(String workflowYaml) throws IOException {
    Path file =
        ProjectFiles.pipelineCopy(
            "app-events", dir, yaml -> workflowYaml.isEmpty() ? yaml : yaml.substring(0, yaml.indexOf("\nworkflow:") + 1) + workflowYaml);
    Path lakeDir = dir.resolve("lake");
    PipelineConfig pipeline = PipelineConfig.load(file.toString(), spark.sparkContext().hadoopConfiguration());
    Lake lake = Lake.qualified(lakeDir.toString(), spark.sparkContext().hadoopConfiguration());
    List<String> baseArgs = List.of("--pipeline", file.toString(), "--lake", lakeDir.toString());
    return new WorkflowRunner(
        spark, pipeline, lake, baseArgs,
        (type, args) ->
            JobRunner.run(
                type.yamlName(), args,
                context -> {
                  String name = context.args().jobName().orElseThrow();
                  started.add(name + ":" + context.args().workflowRunId().orElseThrow());
                  if (failing.contains(name)) {
                    throw Errors.qualityGateFailed("app_events_trusted.events", "RowCount > 1000 failed", "report.html");
                  }
                  return new JobReport().count("rows", 1);
                }),
        printed::add);
  }

  private List<String> startedJobs() {
    return started.stream().map(s -> s.substring(0, s.indexOf(':'))).toList();
  }

  private List<String> states(WorkflowRunner.Result result) {
    return result.outcomes().values().stream().map(o -> o.job() + " " + o.state()).toList();
  }

  @Test
  void theDefaultChainRunsEveryJobInTriggerOrderUnderOneWorkflowRunId() throws IOException {
    WorkflowRunner.Result result = runner("").run();

    assertThat(startedJobs()).containsExactly("preprocess", "quality-trusted", "aggregate", "quality-curated");
    assertThat(started).allMatch(s -> s.endsWith(":" + result.workflowRunId()));
    assertThat(result.failed()).isFalse();
    assertThat(result.exitStatus()).isZero();
    assertThat(printed)
        .contains("trigger start (scheduled) starts preprocess")
        .contains("  trigger after-quality-trusted (quality-trusted SUCCEEDED) fires: starts aggregate")
        .last()
        .isEqualTo("workflow run " + result.workflowRunId() + ": preprocess SUCCEEDED, quality-trusted SUCCEEDED, aggregate SUCCEEDED, quality-curated SUCCEEDED");
  }

  @Test
  void aFailedGateStopsWhatWaitsForItsSuccessAndRecordsEveryState() throws IOException {
    failing = Set.of("quality-trusted");

    WorkflowRunner.Result result = runner("").run();

    assertThat(startedJobs()).containsExactly("preprocess", "quality-trusted");
    assertThat(result.failed()).isTrue();
    assertThat(states(result)).containsExactly("preprocess SUCCEEDED", "quality-trusted FAILED", "aggregate NOT_RUN", "quality-curated NOT_RUN");
    assertThat(result.outcomes().get("quality-trusted").error()).startsWith("[QUALITY_GATE_FAILED]");
    assertThat(result.outcomes().get("quality-trusted").errorCode()).contains(dev.glueetl.error.ErrorCode.QUALITY_GATE_FAILED);
    assertThat(result.exitStatus()).as("a failed gate: data").isEqualTo(3);
    assertThat(printed).contains("  trigger after-quality-trusted (quality-trusted SUCCEEDED) does not fire: quality-trusted FAILED");

    // the run records: a RUNNING row when the runner starts a job, the final row when the job ends
    List<Row> records =
        spark.read().format("delta").load(dir.resolve("lake/runs/app-events/job_runs").toString())
            .where("workflow_run_id = '" + result.workflowRunId() + "'")
            .orderBy("started_at", "ended_at")
            .select("job_name", "job", "state", "error_code")
            .collectAsList();
    assertThat(records.stream().map(Row::toString))
        .containsExactlyInAnyOrder(
            "[preprocess,preprocess,RUNNING,null]",
            "[preprocess,preprocess,SUCCEEDED,null]",
            "[quality-trusted,quality,RUNNING,null]",
            "[quality-trusted,quality,FAILED,QUALITY_GATE_FAILED]");
    assertThat(records.stream().filter(r -> r.getString(0).equals("preprocess")).map(r -> r.getString(2))).containsExactly("RUNNING", "SUCCEEDED");
  }

  private static final String BRANCHES =
      """
      workflow:
        jobs:
          load: {type: preprocess}
          check: {type: quality}
          publish: {type: aggregate}
          on-failure: {type: quality}
        triggers:
          - {name: start, type: on_demand, actions: [load]}
          - {name: after-load, type: conditional, conditions: [{job: load}], actions: [check]}
          - {name: publish-when-good, type: conditional, conditions: [{job: check, state: SUCCEEDED}], actions: [publish]}
          - {name: alert-when-bad, type: conditional, conditions: [{job: check, state: FAILED}], actions: [on-failure]}
      """;

  @Test
  void aTriggerOnFailedFiresWhenTheJobFails() throws IOException {
    failing = Set.of("check");

    WorkflowRunner.Result result = runner(BRANCHES).run();

    assertThat(startedJobs()).containsExactly("load", "check", "on-failure");
    assertThat(states(result)).containsExactly("load SUCCEEDED", "check FAILED", "on-failure SUCCEEDED", "publish NOT_RUN");
    assertThat(printed).contains("  trigger alert-when-bad (check FAILED) fires: starts on-failure");
  }

  @Test
  void aTriggerOnFailedDoesNotFireWhenTheJobSucceeds() throws IOException {
    WorkflowRunner.Result result = runner(BRANCHES).run();

    assertThat(startedJobs()).containsExactly("load", "check", "publish");
    assertThat(states(result)).containsExactly("load SUCCEEDED", "check SUCCEEDED", "publish SUCCEEDED", "on-failure NOT_RUN");
  }

  private static final String FAN_IN =
      """
      workflow:
        jobs:
          events: {type: preprocess}
          orders: {type: preprocess}
          both-loaded: {type: aggregate}
          either-failed: {type: quality}
        triggers:
          - {name: start, type: scheduled, schedule: "cron(15 6 * * ? *)", actions: [events, orders]}
          - {name: join, type: conditional, logical: AND, conditions: [{job: events, state: SUCCEEDED}, {job: orders, state: SUCCEEDED}], actions: [both-loaded]}
          - {name: any-failure, type: conditional, logical: ANY, conditions: [{job: events, state: FAILED}, {job: orders, state: FAILED}], actions: [either-failed]}
      """;

  @Test
  void andWaitsForEveryConditionAndAnyForOne() throws IOException {
    WorkflowRunner.Result allGood = runner(FAN_IN).run();

    assertThat(startedJobs()).containsExactly("events", "orders", "both-loaded");
    assertThat(states(allGood)).contains("either-failed NOT_RUN");
    // after the first job only one of the AND's conditions holds: the trigger waits, it fires after the second
    assertThat(printed).contains("  trigger join (events SUCCEEDED AND orders SUCCEEDED) waits for orders");
    int ordersEnded = lineStartingWith("< orders SUCCEEDED");
    assertThat(printed.indexOf("  trigger join (events SUCCEEDED AND orders SUCCEEDED) fires: starts both-loaded")).isGreaterThan(ordersEnded);
  }

  private int lineStartingWith(String prefix) {
    for (int i = 0; i < printed.size(); i++) {
      if (printed.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no line starting with " + prefix + " in " + printed);
  }

  @Test
  void anyFiresOnOneFailureAndOnlyOnceWhenBothFail() throws IOException {
    failing = Set.of("orders");
    WorkflowRunner.Result oneFailed = runner(FAN_IN).run();
    assertThat(startedJobs()).containsExactly("events", "orders", "either-failed");
    assertThat(states(oneFailed)).contains("both-loaded NOT_RUN");

    started.clear();
    failing = Set.of("events", "orders");
    WorkflowRunner.Result bothFailed = runner(FAN_IN).run();
    assertThat(startedJobs()).containsExactly("events", "orders", "either-failed");
    assertThat(states(bothFailed)).containsExactly("events FAILED", "orders FAILED", "either-failed SUCCEEDED", "both-loaded NOT_RUN");
  }

  @Test
  void fromResumesAFailedWorkflowRunAtTheNamedJob() throws IOException {
    failing = Set.of("quality-trusted");
    WorkflowRunner.Result failed = runner("").run();
    started.clear();
    failing = Set.of();

    WorkflowRunner.Result resumed = runner("").resume("quality-trusted", Optional.empty());

    assertThat(resumed.workflowRunId()).isEqualTo(failed.workflowRunId());
    assertThat(started).containsExactly(
        "quality-trusted:" + failed.workflowRunId(), "aggregate:" + failed.workflowRunId(), "quality-curated:" + failed.workflowRunId());
    assertThat(states(resumed))
        .containsExactly("preprocess SUCCEEDED", "quality-trusted SUCCEEDED", "aggregate SUCCEEDED", "quality-curated SUCCEEDED");
    assertThat(printed).contains("workflow app-events run " + failed.workflowRunId() + " resumed at quality-trusted (kept: preprocess SUCCEEDED)");

    // the latest state of each job of the run, as the records hold it
    assertThat(dev.glueetl.job.RunRecords.latestStates(spark, Lake.qualified(dir.resolve("lake").toString(), spark.sparkContext().hadoopConfiguration()), "app-events", failed.workflowRunId()))
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of("preprocess", RunState.SUCCEEDED, "quality-trusted", RunState.SUCCEEDED, "aggregate", RunState.SUCCEEDED, "quality-curated", RunState.SUCCEEDED));
  }

  @Test
  void fromNamesAnUnknownJobOrALakeWithoutRuns() throws IOException {
    WorkflowRunner runner = runner("");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> runner.resume("publish", Optional.empty())))
        .hasMessage("[USAGE] --from: no job 'publish' in the workflow of app-events (jobs: preprocess, quality-trusted, aggregate, quality-curated)");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> runner.resume("aggregate", Optional.empty())))
        .hasMessageStartingWith("[USAGE] --from: no earlier workflow run of app-events in ");
  }
}
