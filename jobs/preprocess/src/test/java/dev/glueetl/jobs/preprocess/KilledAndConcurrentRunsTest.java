package dev.glueetl.jobs.preprocess;

import static dev.glueetl.testing.DataFrameAssert.assertThatDataFrame;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.job.CommitPoints;
import dev.glueetl.job.JobRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs killed at every commit point then run again, and two runs at once: the lake ends as one uninterrupted run
 * leaves it, and the killed run is recorded {@code RUN_KILLED}.
 */
@Tag("slow")
class KilledAndConcurrentRunsTest extends PreprocessRuns {
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
      killThenRerun(point, "app-events", landing, lake, EVENT_TABLES, "uninterrupted");
      // the killed run never ended: the run that took over its lock recorded it
      assertThatDataFrame(table(lake, "runs/app-events/job_runs").where(col("run_id").equalTo("jr_killed")).select("state", "error_code"))
          .hasRows(RowFactory.create("FAILED", "RUN_KILLED"));
    }
    events("jr_full", EVENTS, "full");
    for (String point : List.of("preprocess:events-written", "preprocess:sessions-written")) {
      killThenRerun(point, "app-events", EVENTS, "killed-first-" + point.replace(':', '-'), EVENT_TABLES, "full");
    }
  }

  @Test
  void aCafeRunKilledAtAnyCommitPointThenRunAgainLeavesWhatOneUninterruptedRunLeaves() throws Exception {
    cafe("jr_full", CAFE, "uninterrupted");
    for (String point : List.of("preprocess:batch-recorded", "preprocess:quarantine-written", "preprocess:orders-written", "preprocess:items-written")) {
      killThenRerun(point, "cafe-orders", CAFE, "killed-" + point.replace(':', '-'), CAFE_TABLES, "uninterrupted");
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
    CompletableFuture<JobRunner.CompletedRun> first = new CompletableFuture<>();
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

  /** A run of {@code pipeline} killed at {@code point}, then run again: {@code tables} end as in {@code expectedLake}. */
  private void killThenRerun(String point, String pipeline, Path input, String lake, List<String> tables, String expectedLake) {
    System.setProperty(CommitPoints.CRASH_AT, point);
    assertThatThrownBy(() -> run(pipeline, "jr_killed", input, lake)).as("killed at " + point).isInstanceOf(CommitPoints.SimulatedCrash.class);
    System.clearProperty(CommitPoints.CRASH_AT);
    run(pipeline, "jr_rerun", input, lake);
    for (String table : tables) {
      assertSameTable(table, lake, expectedLake);
    }
  }
}
