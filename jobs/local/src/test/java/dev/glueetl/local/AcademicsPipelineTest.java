package dev.glueetl.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.config.JobArguments;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.config.RunState;
import dev.glueetl.job.JobRunner;
import dev.glueetl.lake.Lake;
import dev.glueetl.testing.LogCapture;
import dev.glueetl.testing.ParquetText;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import dev.glueetl.workflow.WorkflowRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in {@code academics} pipeline (zones landing → raw → trusted → curated) through its default workflow with
 * the real jobs, over the bundled exports; every figure is the hand count of {@code test-data/academics/EXPECTED.md}.
 * Then the gates: a failing raw gate stops the chain before promote, a failing trusted gate before aggregate, a warn
 * gate stops nothing.
 */
@Tag("slow")
class AcademicsPipelineTest {
  private static final Path DATA = ProjectFiles.testData("academics");
  private static final SparkSession spark = SparkTestSession.get();
  /** The names in the exports' undeclared "Student Name" column: personal, never stored. */
  private static final List<String> NAMES = List.of("Ada Lovelace", "Brian Kernighan", "Grace Hopper", "Donald Knuth", "Edsger Dijkstra", "Frances Allen", "Unknown Student");

  @TempDir static Path work;
  private static Path lake;
  private static WorkflowRunner.Result first;
  private static WorkflowRunner.Result second;
  private static final Map<String, Map<String, Long>> firstCounts = new LinkedHashMap<>();
  private static final Map<String, Map<String, Long>> secondCounts = new LinkedHashMap<>();
  private static String logs;

  @BeforeAll
  static void runTwice() {
    lake = work.resolve("lake");
    try (LogCapture capture = new LogCapture()) {
      first = workflow(ProjectFiles.pipeline("academics"), lake, firstCounts);
      second = workflow(ProjectFiles.pipeline("academics"), lake, secondCounts); // nothing new landed
      logs = capture.text();
    }
  }

  private static WorkflowRunner.Result workflow(Path pipelineFile, Path lakeDir, Map<String, Map<String, Long>> counts) {
    List<String> args = List.of("--pipeline", pipelineFile.toString(), "--lake", lakeDir.toString(), "--input", DATA.toString());
    PipelineConfig config = PipelineConfig.load(pipelineFile.toString(), spark.sparkContext().hadoopConfiguration()).withOverrides(JobArguments.parse(args.toArray(new String[0])));
    Lake lakeRoot = Lake.qualified(config.lake(), spark.sparkContext().hadoopConfiguration());
    return new WorkflowRunner(
            spark, config, lakeRoot, args,
            (type, jobArgs) -> {
              JobRunner.CompletedRun run = Jobs.run(type.yamlName(), jobArgs);
              counts.put(JobArguments.parse(jobArgs).jobName().orElseThrow(), run.report().counts());
              return run;
            },
            line -> {})
        .run();
  }

  private static List<String> rowsAt(Path lakeDir, String zone, String table, String columns, String order) {
    String path = lakeDir.resolve(zone).resolve("academics").resolve(table).toString();
    org.apache.spark.sql.Dataset<Row> selected = spark.read().format("delta").load(path).selectExpr(columns.split(","));
    return (order.isEmpty() ? selected : selected.orderBy(java.util.Arrays.stream(order.split(",")).map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new))).collectAsList().stream().map(r -> r.mkString("|")).toList();
  }

  @Test
  void theDefaultWorkflowFollowsTheZonesAndEveryJobSucceeds() {
    assertThat(first.outcomes().keySet()).containsExactly("ingest", "quality-raw", "promote", "quality-trusted", "aggregate", "quality-curated");
    assertThat(first.outcomes().values()).allMatch(o -> o.state() == RunState.SUCCEEDED, "every job SUCCEEDED");
  }

  @Test
  void ingestTypesEveryRecordThatParsesIntoRawAndQuarantinesTheBadDate() {
    // EXPECTED.md "Counts": 88 records in 6 files; the 31/02/2025 date does not parse
    assertThat(firstCounts.get("ingest"))
        .containsEntry("attendance.read", 88L).containsEntry("attendance.raw", 87L).containsEntry("attendance.quarantined", 1L)
        .containsEntry("attendance.quarantined.TYPE_MISMATCH", 1L).containsEntry("attendance.quarantined.MALFORMED_RECORD", 0L);
    // raw keeps what later checks refuse: the empty student id and the unknown status 'sick' (twice: W08 and its resend)
    assertThat(rowsAt(lake, "raw", "attendance", "count(*),count_if(student_id is null),count_if(status = 'sick')", "")).containsExactly("87|1|2");
  }

  @Test
  void promoteChecksDeduplicatesAndAccountsForEveryRawRow() {
    assertThat(firstCounts.get("promote"))
        .containsEntry("attendance.raw_read", 87L).containsEntry("attendance.trusted", 68L).containsEntry("attendance.quarantined", 3L)
        .containsEntry("attendance.quarantined.VALUE_NOT_ALLOWED", 2L).containsEntry("attendance.quarantined.NULL_IN_REQUIRED", 1L)
        .containsEntry("attendance.duplicates", 16L).containsEntry("attendance.superseded", 0L);
    assertThat(rowsAt(lake, "quarantine", "attendance", "reason,column", "reason,column"))
        .containsExactly("NULL_IN_REQUIRED|student_id", "TYPE_MISMATCH|session_date", "VALUE_NOT_ALLOWED|status", "VALUE_NOT_ALLOWED|status");
    assertThat(spark.read().format("delta").load(lake.resolve("trusted/academics/attendance").toString()).groupBy("attendance").count().orderBy("attendance")
            .collectAsList().stream().map(r -> r.mkString("|")).toList())
        .containsExactly("absent|9", "excused|3", "late|7", "present|49");
  }

  @Test
  void aSecondRunOverTheSameExportsPromotesNothingAndDoublesNothing() {
    assertThat(second.outcomes().values()).allMatch(o -> o.state() == RunState.SUCCEEDED, "every job SUCCEEDED");
    assertThat(secondCounts.get("ingest")).containsEntry("attendance.read", 0L);
    assertThat(secondCounts.get("promote")).containsEntry("attendance.raw_read", 0L).containsEntry("attendance.trusted", 0L);
    assertThat(rowsAt(lake, "trusted", "attendance", "count(*)", "")).containsExactly("68");
    assertThat(rowsAt(lake, "raw", "attendance", "count(*)", "")).containsExactly("87");
    assertThat(rowsAt(lake, "quarantine", "attendance", "count(*)", "")).containsExactly("4");
  }

  @Test
  void attendanceRatePerCourseAndIsoWeekIsTheHandCount() {
    // EXPECTED.md "attendance_weekly": course|week|iso_week|records|present|late|absent|excused|attendance_rate
    assertThat(rowsAt(lake, "curated", "attendance_weekly", "course,week,iso_week,records,present,late,absent,excused,attendance_rate", "course,week"))
        .containsExactly(
            "HIST201|2025-02-03|2025-W06|4|2|1|1|0|0.75",
            "HIST201|2025-02-10|2025-W07|4|4|0|0|0|1.0",
            "HIST201|2025-02-17|2025-W08|3|1|1|1|0|0.6667",
            "HIST201|2025-02-24|2025-W09|4|3|0|1|0|0.75",
            "HIST201|2025-03-03|2025-W10|4|3|0|0|1|1.0",
            "MATH101|2025-02-03|2025-W06|10|8|1|1|0|0.9",
            "MATH101|2025-02-10|2025-W07|10|8|1|0|1|1.0",
            "MATH101|2025-02-17|2025-W08|10|7|2|1|0|0.9",
            "MATH101|2025-02-24|2025-W09|9|5|0|3|1|0.625",
            "MATH101|2025-03-03|2025-W10|10|8|1|1|0|0.9");
  }

  @Test
  void studentsBelowEightyPercentOverTheLastFourWeeksOfTheData() {
    // EXPECTED.md "students_below_threshold": weeks W07..W10 (latest date 2025-03-06)
    assertThat(rowsAt(lake, "curated", "students_below_threshold", "window_start,window_end,student_id,course,attended,counted,attendance_rate", "student_id,course"))
        .containsExactly(
            "2025-02-10|2025-03-09|S002|MATH101|4|8|0.5",
            "2025-02-10|2025-03-09|S004|HIST201|2|3|0.6667",
            "2025-02-10|2025-03-09|S006|HIST201|2|3|0.6667");
  }

  @Test
  void studentNamesReachNoFileOfTheLakeAndNoLogLine() throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.walk(lake)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".parquet")) {
          text.append(ParquetText.of(file));
        } else if (!name.endsWith(".crc")) {
          text.append(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
      }
    }
    assertThat(text.toString()).contains("S002", "MATH101"); // the scan reads the stored values
    for (String personal : NAMES) {
      assertThat(text.toString()).as("lake files").doesNotContain(personal);
      assertThat(logs).as("logs").doesNotContain(personal);
    }
  }

  @Test
  void aFailingRawGateStopsBeforePromoteAndAFailingTrustedGateBeforeAggregateWhileWarnStopsNothing() throws IOException {
    // raw gate fail: the empty student id fails IsComplete
    Path failRaw = copy("fail-raw", yaml -> yaml.replace("quality/academics/raw-attendance.dqdl, action: fail", "quality/academics/raw-attendance.dqdl, action: fail}\n  - {table: raw.attendance, rules: 'Rules = [ IsComplete \"student_id\" ]', action: fail"));
    Path failRawLake = work.resolve("lake-fail-raw");
    WorkflowRunner.Result stopped = workflow(failRaw, failRawLake, new LinkedHashMap<>());
    assertThat(states(stopped)).containsExactly("ingest=SUCCEEDED", "quality-raw=FAILED", "promote=NOT_RUN", "quality-trusted=NOT_RUN", "aggregate=NOT_RUN", "quality-curated=NOT_RUN");
    assertThat(failRawLake.resolve("raw/academics/attendance")).isDirectory();
    assertThat(failRawLake.resolve("trusted/academics/attendance")).doesNotExist();

    // the same raw rule as warn: promote runs; a failing trusted gate then stops before aggregate
    Path failTrusted =
        copy("fail-trusted", yaml -> yaml.replace("quality/academics/raw-attendance.dqdl, action: fail", "quality/academics/raw-attendance.dqdl, action: fail}\n  - {table: raw.attendance, rules: 'Rules = [ IsComplete \"student_id\" ]', action: warn")
            .replace("quality/academics/trusted-attendance.dqdl, action: fail", "quality/academics/trusted-attendance.dqdl, action: fail}\n  - {table: trusted.attendance, rules: 'Rules = [ RowCount > 1000 ]', action: fail"));
    Path failTrustedLake = work.resolve("lake-fail-trusted");
    WorkflowRunner.Result stoppedLater = workflow(failTrusted, failTrustedLake, new LinkedHashMap<>());
    assertThat(states(stoppedLater)).containsExactly("ingest=SUCCEEDED", "quality-raw=SUCCEEDED", "promote=SUCCEEDED", "quality-trusted=FAILED", "aggregate=NOT_RUN", "quality-curated=NOT_RUN");
    assertThat(rowsAt(failTrustedLake, "trusted", "attendance", "count(*)", "")).containsExactly("68");
    assertThat(failTrustedLake.resolve("curated/academics/attendance_weekly")).doesNotExist();
  }

  private static List<String> states(WorkflowRunner.Result result) {
    return result.outcomes().values().stream().map(o -> o.job() + "=" + o.state()).toList();
  }

  private static Path copy(String dir, UnaryOperator<String> edit) throws IOException {
    return ProjectFiles.pipelineCopy("academics", Files.createDirectories(work.resolve(dir)), edit);
  }
}
