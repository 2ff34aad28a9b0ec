package dev.glueetl.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.testing.FakeCloudWatch;
import dev.glueetl.testing.FakeCloudWatch.Metric;
import dev.glueetl.testing.JobRuns;
import dev.glueetl.testing.LogCapture;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs' CloudWatch metrics, sent by the real AWS SDK client from the real job path ({@link JobRunner}, as each
 * job's {@code main}) to {@link FakeCloudWatch}, with dummy credentials in region us-east-1, never a real account.
 */
class CloudWatchMetricsTest {
  private static final Map<String, String> SDK_PROPERTIES = Map.of("aws.accessKeyId", "fake-access-key", "aws.secretAccessKey", "fake-secret-key-1234", "aws.region", "us-east-1");
  private static final Map<String, String> PREVIOUS = new HashMap<>();
  private static final Map<String, String> PREPROCESS = Map.of("Pipeline", "app-events", "Job", "preprocess");

  /**
   * Seven lines of app events: e1, e2 (u1, ten minutes apart: one session) and e3 (u2), e1 again, a line that is no
   * JSON, an event without user, a blank line. Read 6 (blank lines are not read), trusted 3, duplicates 1, quarantined
   * 2; sessions 2.
   */
  private static final List<String> EVENTS =
      List.of(
          event("e1", "u1", 1709283600000L), event("e2", "u1", 1709284200000L), event("e3", "u2", 1709290000000L), event("e1", "u1", 1709283600000L),
          "not json", "{\"meta\":{\"id\":\"e4\",\"type\":\"ui.activity.started\",\"timestamp\":1709283600000},\"data\":{}}", "");

  @TempDir Path work;
  private final FakeCloudWatch cloudWatch = startFake();

  @BeforeAll
  static void dummyCredentialsAndRegion() {
    SDK_PROPERTIES.forEach((key, value) -> {
      PREVIOUS.put(key, System.getProperty(key));
      System.setProperty(key, value);
    });
    SparkTestSession.get();
  }

  @AfterAll
  static void restoreProperties() {
    PREVIOUS.forEach((key, value) -> {
      if (value == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, value);
      }
    });
  }

  @AfterEach
  void stopFake() {
    cloudWatch.close();
  }

  @Test
  void aPreprocessRunSendsItsCountsAndAQualityRunEachRulesetsScoreInOneCallEach() throws Exception {
    Path pipeline = pipeline();
    Path landing = Files.createDirectories(work.resolve("landing"));
    Files.write(landing.resolve("events.jsonl"), EVENTS);

    long before = System.nanoTime();
    JobRuns.preprocess(args(pipeline, "--input", landing.toString(), "--cloudwatch-metrics", "true", "--cloudwatch-namespace", "GlueEtl/Test"));
    double wallSeconds = (System.nanoTime() - before) / 1e9;

    assertThat(cloudWatch.calls()).hasSize(1);
    assertThat(cloudWatch.calls().get(0).path()).isEqualTo(FakeCloudWatch.PUT_METRIC_DATA);
    assertThat(cloudWatch.calls().get(0).protocol()).isEqualTo("rpc-v2-cbor");
    List<Metric> sent = cloudWatch.metrics();
    assertThat(withoutRunSeconds(sent))
        .containsExactly(
            new Metric("GlueEtl/Test", "RowsRead", PREPROCESS, 6, "Count"),
            new Metric("GlueEtl/Test", "RowsTrusted", PREPROCESS, 3, "Count"),
            new Metric("GlueEtl/Test", "RowsQuarantined", PREPROCESS, 2, "Count"),
            new Metric("GlueEtl/Test", "Duplicates", PREPROCESS, 1, "Count"),
            new Metric("GlueEtl/Test", "RowsRaw", PREPROCESS, 0, "Count"),
            new Metric("GlueEtl/Test", "RunFailed", PREPROCESS, 0, "Count"));
    assertRunSeconds(sent, PREPROCESS, wallSeconds);
    // one timestamp for the whole run, the moment it was published
    assertThat(cloudWatch.calls().get(0).body().get("MetricData").toString()).contains("Timestamp=");

    cloudWatch.clear();
    // trusted.events: RowCount = 3 and IsComplete pass, RowCount > 100 fails; trusted.sessions: RowCount = 2 passes; an
    // inline ruleset is named after its table in the quality tables, and so in the metrics
    JobRunner.CompletedRun quality = JobRuns.quality(args(pipeline, "--zone", "trusted", "--cloudwatch-metrics", "true"));

    Map<String, String> job = Map.of("Pipeline", "app-events", "Job", "quality");
    String events = quality.report().rulesets().get(0).ruleset();
    String sessions = quality.report().rulesets().get(1).ruleset();
    assertThat(List.of(events, sessions)).containsExactly("events", "sessions");
    assertThat(cloudWatch.calls()).hasSize(1);
    assertThat(withoutRunSeconds(cloudWatch.metrics()))
        .containsExactly(
            new Metric("GlueEtl", "RowsRead", job, 0, "Count"),
            new Metric("GlueEtl", "RowsTrusted", job, 0, "Count"),
            new Metric("GlueEtl", "RowsQuarantined", job, 0, "Count"),
            new Metric("GlueEtl", "Duplicates", job, 0, "Count"),
            new Metric("GlueEtl", "RowsRaw", job, 0, "Count"),
            new Metric("GlueEtl", "RunFailed", job, 0, "Count"),
            new Metric("GlueEtl", "QualityScore", ruleset(events), 2.0 / 3.0, "None"),
            new Metric("GlueEtl", "FailedRules", ruleset(events), 1, "Count"),
            new Metric("GlueEtl", "QualityScore", ruleset(sessions), 1.0, "None"),
            new Metric("GlueEtl", "FailedRules", ruleset(sessions), 0, "Count"));

    cloudWatch.clear();
    // the same rulesets, the events' one a gate (action: fail): the job fails, and still sends the scores that failed it
    Path gated = pipeline("fail");
    assertThatThrownBy(() -> JobRuns.quality(args(gated, "--zone", "trusted", "--cloudwatch-metrics", "true")))
        .isInstanceOfSatisfying(GlueEtlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUALITY_GATE_FAILED));
    assertThat(cloudWatch.calls()).hasSize(1);
    assertThat(withoutRunSeconds(cloudWatch.metrics()))
        .containsExactly(
            new Metric("GlueEtl", "RowsRead", job, 0, "Count"),
            new Metric("GlueEtl", "RowsTrusted", job, 0, "Count"),
            new Metric("GlueEtl", "RowsQuarantined", job, 0, "Count"),
            new Metric("GlueEtl", "Duplicates", job, 0, "Count"),
            new Metric("GlueEtl", "RowsRaw", job, 0, "Count"),
            new Metric("GlueEtl", "RunFailed", job, 1, "Count"),
            new Metric("GlueEtl", "QualityScore", ruleset(events), 2.0 / 3.0, "None"),
            new Metric("GlueEtl", "FailedRules", ruleset(events), 1, "Count"),
            new Metric("GlueEtl", "QualityScore", ruleset(sessions), 1.0, "None"),
            new Metric("GlueEtl", "FailedRules", ruleset(sessions), 0, "Count"));
    // and its run record keeps the counts
    assertThat(table("runs/app-events/job_runs").where("job = 'quality' and state = 'FAILED'").selectExpr("counts['failed']", "error_code").first().toString())
        .isEqualTo("[1,QUALITY_GATE_FAILED]");
  }

  @Test
  void aFailedRunSendsRunFailedOneAndItsSecondsAlsoWhenThePipelineFileIsMissing() throws Exception {
    Path pipeline = pipeline();

    long before = System.nanoTime();
    assertThatThrownBy(() -> JobRuns.preprocess(args(pipeline, "--input", work.resolve("missing").toString(), "--cloudwatch-metrics", "true")))
        .isInstanceOfSatisfying(GlueEtlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INPUT_NOT_FOUND));
    double wallSeconds = (System.nanoTime() - before) / 1e9;

    assertThat(withoutRunSeconds(cloudWatch.metrics())).containsExactly(new Metric("GlueEtl", "RunFailed", PREPROCESS, 1, "Count"));
    assertRunSeconds(cloudWatch.metrics(), PREPROCESS, wallSeconds);

    cloudWatch.clear();
    // no pipeline to name the metrics after: the file's name stands in
    assertThatThrownBy(() -> JobRuns.preprocess("--pipeline", work.resolve("lost-pipeline.yaml").toString(), "--cloudwatch-metrics", "true", "--cloudwatch-endpoint", cloudWatch.endpoint()))
        .isInstanceOfSatisfying(GlueEtlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_NOT_FOUND));
    assertThat(withoutRunSeconds(cloudWatch.metrics())).containsExactly(new Metric("GlueEtl", "RunFailed", Map.of("Pipeline", "lost-pipeline", "Job", "preprocess"), 1, "Count"));
  }

  @Test
  void nothingIsSentUnlessMetricsAreSwitchedOn() throws Exception {
    Path pipeline = pipeline();

    JobRunner.CompletedRun run = JobRuns.preprocess(args(pipeline, "--input", Files.createDirectories(work.resolve("empty")).toString()));

    assertThat(run.report().count("read")).isZero();
    assertThat(cloudWatch.calls()).isEmpty();
  }

  @Test
  void anEndpointThatFailsOrRefusesLeavesTheRunSuccessfulWithOneWarningLine() throws Exception {
    Path pipeline = pipeline();
    String empty = Files.createDirectories(work.resolve("empty")).toString();
    cloudWatch.failWith(500);
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    String log;
    try (LogCapture capture = new LogCapture()) {
      JobRuns.preprocess(args(pipeline, "--input", empty, "--run-id", "answers-500", "--cloudwatch-metrics", "true"));
      JobRuns.preprocess(args(pipeline, "--input", empty, "--run-id", "refused", "--cloudwatch-metrics", "true", "--cloudwatch-endpoint", "http://127.0.0.1:" + closedPort));
      log = capture.text();
    }

    assertThat(cloudWatch.calls()).isNotEmpty().allSatisfy(call -> assertThat(call.path()).isEqualTo(FakeCloudWatch.PUT_METRIC_DATA));
    List<String> lines = log.lines().toList();
    List<Integer> warnings = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("WARN " + CloudWatchMetrics.class.getName())) {
        warnings.add(i);
      }
    }
    assertThat(warnings).hasSize(2);
    assertThat(lines.get(warnings.get(0))).contains("could not publish the run's CloudWatch metrics to namespace GlueEtl (the run's result is unaffected)").contains("500");
    assertThat(lines.get(warnings.get(1))).contains("could not publish").contains("--cloudwatch-endpoint http://127.0.0.1:" + closedPort);
    // one line each: no stack trace after them, and never the credentials
    for (int warning : warnings) {
      assertThat(warning + 1 < lines.size() ? lines.get(warning + 1) : "").doesNotStartWith("\tat ").doesNotContain("Exception:");
    }
    assertThat(log).doesNotContain("fake-secret-key-1234");
    assertThat(table("runs/app-events/job_runs").where("run_id in ('answers-500', 'refused') and state = 'SUCCEEDED'").count()).isEqualTo(2);
  }

  private org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> table(String relative) {
    return SparkTestSession.get().read().format("delta").load(work.resolve("lake").resolve(relative).toString());
  }

  /** The app-events pipeline with a quality section of two inline warn rulesets whose outcomes are known. */
  private Path pipeline() throws Exception {
    return pipeline("warn");
  }

  /** The same, the trusted.events ruleset with {@code action}; in a directory of its own, so both can exist. */
  private Path pipeline(String eventsAction) throws Exception {
    return ProjectFiles.pipelineCopy(
        "app-events", Files.createDirectories(work.resolve("pipeline-" + eventsAction)),
        yaml -> yaml.substring(0, yaml.indexOf("\nquality:") + 1) + "quality:\n"
            + "  - table: trusted.events\n    action: " + eventsAction + "\n    rules: 'Rules = [ RowCount = 3, IsComplete \"user_id\", RowCount > 100 ]'\n"
            + "  - table: trusted.sessions\n    action: warn\n    rules: 'Rules = [ RowCount = 2 ]'\n"
            + yaml.substring(yaml.indexOf("\nworkflow:") + 1));
  }

  /** Glue-style arguments of a run on the test's lake, the fake as endpoint. */
  private String[] args(Path pipeline, String... extra) {
    List<String> args = new ArrayList<>(List.of("--JOB_NAME", "app-events-job", "--pipeline", pipeline.toString(), "--lake", work.resolve("lake").toString()));
    args.addAll(List.of(extra));
    if (!args.contains("--cloudwatch-endpoint")) {
      args.addAll(List.of("--cloudwatch-endpoint", cloudWatch.endpoint()));
    }
    return args.toArray(new String[0]);
  }

  private static Map<String, String> ruleset(String name) {
    Map<String, String> dimensions = new java.util.LinkedHashMap<>();
    dimensions.put("Pipeline", "app-events");
    dimensions.put("Job", "quality");
    dimensions.put("Ruleset", name);
    return dimensions;
  }

  private static List<Metric> withoutRunSeconds(List<Metric> metrics) {
    return metrics.stream().filter(m -> !m.name().equals("RunSeconds")).toList();
  }

  /** RunSeconds: sent once, in seconds, more than 0 and no more than the test saw the run take. */
  private static void assertRunSeconds(List<Metric> metrics, Map<String, String> dimensions, double wallSeconds) {
    List<Metric> seconds = metrics.stream().filter(m -> m.name().equals("RunSeconds")).toList();
    assertThat(seconds).hasSize(1);
    assertThat(seconds.get(0).unit()).isEqualTo("Seconds");
    assertThat(seconds.get(0).dimensions()).isEqualTo(dimensions);
    assertThat(seconds.get(0).value()).isGreaterThan(0).isLessThanOrEqualTo(wallSeconds);
  }

  private static String event(String id, String user, long time) {
    return "{\"meta\":{\"id\":\"" + id + "\",\"type\":\"ui.activity.started\",\"timestamp\":" + time + "},\"data\":{\"userId\":\"" + user + "\"}}";
  }

  private static FakeCloudWatch startFake() {
    try {
      return FakeCloudWatch.start();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
