package dev.glueetl.jobs.preprocess;

import static dev.glueetl.testing.DataFrameAssert.assertThatDataFrame;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.job.JobReport;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preprocess job's real {@code main}, with the arguments Glue passes, on the bundled test data
 * ({@code test-data/app-events}); every expected value below is counted by hand from those three files.
 */
class PreprocessEventsEndToEndTest {
  private static final Path PIPELINE = ProjectFiles.pipeline("app-events");
  private static final Path LANDING = ProjectFiles.testData("app-events");
  private static final String DAY1 = "events-2024-03-01.jsonl";
  private static final String DAY2 = "events-2024-03-02.jsonl";
  private static final String LATE = "late-batch.jsonl";

  @TempDir Path lake;

  private final SparkSession spark = SparkTestSession.get();

  @Test
  void bundledEventsEndUpTrustedSessionizedOrQuarantinedAndARerunChangesNothing() throws Exception {
    JobReport report = runMain("jr_first", LANDING).report();

    assertThat(report.counts())
        .containsExactlyEntriesOf(
            ordered(
                "input_files", 3L, "skipped_files", 0L, "read", 23L, "blank_lines", 1L, "quarantined", 7L,
                "quarantined.INVALID_JSON", 2L, "quarantined.WRONG_TYPE", 0L, "quarantined.MISSING_FIELD", 2L, "quarantined.UNPARSEABLE_TIME", 1L,
                "quarantined.TIME_OUT_OF_RANGE", 2L, "trusted", 13L, "duplicates", 3L, "sessions", 6L));
    assertThat(report.count("read")).isEqualTo(report.count("trusted") + report.count("duplicates") + report.count("quarantined"));

    String daveStopped = md5(lineContaining(DAY2, "\"timestamp\":1709367600000"));
    assertThatDataFrame(table("trusted/app-events/events").select("event_id", "user_id", "session_id", "event_time", "event_date", "event_name", "platform", "device_brand"))
        .hasRows(
            event("a-0001", "u-alice", "2024-03-01T09:00:00Z", "2024-03-01T09:00:00Z", "user.signedIn", "android", "Samsung"),
            event("a-0002", "u-alice", "2024-03-01T09:00:00Z", "2024-03-01T09:10:00Z", "ui.activity.started", "android", "Samsung"),
            event("a-0003", "u-alice", "2024-03-01T09:00:00Z", "2024-03-01T09:40:00Z", "custom.timesheet.saved", "android", "Samsung"),
            event("a-0004", "u-alice", "2024-03-01T10:10:01Z", "2024-03-01T10:10:01Z", "ui.activity.resumed", null, null),
            event("a-0005", "u-alice", "2024-03-01T10:10:01Z", "2024-03-01T10:15:00Z", "ui.activity.stopped", "android", "Samsung"),
            event("b-0001", "u-bob", "2024-03-01T23:50:00Z", "2024-03-01T23:50:00Z", "ui.activity.started", "ios", "Apple"),
            event("b-0002", "u-bob", "2024-03-01T23:50:00Z", "2024-03-02T00:05:00Z", "custom.timesheet.saved", "ios", "Apple"),
            event("b-0003", "u-bob", "2024-03-01T23:50:00Z", "2024-03-02T00:20:00Z", "ui.activity.stopped", "ios", "Apple"),
            event("c-0001", "u-carol", "2024-03-01T12:00:00Z", "2024-03-01T12:00:00Z", "user.signedIn", "android", "Google"),
            event("c-0002", "u-carol", "2024-03-01T12:00:00Z", "2024-03-01T12:00:00Z", "ui.activity.started", "android", "Google"),
            event("c-0003", "u-carol", "2024-03-01T12:30:00.001Z", "2024-03-01T12:30:00.001Z", "custom.report.opened", "android", "Google"),
            event("d-0001", "u-dave", "2024-03-02T07:59:30Z", "2024-03-02T07:59:30Z", "user.signedIn", "android", "Xiaomi"),
            event(daveStopped, "u-dave", "2024-03-02T07:59:30Z", "2024-03-02T08:20:00Z", "ui.activity.stopped", "android", "Xiaomi"));
    // the duplicate of d-0001 with the earlier time (late batch) is the one kept
    assertThat(table("trusted/app-events/events").where(col("event_id").equalTo("d-0001")).select("source_file").first().getString(0)).endsWith(LATE);

    assertThatDataFrame(
            table("trusted/app-events/sessions")
                .select("session_id", "user_id", "session_start", "session_end", "duration_s", "event_count", "first_event_name", "last_event_name", "platform", "session_date"))
        .hasRows(
            session("u-alice", "2024-03-01T09:00:00Z", "2024-03-01T09:40:00Z", 2400.0, 3, "user.signedIn", "custom.timesheet.saved", "android"),
            session("u-alice", "2024-03-01T10:10:01Z", "2024-03-01T10:15:00Z", 299.0, 2, "ui.activity.resumed", "ui.activity.stopped", null),
            session("u-bob", "2024-03-01T23:50:00Z", "2024-03-02T00:20:00Z", 1800.0, 3, "ui.activity.started", "ui.activity.stopped", "ios"),
            session("u-carol", "2024-03-01T12:00:00Z", "2024-03-01T12:00:00Z", 0.0, 2, "user.signedIn", "ui.activity.started", "android"),
            session("u-carol", "2024-03-01T12:30:00.001Z", "2024-03-01T12:30:00.001Z", 0.0, 1, "custom.report.opened", "custom.report.opened", "android"),
            session("u-dave", "2024-03-02T07:59:30Z", "2024-03-02T08:20:00Z", 1230.0, 2, "user.signedIn", "ui.activity.stopped", "android"));

    assertThatDataFrame(table("quarantine/app-events/events").select(col("reason"), col("detail"), col("raw_record"), fileName()))
        .hasRows(
            quarantined("INVALID_JSON", "not a JSON object", lineContaining(DAY1, "x-bad-1"), DAY1),
            quarantined("MISSING_FIELD", "missing user_id", lineContaining(DAY1, "m-0001"), DAY1),
            quarantined("UNPARSEABLE_TIME", "'yesterday' is not epoch_millis", lineContaining(DAY2, "e-0001"), DAY2),
            quarantined("MISSING_FIELD", "missing user_id", lineContaining(DAY2, "m-0002"), DAY2),
            quarantined("INVALID_JSON", "not a JSON object", "not json at all", LATE),
            quarantined("TIME_OUT_OF_RANGE", "1999-12-31 23:59:59 is before 2000-01-01T00:00:00Z (validation.min_time)", lineContaining(LATE, "z-0001"), LATE),
            quarantined("TIME_OUT_OF_RANGE", "2100-01-01 00:00:00 is more than 1d after the run started (validation.max_ahead)", lineContaining(LATE, "z-0002"), LATE));

    Row record = table("runs/app-events/job_runs").first();
    assertThat(record.<String>getAs("run_id")).isEqualTo("jr_first");
    assertThat(record.<String>getAs("workflow_run_id")).isEqualTo("wr_1");
    assertThat(record.<String>getAs("job")).isEqualTo("preprocess");
    assertThat(record.<String>getAs("state")).isEqualTo("SUCCEEDED");
    assertThat(record.<scala.collection.Map<String, Long>>getAs("counts").apply("trusted")).isEqualTo(13L);

    // the same input again, every file processed again (bookmark disabled): the same tables, nothing duplicated
    List<Row> eventsBefore = withoutRunColumns(table("trusted/app-events/events"));
    List<Row> sessionsBefore = withoutRunColumns(table("trusted/app-events/sessions"));
    List<Row> quarantineBefore = withoutRunColumns(table("quarantine/app-events/events"));
    JobReport again = runMain("jr_second", LANDING, "--job-bookmark-option", "job-bookmark-disable").report();
    assertThat(again.counts()).containsEntry("input_files", 3L).containsEntry("trusted", 13L).containsEntry("duplicates", 3L).containsEntry("replaced", 13L);
    assertThatDataFrame(table("trusted/app-events/events").drop("run_id", "ingested_at")).hasRows(eventsBefore.toArray(new Row[0]));
    assertThatDataFrame(table("trusted/app-events/sessions").drop("run_id", "ingested_at")).hasRows(sessionsBefore.toArray(new Row[0]));
    assertThatDataFrame(table("quarantine/app-events/events").drop("run_id", "ingested_at")).hasRows(quarantineBefore.toArray(new Row[0]));
    // and once more with the bookmark: nothing to do
    assertThat(runMain("jr_third", LANDING).report().counts()).containsEntry("input_files", 0L).containsEntry("skipped_files", 3L).containsEntry("read", 0L);
    assertThat(table("runs/app-events/job_runs").count()).isEqualTo(3);
  }

  @Test
  void aLateFileAddsToItsDatesAndNeverTakesTheirEventsAway() {
    // once, the late file's one good event for 2024-03-01 replaced that date's 9 events
    runMain("jr_day1", LANDING.resolve(DAY1));
    JobReport late = runMain("jr_late", LANDING.resolve(LATE)).report();

    // late-batch: a-0002 again 5 s later (a duplicate), d-0001 of 2024-03-02 (new), and 3 quarantined lines
    assertThat(late.counts()).containsEntry("read", 5L).containsEntry("trusted", 1L).containsEntry("duplicates", 1L).containsEntry("quarantined", 3L);
    assertThatDataFrame(table("trusted/app-events/events").groupBy("event_date", "run_id").count())
        .hasRows(RowFactory.create(Date.valueOf("2024-03-01"), "jr_day1", 9L), RowFactory.create(Date.valueOf("2024-03-02"), "jr_late", 1L));
    // the quarantine of each file is its own
    assertThatDataFrame(table("quarantine/app-events/events").withColumn("file", fileName()).groupBy("file", "run_id").count())
        .hasRows(RowFactory.create(DAY1, "jr_day1", 2L), RowFactory.create(LATE, "jr_late", 3L));
    // every event is in exactly one session
    assertThat(table("trusted/app-events/sessions").agg(org.apache.spark.sql.functions.sum("event_count")).first().getLong(0)).isEqualTo(10L);
  }

  @Test
  void aFailedRunRestoresTheTablesItHadAlreadyWritten() throws Exception {
    runMain("jr_good", LANDING.resolve(DAY1));
    List<Row> eventsBefore = table("trusted/app-events/events").collectAsList();
    List<Row> quarantineBefore = table("quarantine/app-events/events").collectAsList();
    // break the run after its sessions were written: the ledger, the quarantine and the sessions are restored
    dev.glueetl.job.CommitPoints.listen(
        point -> {
          if (point.equals("preprocess:sessions-written")) {
            throw new IllegalStateException("injected failure after the sessions");
          }
        });
    List<Row> sessionsBefore = table("trusted/app-events/sessions").collectAsList();
    try {
      assertThatThrownBy(() -> runMain("jr_broken", LANDING))
          .isInstanceOfSatisfying(
              GlueEtlException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.WRITE_FAILED);
                assertThat(e.parameters().get("restored"))
                    .contains("app_events_trusted.sessions").contains("app_events_quarantine.events").contains("app_events_runs.landing_files");
              });
    } finally {
      dev.glueetl.job.CommitPoints.listen(null);
    }
    assertThatDataFrame(table("trusted/app-events/sessions")).hasRows(sessionsBefore.toArray(new Row[0]));
    assertThatDataFrame(table("trusted/app-events/events")).hasRows(eventsBefore.toArray(new Row[0]));
    assertThatDataFrame(table("quarantine/app-events/events")).hasRows(quarantineBefore.toArray(new Row[0]));
    assertThatDataFrame(table("runs/app-events/job_runs").select("run_id", "state", "error_code"))
        .hasRows(RowFactory.create("jr_good", "SUCCEEDED", null), RowFactory.create("jr_broken", "FAILED", "WRITE_FAILED"));
    // the ledger was restored too: the next run processes the two other files, as if the failed run had never been
    assertThat(runMain("jr_retry", LANDING).report().counts()).containsEntry("input_files", 2L).containsEntry("skipped_files", 1L).containsEntry("read", 11L);
  }

  @Test
  void aLandingFolderOfOnlyGoodRecordsLoadsOnAFreshLake() throws Exception {
    Path input = landing("clean", "events.jsonl",
        "{\"meta\":{\"id\":\"c1\",\"type\":\"open\",\"timestamp\":1709283600000},\"data\":{\"userId\":\"u1\"}}",
        "{\"meta\":{\"id\":\"c2\",\"type\":\"close\",\"timestamp\":1709284500000},\"data\":{\"userId\":\"u1\"}}",
        "{\"meta\":{\"id\":\"c3\",\"type\":\"open\",\"timestamp\":1709290000000},\"data\":{\"userId\":\"u2\"}}");

    JobReport report = runMain("jr_clean", input).report();

    assertThat(report.counts()).containsEntry("read", 3L).containsEntry("trusted", 3L).containsEntry("quarantined", 0L)
        .containsEntry("duplicates", 0L).containsEntry("sessions", 2L);
    assertThat(table("trusted/app-events/events").count()).isEqualTo(3);
    assertThat(table("quarantine/app-events/events").count()).isZero();
    assertThatDataFrame(table("runs/app-events/job_runs").select("run_id", "state")).hasRows(RowFactory.create("jr_clean", "SUCCEEDED"));
  }

  @Test
  void aLandingFolderOfOnlyBadRecordsLoadsOnAFreshLake() throws Exception {
    Path input = landing("bad", "events.jsonl", "{\"meta\":", "{\"meta\":{\"id\":\"b1\",\"type\":\"open\"},\"data\":{\"userId\":\"u1\"}}");

    JobReport report = runMain("jr_bad", input).report();

    assertThat(report.counts()).containsEntry("read", 2L).containsEntry("trusted", 0L).containsEntry("quarantined", 2L)
        .containsEntry("quarantined.INVALID_JSON", 1L).containsEntry("quarantined.MISSING_FIELD", 1L).containsEntry("sessions", 0L);
    assertThat(table("trusted/app-events/events").count()).isZero();
    assertThat(table("trusted/app-events/sessions").count()).isZero();
    assertThat(table("quarantine/app-events/events").count()).isEqualTo(2);
  }

  @Test
  void anEmptyLandingFolderOrEmptyFilesAreNothingToDo() throws Exception {
    Path empty = Files.createDirectories(lake.getParent().resolve(lake.getFileName() + "-empty"));
    JobReport none = runMain("jr_empty_dir", empty).report();
    assertThat(none.counts()).containsEntry("input_files", 0L).containsEntry("read", 0L).containsEntry("trusted", 0L).containsEntry("quarantined", 0L);

    Path emptyFiles = landing("empty-files", "zero.jsonl");
    Files.writeString(emptyFiles.resolve("blank.jsonl"), "\n  \n");
    JobReport nothing = runMain("jr_empty_files", emptyFiles).report();
    assertThat(nothing.counts()).containsEntry("input_files", 2L).containsEntry("read", 0L).containsEntry("blank_lines", 2L)
        .containsEntry("trusted", 0L).containsEntry("quarantined", 0L).containsEntry("sessions", 0L);
    assertThatDataFrame(table("runs/app-events/job_runs").select("run_id", "state"))
        .hasRows(RowFactory.create("jr_empty_dir", "SUCCEEDED"), RowFactory.create("jr_empty_files", "SUCCEEDED"));
  }

  @Test
  void aConfigurationErrorFailsBeforeAnythingIsWritten() throws Exception {
    Path broken = lake.resolve("broken.yaml");
    Files.writeString(broken, Files.readString(PIPELINE).replace("    user_id: data.userId\n", ""));

    assertThatThrownBy(() -> PreprocessJob.main(new String[] {"--pipeline", broken.toString(), "--lake", lake.resolve("lake").toString()}))
        .isInstanceOfSatisfying(
            GlueEtlException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_MISSING_KEY);
              assertThat(e.parameters()).containsEntry("key", "source.fields.user_id").containsEntry("file", broken.toString());
            });
    assertThat(lake.resolve("lake")).doesNotExist();
  }

  @Test
  void aMissingInputIsReportedAndRecorded() {
    assertThatThrownBy(() -> runMain("jr_missing", LANDING.resolve("no-such-dir")))
        .isInstanceOfSatisfying(GlueEtlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INPUT_NOT_FOUND));
    assertThatDataFrame(table("runs/app-events/job_runs").select("run_id", "state", "error_code"))
        .hasRows(RowFactory.create("jr_missing", "FAILED", "INPUT_NOT_FOUND"));
  }

  @Test
  void theRunRecordStoresSecretLookingArgumentValuesAsStars() {
    assertThatThrownBy(
            () ->
                runMain(
                    "jr_secret", LANDING.resolve("no-such-dir"),
                    "--db-password", "hunter2",
                    "--API_TOKEN=tok-42",
                    "--conf", "spark.sql.shuffle.partitions=4 --conf spark.hadoop.fs.s3a.secret.key=XYZSECRET"))
        .isInstanceOf(GlueEtlException.class);
    String arguments = table("runs/app-events/job_runs").select("arguments").first().getString(0);
    assertThat(arguments)
        .contains(" --db-password *** ")
        .contains(" --API_TOKEN=*** ")
        .endsWith(" --conf spark.sql.shuffle.partitions=4 --conf spark.hadoop.fs.s3a.secret.key=***")
        .contains(" --lake " + lake)
        .doesNotContain("hunter2")
        .doesNotContain("tok-42")
        .doesNotContain("XYZSECRET");
  }

  private dev.glueetl.job.JobRunner.CompletedRun runMain(String jobRunId, Path input, String... extraArgs) {
    String[] glueArgs = {
      "--JOB_NAME", "app-events-preprocess",
      "--JOB_ID", "j_0123",
      "--JOB_RUN_ID", jobRunId,
      "--WORKFLOW_NAME", "app-events",
      "--WORKFLOW_RUN_ID", "wr_1",
      "--TempDir", "s3://aws-glue-temporary/",
      "--job-language", "scala",
      "--class", "dev.glueetl.glue.PreprocessScript",
      "--enable-metrics", "true",
      "--enable-glue-datacatalog", "true",
      "--datalake-formats", "delta",
      "--extra-jars", "s3://artifacts/glue-etl-preprocess.jar",
      "--user-jars-first", "true",
      "--conf", "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension",
      "--pipeline", PIPELINE.toString(),
      "--lake", lake.toString(),
      "--input", input.toString()
    };
    return PreprocessJob.run(java.util.stream.Stream.concat(java.util.Arrays.stream(glueArgs), java.util.Arrays.stream(extraArgs)).toArray(String[]::new));
  }

  /** A landing folder beside the lake holding one file of {@code lines}. */
  private Path landing(String folder, String file, String... lines) throws java.io.IOException {
    Path dir = Files.createDirectories(lake.getParent().resolve(lake.getFileName() + "-" + folder));
    Files.write(dir.resolve(file), List.of(lines), StandardCharsets.UTF_8);
    return dir;
  }

  private Dataset<Row> table(String relative) {
    return spark.read().format("delta").load(lake.resolve(relative).toString());
  }

  private static List<Row> withoutRunColumns(Dataset<Row> table) {
    return new ArrayList<>(table.drop("run_id", "ingested_at").collectAsList());
  }

  private static org.apache.spark.sql.Column fileName() {
    return org.apache.spark.sql.functions.regexp_extract(col("source_file"), "([^/]+)$", 1).as("file");
  }

  private static Row event(String id, String user, String sessionStart, String time, String name, String platform, String brand) {
    Instant at = Instant.parse(time);
    return RowFactory.create(
        id, user, sessionId(user, sessionStart), Timestamp.from(at), Date.valueOf(at.toString().substring(0, 10)), name, platform, brand);
  }

  private static Row session(String user, String start, String end, double seconds, long events, String first, String last, String platform) {
    return RowFactory.create(
        sessionId(user, start), user, Timestamp.from(Instant.parse(start)), Timestamp.from(Instant.parse(end)), seconds, events, first, last,
        platform, Date.valueOf(start.substring(0, 10)));
  }

  private static Row quarantined(String reason, String detail, String raw, String file) {
    return RowFactory.create(reason, detail, raw, file);
  }

  private static String sessionId(String user, String start) {
    return md5(user + "|" + Instant.parse(start).toEpochMilli() * 1000);
  }

  private static String lineContaining(String file, String marker) throws java.io.IOException {
    return Files.readAllLines(LANDING.resolve(file)).stream().filter(l -> l.contains(marker)).findFirst().orElseThrow();
  }

  private static String md5(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Long> ordered(Object... keysAndValues) {
    Map<String, Long> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], (Long) keysAndValues[i + 1]);
    }
    return map;
  }

  private static void deleteRecursively(Path path) throws java.io.IOException {
    try (var walk = Files.walk(path)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
