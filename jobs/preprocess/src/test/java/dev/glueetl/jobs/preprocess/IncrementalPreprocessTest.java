package dev.glueetl.jobs.preprocess;

import static dev.glueetl.testing.DataFrameAssert.assertThatDataFrame;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.job.JobReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/**
 * The preprocess job run after run over a landing folder that grows, through its real {@code main}: the bookmark,
 * files changed or seen twice, late files. Every expected figure is counted by hand from {@code test-data/app-events}
 * and {@code test-data/cafe-orders}, or is one run over all the files.
 */
class IncrementalPreprocessTest extends PreprocessRuns {
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
}
