package dev.glueetl.jobs.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.job.CommitPoints;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The raw zone of {@code academics} (zones landing → raw → trusted) through the preprocess job's real entry point:
 * {@code --zone raw} then {@code --zone trusted}, a second export landing later, a promotion killed after its merge.
 * Promotion reads only the raw rows added since the last one, and a killed one, run again, doubles nothing. Counts are
 * the lines of {@code test-data/academics/exports}: W06 has 14 good records; W07 15 lines, one an exact repeat.
 */
class RawPromotionTest {
  private static final Path EXPORTS = ProjectFiles.testData("academics").resolve("exports");
  private static final SparkSession spark = SparkTestSession.get();

  @TempDir Path work;

  private Map<String, Long> preprocess(String zone, String runId) {
    return PreprocessJob.run(
            new String[] {
              "--pipeline", ProjectFiles.pipeline("academics").toString(), "--lake", work.resolve("lake").toString(), "--input", work.resolve("landing").toString(),
              "--zone", zone, "--run-id", runId
            })
        .report()
        .counts();
  }

  private void land(String file, String day) throws IOException {
    Path target = Files.createDirectories(work.resolve("landing/exports")).resolve(file);
    Files.copy(EXPORTS.resolve(file), target);
    Files.setLastModifiedTime(target, FileTime.from(Instant.parse(day + "T23:00:00Z")));
  }

  private long rows(String table) {
    return spark.read().format("delta").load(work.resolve("lake").resolve(table).toString()).count();
  }

  @Test
  void promotionTakesOnlyNewRawRowsAndAKilledOneDoublesNothingWhenRunAgain() throws IOException {
    land("attendance_2025-W06.csv", "2025-02-07");
    assertThat(preprocess("raw", "jr_ingest_1")).containsEntry("attendance.read", 14L).containsEntry("attendance.raw", 14L).containsEntry("attendance.quarantined", 0L);
    assertThat(work.resolve("lake/trusted/academics/attendance")).as("nothing is trusted before a promotion").doesNotExist();
    assertThat(preprocess("trusted", "jr_promote_1")).containsEntry("attendance.raw_read", 14L).containsEntry("attendance.trusted", 14L);

    land("attendance_2025-W07.csv", "2025-02-14");
    assertThat(preprocess("raw", "jr_ingest_2")).containsEntry("attendance.read", 15L).containsEntry("attendance.raw", 15L);
    assertThat(rows("raw/academics/attendance")).isEqualTo(29);

    System.setProperty(CommitPoints.CRASH_AT, "preprocess:trusted-written");
    try {
      assertThatThrownBy(() -> preprocess("trusted", "jr_promote_killed")).isInstanceOf(CommitPoints.SimulatedCrash.class);
    } finally {
      System.clearProperty(CommitPoints.CRASH_AT);
    }
    assertThat(rows("trusted/academics/attendance")).as("the killed run's merge").isEqualTo(28);

    // the ledger never recorded the killed promotion: the same 15 raw rows again, now all copies of what is stored
    assertThat(preprocess("trusted", "jr_promote_again"))
        .containsEntry("attendance.raw_read", 15L).containsEntry("attendance.trusted", 0L).containsEntry("attendance.duplicates", 15L).containsEntry("attendance.quarantined", 0L);
    assertThat(rows("trusted/academics/attendance")).isEqualTo(28);
    assertThat(preprocess("trusted", "jr_promote_nothing")).containsEntry("attendance.raw_read", 0L).containsEntry("attendance.trusted", 0L);
    assertThat(rows("trusted/academics/attendance")).isEqualTo(28);
  }

  @Test
  void anEmptyFolderThenOnlyBadRecordsTrustNothingAndQuarantineEachRecordOnce() throws IOException {
    Files.createDirectories(work.resolve("landing/exports"));
    assertThat(preprocess("raw", "jr_ingest_empty")).containsEntry("attendance.read", 0L).containsEntry("attendance.raw", 0L);
    assertThat(preprocess("trusted", "jr_promote_empty")).containsEntry("attendance.raw_read", 0L).containsEntry("attendance.trusted", 0L);

    // only bad records: a date no format reads (raw rejects it), a status no spelling has (the promotion rejects it)
    Files.writeString(
        work.resolve("landing/exports/attendance_bad.csv"),
        "Student ID,Student Name,Course,Session,Date,Status\nS001,Ada Lovelace,MATH101,L1,2025-13-45,Present\nS002,Brian Kernighan,MATH101,L1,2025-02-03,Maybe\n");
    assertThat(preprocess("raw", "jr_ingest_bad")).containsEntry("attendance.read", 2L).containsEntry("attendance.raw", 1L).containsEntry("attendance.quarantined", 1L);
    assertThat(preprocess("trusted", "jr_promote_bad"))
        .containsEntry("attendance.raw_read", 1L).containsEntry("attendance.trusted", 0L).containsEntry("attendance.quarantined", 1L);
    assertThat(rows("quarantine/academics/attendance")).isEqualTo(2);
  }

  @Test
  void anExportLandingLateGivesTheTrustedTableOneRunOverBothGives() throws IOException {
    land("attendance_2025-W07.csv", "2025-02-14");
    preprocess("raw", "jr_ingest_w07");
    preprocess("trusted", "jr_promote_w07");
    land("attendance_2025-W06.csv", "2025-02-07"); // the earlier week, delivered after the later one
    preprocess("raw", "jr_ingest_w06");
    preprocess("trusted", "jr_promote_w06");
    Dataset<Row> separately = trustedAttendance();
    Path apart = work.resolve("lake");
    work = Files.createDirectories(apart.resolveSibling("one-run"));
    land("attendance_2025-W06.csv", "2025-02-07");
    land("attendance_2025-W07.csv", "2025-02-14");
    preprocess("raw", "jr_ingest_both");
    preprocess("trusted", "jr_promote_both");

    Dataset<Row> together = trustedAttendance();
    assertThat(separately.count()).isEqualTo(28);
    assertThat(separately.exceptAll(together).count()).isZero();
    assertThat(together.exceptAll(separately).count()).isZero();
  }

  /** The trusted attendance without the columns that name the run which wrote a row. */
  private Dataset<Row> trustedAttendance() {
    return spark.read().format("delta").load(work.resolve("lake/trusted/academics/attendance").toString())
        .select("student_id", "course", "session", "session_date", "status", "attendance");
  }
}
