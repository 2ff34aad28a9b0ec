package dev.glueetl.jobs.preprocess;

import static dev.glueetl.testing.DataFrameAssert.assertThatDataFrame;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.job.CommitPoints;
import dev.glueetl.job.JobReport;
import dev.glueetl.job.JobRunner;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preprocess job run after run over a landing folder that grows, through its real {@code main}: the bookmark,
 * files changed or seen twice, late files, runs killed at every commit point, two runs at once. Every expected figure
 * is counted by hand from {@code test-data/app-events} and {@code test-data/cafe-orders}, or is the uninterrupted run.
 */
class IncrementalPreprocessTest {
  private static final Path EVENTS = ProjectFiles.testData("app-events");
  private static final Path CAFE = ProjectFiles.testData("cafe-orders");
  private static final String DAY1 = "events-2024-03-01.jsonl";
  private static final String DAY2 = "events-2024-03-02.jsonl";
  private static final String LATE = "late-batch.jsonl";
  private static final List<String> EVENT_TABLES = List.of("trusted/app-events/events", "trusted/app-events/sessions", "quarantine/app-events/events");
  private static final List<String> CAFE_TABLES = List.of("trusted/cafe-orders/orders", "trusted/cafe-orders/order_items", "quarantine/cafe-orders/orders");

  @TempDir Path work;

  private final SparkSession spark = SparkTestSession.get();

  @AfterEach
  void noCrashLeftArmed() {
    System.clearProperty(CommitPoints.CRASH_AT);
    CommitPoints.listen(null);
  }

  @Test
  void filesLandingRunAfterRunGiveWhatOneRunOverAllOfThemGives() throws Exception {
    Path landing = Files.createDirectories(work.resolve("landing"));
    copy(EVENTS, landing, LATE);
    JobReport late = events("jr_1", landing, "lake").report();
    copy(EVENTS, landing, DAY2);
    events("jr_2", landing, "lake");
    copy(EVENTS, landing, DAY1);
    JobReport third = events("jr_3", landing, "lake").report();
    JobReport nothing = events("jr_4", landing, "lake").report();

    // the late file first: its d-0001 (07:59:30) is the earliest copy and stays; day 2's later d-0001 is a duplicate;
    // its a-0002 copy (5 s later) is trusted until day 1 brings the earlier one, then superseded
    assertThat(late.counts()).containsEntry("read", 5L).containsEntry("trusted", 2L).containsEntry("quarantined", 3L);
    assertThat(third.counts()).containsEntry("input_files", 1L).containsEntry("skipped_files", 2L).containsEntry("superseded", 1L);
    assertThat(nothing.counts()).containsEntry("input_files", 0L).containsEntry("skipped_files", 3L).containsEntry("read", 0L);
    events("jr_full", landing, "full");
    for (String table : EVENT_TABLES) {
      assertSameTable(table, "lake", "full");
    }
    // 13 events, each in one session
    assertThat(table("lake", "trusted/app-events/events").count()).isEqualTo(13);
    assertThat(table("lake", "trusted/app-events/sessions").agg(org.apache.spark.sql.functions.sum("event_count")).first().getLong(0)).isEqualTo(13L);
  }

  @Test
  void aNewFileRewritesOnlyTheDatesItChangesSoTheAggregateRecomputesOnlyThose() throws Exception {
    Path landing = Files.createDirectories(work.resolve("landing"));
    copy(EVENTS, landing, DAY1, DAY2, LATE);
    events("jr_all", landing, "lake");
    String events = work.resolve("lake/trusted/app-events/events").toString();
    String sessions = work.resolve("lake/trusted/app-events/sessions").toString();
    long eventsBefore = dev.glueetl.lake.DeltaSnapshots.version(spark, events);
    long sessionsBefore = dev.glueetl.lake.DeltaSnapshots.version(spark, sessions);

    // one event of a new user on 2024-03-02: once, every date of the landing prefix was read and rewritten again
    Files.write(landing.resolve("erin.jsonl"), List.of(event("e-0001", "u-erin", 1709380800000L)));
    JobReport report = events("jr_erin", landing, "lake").report();

    assertThat(report.counts()).containsEntry("input_files", 1L).containsEntry("skipped_files", 3L).containsEntry("read", 1L).containsEntry("trusted", 1L);
    // what the aggregate reads from the Delta log: the commits since touched 2024-03-02 only
    assertThat(dev.glueetl.aggregate.ChangedDates.between(spark, events, "event_date", eventsBefore, dev.glueetl.lake.DeltaSnapshots.version(spark, events)))
        .containsExactly(java.time.LocalDate.parse("2024-03-02"));
    assertThat(dev.glueetl.aggregate.ChangedDates.between(spark, sessions, "session_date", sessionsBefore, dev.glueetl.lake.DeltaSnapshots.version(spark, sessions)))
        .containsExactly(java.time.LocalDate.parse("2024-03-02"));
  }

  @Test
  void aChangedFileReplacesItsOwnRowsAndAnIdReusedByAnotherUserIsAnotherEvent() throws Exception {
    Path landing = Files.createDirectories(work.resolve("landing"));
    Path file = landing.resolve("f.jsonl");
    Files.write(file, List.of(event("e1", "u1", 1709283600000L), event("e2", "u1", 1709284200000L), event("e1", "u2", 1709283600000L)));
    assertThat(events("jr_1", landing, "lake").report().counts()).containsEntry("trusted", 3L).containsEntry("duplicates", 0L);

    // the same path delivered again with other content (and a newer modification time): its old rows go
    Files.write(file, List.of(event("e3", "u1", 1709290000000L)));
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
    JobReport again = events("jr_2", landing, "lake").report();

    assertThat(again.counts()).containsEntry("input_files", 1L).containsEntry("replaced", 3L).containsEntry("trusted", 1L);
    assertThatDataFrame(table("lake", "trusted/app-events/events").select("user_id", "event_id")).hasRows(RowFactory.create("u1", "e3"));
    assertThatDataFrame(table("lake", "trusted/app-events/sessions").select("user_id", "event_count")).hasRows(RowFactory.create("u1", 1L));
  }

  @Test
  void bookmarkOptionsDisableAndPause() throws Exception {
    Path landing = Files.createDirectories(work.resolve("landing"));
    copy(EVENTS, landing, DAY1);
    assertThat(events("jr_pause", landing, "lake", "--job-bookmark-option", "job-bookmark-pause").report().counts()).containsEntry("input_files", 1L);
    // paused: processed, but the bookmark did not move, so the next run takes the file again (replacing its rows)
    assertThat(events("jr_enable", landing, "lake").report().counts()).containsEntry("input_files", 1L).containsEntry("replaced", 9L);
    assertThat(events("jr_skip", landing, "lake").report().counts()).containsEntry("input_files", 0L);
    // disabled: every file given, each replacing its own rows, nothing doubled
    copy(EVENTS, landing, DAY2);
    assertThat(events("jr_disable", landing, "lake", "--job-bookmark-option", "job-bookmark-disable").report().counts())
        .containsEntry("input_files", 2L).containsEntry("replaced", 9L);
    // 9 events of day 1 and 4 of day 2
    assertThat(table("lake", "trusted/app-events/events").count()).isEqualTo(13);
  }

  @Test
  void cafeFilesAreTheirPathsAndTheSameStoreDayUnderTwoNamesCountsOnce() throws Exception {
    Path landing = Files.createDirectories(work.resolve("landing"));
    // one name in two store folders: two files
    Files.createDirectories(landing.resolve("york"));
    Files.createDirectories(landing.resolve("leeds"));
    Files.copy(CAFE.resolve("york_26-08-2021_09-00-00.csv"), landing.resolve("york/day.csv"));
    Files.copy(CAFE.resolve("leeds_25-08-2021_09-00-00.csv"), landing.resolve("leeds/day.csv"));
    JobReport first = cafe("jr_1", landing, "lake").report();
    // york 26th: 3 good of 4; leeds 25th: 3 good of 7
    assertThat(first.counts()).containsEntry("trusted", 6L).containsEntry("duplicate_files", 0L);
    assertThatDataFrame(table("lake", "trusted/cafe-orders/orders").groupBy("store").count())
        .hasRows(RowFactory.create("York", 3L), RowFactory.create("Leeds", 3L));

    // the same leeds day exported again under another name: skipped, reported, never counted twice
    Files.copy(CAFE.resolve("leeds_25-08-2021_09-00-00.csv"), landing.resolve("leeds/resent.csv"));
    JobReport second = cafe("jr_2", landing, "lake").report();
    assertThat(second.counts()).containsEntry("input_files", 1L).containsEntry("duplicate_files", 1L).containsEntry("read", 0L);
    assertThat(table("lake", "trusted/cafe-orders/orders").count()).isEqualTo(6);
    assertThatDataFrame(table("lake", "runs/cafe-orders/landing_files").where(col("state").equalTo("DUPLICATE")).select("path", "duplicate_of"))
        .hasRows(RowFactory.create(landing.resolve("leeds/resent.csv").toUri().toString().replace("file:///", "file:/"),
            landing.resolve("leeds/day.csv").toUri().toString().replace("file:///", "file:/")));

    // a copy whose path sorts first is the one a single run over all files keeps: it takes the orders over
    Files.copy(CAFE.resolve("leeds_25-08-2021_09-00-00.csv"), landing.resolve("leeds/a-copy.csv"));
    JobReport third = cafe("jr_3", landing, "lake").report();
    assertThat(third.counts()).containsEntry("trusted", 3L).containsEntry("duplicate_files", 1L);
    assertThatDataFrame(table("lake", "trusted/cafe-orders/orders").groupBy(org.apache.spark.sql.functions.regexp_extract(col("source_file"), "[^/]+/[^/]+$", 0)).count())
        .hasRows(RowFactory.create("york/day.csv", 3L), RowFactory.create("leeds/a-copy.csv", 3L));
  }

  @Test
  void aRunKilledAtAnyCommitPointThenRunAgainLeavesWhatOneUninterruptedRunLeaves() throws Exception {
    Path landing = Files.createDirectories(work.resolve("landing"));
    copy(EVENTS, landing, DAY1);
    events("jr_day1", landing, "before");
    copy(EVENTS, landing, DAY2, LATE);
    copyLake("before", "uninterrupted");
    events("jr_next", landing, "uninterrupted");

    // the first run (empty lake) and the next (merging into it) reach different points
    List<String> points =
        List.of("preprocess:batch-recorded", "preprocess:quarantine-written", "preprocess:sessions-written", "preprocess:events-written", "preprocess:batch-committed");
    for (String point : points) {
      String lake = "killed-" + point.replace(':', '-');
      copyLake("before", lake);
      System.setProperty(CommitPoints.CRASH_AT, point);
      assertThatThrownBy(() -> events("jr_killed", landing, lake)).isInstanceOf(CommitPoints.SimulatedCrash.class);
      System.clearProperty(CommitPoints.CRASH_AT);
      events("jr_rerun", landing, lake);
      for (String table : EVENT_TABLES) {
        assertSameTable(table, lake, "uninterrupted");
      }
      // the killed run never ended: the run that took over its lock recorded it
      assertThatDataFrame(table(lake, "runs/app-events/job_runs").where(col("run_id").equalTo("jr_killed")).select("state", "error_code"))
          .hasRows(RowFactory.create("FAILED", "RUN_KILLED"));
    }
    for (String point : List.of("preprocess:events-written", "preprocess:sessions-written")) {
      String lake = "killed-first-" + point.replace(':', '-');
      System.setProperty(CommitPoints.CRASH_AT, point);
      assertThatThrownBy(() -> events("jr_killed", EVENTS, lake)).isInstanceOf(CommitPoints.SimulatedCrash.class);
      System.clearProperty(CommitPoints.CRASH_AT);
      events("jr_rerun", EVENTS, lake);
      events("jr_full", EVENTS, "full-" + point.replace(':', '-'));
      for (String table : EVENT_TABLES) {
        assertSameTable(table, lake, "full-" + point.replace(':', '-'));
      }
    }
  }

  @Test
  void aCafeRunKilledAtAnyCommitPointThenRunAgainLeavesWhatOneUninterruptedRunLeaves() throws Exception {
    cafe("jr_full", CAFE, "uninterrupted");
    for (String point : List.of("preprocess:batch-recorded", "preprocess:quarantine-written", "preprocess:orders-written", "preprocess:items-written")) {
      String lake = "killed-" + point.replace(':', '-');
      System.setProperty(CommitPoints.CRASH_AT, point);
      assertThatThrownBy(() -> cafe("jr_killed", CAFE, lake)).isInstanceOf(CommitPoints.SimulatedCrash.class);
      System.clearProperty(CommitPoints.CRASH_AT);
      cafe("jr_rerun", CAFE, lake);
      for (String table : CAFE_TABLES) {
        assertSameTable(table, lake, "uninterrupted");
      }
    }
  }

  @Test
  void aSecondRunOfThePipelineWhileOneIsWritingFailsAtOnceAndTakesNothingAway() throws Exception {
    Path landing = Files.createDirectories(work.resolve("landing"));
    copy(EVENTS, landing, DAY1, DAY2, LATE);
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CommitPoints.listen(
        point -> {
          if (point.equals("preprocess:quarantine-written") && Thread.currentThread().getName().equals("first-run")) {
            holding.countDown();
            await(release);
          }
        });
    CompletableFuture<JobRunner.JobRun> first = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        first.complete(events("jr_first", landing, "lake"));
      } catch (Throwable t) {
        first.completeExceptionally(t);
      }
    }, "first-run");
    thread.start();
    assertThat(holding.await(3, TimeUnit.MINUTES)).isTrue();

    assertThatThrownBy(() -> events("jr_second", landing, "lake"))
        .isInstanceOfSatisfying(GlueEtlException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_RUN);
          assertThat(e.parameters()).containsEntry("run_id", "jr_first").containsEntry("job", "preprocess");
        });
    release.countDown();
    assertThat(first.get(3, TimeUnit.MINUTES).report().counts()).containsEntry("trusted", 13L);

    events("jr_full", landing, "full");
    for (String table : EVENT_TABLES) {
      assertSameTable(table, "lake", "full");
    }
    assertThatDataFrame(table("lake", "runs/app-events/job_runs").select("run_id", "state", "error_code"))
        .hasRows(RowFactory.create("jr_first", "SUCCEEDED", null), RowFactory.create("jr_second", "FAILED", "CONCURRENT_RUN"));
  }

  private JobRunner.JobRun events(String runId, Path input, String lake, String... extra) {
    return run("app-events", runId, input, lake, extra);
  }

  private JobRunner.JobRun cafe(String runId, Path input, String lake, String... extra) {
    return run("cafe-orders", runId, input, lake, extra);
  }

  private JobRunner.JobRun run(String pipeline, String runId, Path input, String lake, String... extra) {
    List<String> args = new ArrayList<>(List.of(
        "--JOB_NAME", pipeline + "-preprocess", "--JOB_RUN_ID", runId, "--pipeline", ProjectFiles.pipeline(pipeline).toString(),
        "--lake", work.resolve(lake).toString(), "--input", input.toString()));
    args.addAll(List.of(extra));
    return PreprocessJob.run(args.toArray(new String[0]));
  }

  private void assertSameTable(String table, String lake, String expectedLake) {
    try {
      assertThatDataFrame(withoutRunColumns(table(lake, table))).isEqualTo(withoutRunColumns(table(expectedLake, table)));
    } catch (AssertionError e) {
      throw new AssertionError(table + " in " + lake + " differs from " + expectedLake + ": " + e.getMessage(), e);
    }
  }

  private static Dataset<Row> withoutRunColumns(Dataset<Row> data) {
    return data.drop("run_id", "ingested_at");
  }

  private Dataset<Row> table(String lake, String relative) {
    return spark.read().format("delta").load(work.resolve(lake).resolve(relative).toString());
  }

  private void copyLake(String from, String to) throws Exception {
    Path source = work.resolve(from);
    try (var walk = Files.walk(source)) {
      for (Path path : walk.toList()) {
        Path target = work.resolve(to).resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else if (!path.getFileName().toString().equals("_run.lock")) {
          Files.copy(path, target);
        }
      }
    }
  }

  private static void copy(Path from, Path landing, String... files) throws Exception {
    for (String file : files) {
      Files.copy(from.resolve(file), landing.resolve(file));
    }
  }

  private static String event(String id, String user, long time) {
    return "{\"meta\":{\"id\":\"" + id + "\",\"type\":\"ui.activity.started\",\"timestamp\":" + time + "},\"data\":{\"userId\":\"" + user + "\"}}";
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(3, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @SuppressWarnings("unused")
  private static Map<String, Long> counts(JobRunner.JobRun run) {
    return run.report().counts();
  }
}
