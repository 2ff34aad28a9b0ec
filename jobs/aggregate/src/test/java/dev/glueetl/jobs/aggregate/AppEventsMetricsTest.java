package dev.glueetl.jobs.aggregate;

import static dev.glueetl.jobs.aggregate.TrustedEventsFixture.IPHONE;
import static dev.glueetl.jobs.aggregate.TrustedEventsFixture.NO_DEVICE;
import static dev.glueetl.jobs.aggregate.TrustedEventsFixture.PIXEL;
import static dev.glueetl.jobs.aggregate.TrustedEventsFixture.SAMSUNG;
import static dev.glueetl.testing.DataFrameAssert.assertThatDataFrame;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.job.JobReport;
import dev.glueetl.testing.Directories;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in app-events metrics over a fixture of five users whose every expected value is worked out by hand below.
 *
 * <pre>
 * user  events (UTC)                                   sessions (duration)
 * u1    02-28 10:00 open, 10:20 close; 03-29 07:05 open  02-28 10:00-10:20 (1200 s); 03-29 (0 s)
 * u5    02-28 23:30 open                               02-28 (0 s)
 * u2    02-29 08:00 open (ios)                         02-29 (0 s)
 * u4    03-22 09:15 open, 09:45 saved                  03-22 09:15-09:45 (1800 s)
 * u3    03-23 12:00 open (no device)                   03-23 (0 s)
 * </pre>
 *
 * 03-29 is the rolling-window edge: 02-29 (29 days before) is inside its 30-day window, 02-28 (30 days) is not; 03-23 (6
 * days before) is inside its 7-day window, 03-22 (7 days) is not. u1's first event is in an earlier week than 03-29.
 */
class AppEventsMetricsTest {
  @TempDir Path lake;
  private final SparkSession spark = SparkTestSession.get();

  /** The fixture's trusted tables alone, and after a first aggregate run: built once, copied into each test's lake. */
  @TempDir static Path templates;
  private static Path fixtureOnly;
  private static Path afterFirstRun;
  private static Path freshWithExtraDay;

  @BeforeAll
  static void buildTheLakesTestsStartFrom() {
    fixtureOnly = templates.resolve("fixture");
    writeFixture(fixtureOnly, false);
    afterFirstRun = Directories.copyTree(fixtureOnly, templates.resolve("after-run-1"));
    aggregate(afterFirstRun, "run-1");
  }

  @Test
  void everyMetricMatchesTheHandComputedRows() {
    Directories.copyTree(afterFirstRun, lake); // the fixture after aggregate run-1

    assertThatDataFrame(curated("daily_active_users"))
        .hasRows(
            row(d("2024-02-28"), "all", 2L, 2L), row(d("2024-02-28"), "android", 2L, 2L),
            row(d("2024-02-29"), "all", 1L, 1L), row(d("2024-02-29"), "ios", 1L, 1L),
            row(d("2024-03-22"), "all", 1L, 1L), row(d("2024-03-22"), "android", 1L, 1L),
            row(d("2024-03-23"), "all", 1L, 1L), row(d("2024-03-23"), "unknown", 1L, 1L),
            // u1 comes back: active, not new
            row(d("2024-03-29"), "all", 1L, 0L), row(d("2024-03-29"), "android", 1L, 0L));

    assertThatDataFrame(curated("active_users_rolling"))
        .hasRows(
            row(d("2024-02-28"), 2L, 2L),
            row(d("2024-02-29"), 3L, 3L),
            row(d("2024-03-22"), 1L, 4L),
            row(d("2024-03-23"), 2L, 5L),
            // wau: u3 (03-23, 6 days before) and u1; not u4 (03-22, 7 days). mau: u2 (02-29, 29 days), u4, u3, u1; not u5 (02-28, 30 days)
            row(d("2024-03-29"), 2L, 4L));

    assertThatDataFrame(curated("sessions_daily"))
        .hasRows(
            // durations 0 and 1200: p50 = 600, p90 = 0 + 0.9 * 1200 = 1080
            row(d("2024-02-28"), 2L, 2L, 600.0, 600.0, 1080.0, 1.5, 0.5),
            row(d("2024-02-29"), 1L, 1L, 0.0, 0.0, 0.0, 1.0, 1.0),
            row(d("2024-03-22"), 1L, 1L, 1800.0, 1800.0, 1800.0, 2.0, 0.0),
            row(d("2024-03-23"), 1L, 1L, 0.0, 0.0, 0.0, 1.0, 1.0),
            row(d("2024-03-29"), 1L, 1L, 0.0, 0.0, 0.0, 1.0, 1.0));

    assertThatDataFrame(curated("events_daily"))
        .hasRows(
            row(d("2024-02-28"), "app.open", 2L, 2L), row(d("2024-02-28"), "app.close", 1L, 1L),
            row(d("2024-02-29"), "app.open", 1L, 1L),
            row(d("2024-03-22"), "app.open", 1L, 1L), row(d("2024-03-22"), "timesheet.saved", 1L, 1L),
            row(d("2024-03-23"), "app.open", 1L, 1L),
            row(d("2024-03-29"), "app.open", 1L, 1L));

    assertThatDataFrame(curated("devices_daily"))
        .hasRows(
            row(d("2024-02-28"), "Android", "14", "Samsung", "Galaxy S23", "3.4.1", "en-GB", 1L, 1L),
            row(d("2024-02-28"), "Android", "14", "Google", "Pixel 8", "3.4.1", "de-DE", 1L, 1L),
            row(d("2024-02-29"), "iOS", "17.3", "Apple", "iPhone 14", "3.4.0", "en-US", 1L, 1L),
            row(d("2024-03-22"), "Android", "14", "Samsung", "Galaxy S23", "3.4.1", "en-GB", 1L, 1L),
            row(d("2024-03-23"), "unknown", "unknown", "unknown", "unknown", "unknown", "unknown", 1L, 1L),
            row(d("2024-03-29"), "Android", "14", "Samsung", "Galaxy S23", "3.4.1", "en-GB", 1L, 1L));

    assertThatDataFrame(curated("hourly_activity"))
        .hasRows(
            row(d("2024-02-28"), 10, 2L, 1L, 1L), row(d("2024-02-28"), 23, 1L, 1L, 1L),
            row(d("2024-02-29"), 8, 1L, 1L, 1L),
            row(d("2024-03-22"), 9, 2L, 1L, 1L),
            row(d("2024-03-23"), 12, 1L, 1L, 1L),
            row(d("2024-03-29"), 7, 1L, 1L, 1L));

    assertThatDataFrame(curated("retention_weekly"))
        .withTolerance(1e-12)
        .hasRows(
            // cohort of the week of Monday 02-26: u1, u5, u2; u1 is back in the week of Monday 03-25 (offset 4)
            row(d("2024-02-26"), 0, 3L, 1.0),
            row(d("2024-02-26"), 4, 1L, 1.0 / 3),
            // cohort of the week of Monday 03-18: u4, u3
            row(d("2024-03-18"), 0, 2L, 1.0));
  }

  @Test
  void aRerunWithoutNewTrustedDataRecomputesNothing() {
    Directories.copyTree(afterFirstRun, lake);
    Map<String, List<Row>> before = snapshot();
    Map<String, Long> versions = versions();

    JobReport second = aggregate("run-2");

    assertThat(second.count("touched_dates")).isZero();
    assertThat(second.tables()).allSatisfy(t -> assertThat(t.rows()).isZero());
    assertThat(versions()).isEqualTo(versions);
    before.forEach((table, rows) -> assertThatDataFrame(curated(table)).hasRows(rows.toArray(new Row[0])));
  }

  @Test
  void anExtraDayChangesOnlyTheDatesAndWindowsItReaches() {
    Directories.copyTree(afterFirstRun, lake);
    Map<String, List<Row>> before = snapshot();

    new TrustedEventsFixture()
        .event("e09", "u2", "2024-03-24T18:00:00Z", "app.open", IPHONE)
        .session("u2", "2024-03-24T18:00:00Z", "2024-03-24T18:00:00Z", 1, "app.open", "app.open", IPHONE)
        .writeTo(lake.toString());
    JobReport report = aggregate("run-2");

    assertThat(report.count("touched_dates")).isEqualTo(1);
    Map<String, Long> replaced = report.tables().stream().collect(Collectors.toMap(t -> t.table().replace("app_events_curated.", ""), JobReport.TableSummary::replaced));
    // 03-24 itself, plus u2's first day (02-29) for new_users; 03-24..03-29 for the 30-day windows; u2's cohort
    assertThat(replaced)
        .containsEntry("daily_active_users", 2L)
        .containsEntry("active_users_rolling", 6L)
        .containsEntry("sessions_daily", 1L)
        .containsEntry("retention_weekly", 1L);

    assertThatDataFrame(curated("daily_active_users"))
        .hasRows(with(before.get("daily_active_users"), row(d("2024-03-24"), "all", 1L, 0L), row(d("2024-03-24"), "ios", 1L, 0L)));
    List<Row> rolling = new ArrayList<>(before.get("active_users_rolling"));
    rolling.removeIf(r -> r.getDate(0).equals(d("2024-03-29")));
    // 03-24: wau u4, u3, u2; mau u1, u5, u2, u4, u3. 03-29: u2 joins the 7-day window.
    assertThatDataFrame(curated("active_users_rolling")).hasRows(with(rolling, row(d("2024-03-24"), 3L, 5L), row(d("2024-03-29"), 3L, 4L)));
    assertThatDataFrame(curated("sessions_daily")).hasRows(with(before.get("sessions_daily"), row(d("2024-03-24"), 1L, 1L, 0.0, 0.0, 0.0, 1.0, 1.0)));
    assertThatDataFrame(curated("retention_weekly"))
        .withTolerance(1e-12)
        .hasRows(with(before.get("retention_weekly"), row(d("2024-02-26"), 3, 1L, 1.0 / 3)));
  }

  @Test
  void aTrustedTableBuiltAgainIsRecomputedWhole() throws Exception {
    Directories.copyTree(afterFirstRun, lake);
    // the trusted tables deleted and built again: new Delta tables whose versions start over
    deleteRecursively(lake.resolve("trusted"));
    writeFixture(lake, true);

    JobReport report = aggregate("run-2");

    // all 6 dates (5 of the fixture and 03-24), though the new tables' versions are not past the ones recorded
    assertThat(report.count("touched_dates")).isEqualTo(6);
    assertSameCuratedAsAFreshLake(true);
  }

  @Test
  void whenTheDeltaLogNoLongerHoldsTheCommitsSinceTheLastRunEverythingIsRecomputed() throws Exception {
    Directories.copyTree(afterFirstRun, lake);
    TrustedEventsFixture extraDay =
        new TrustedEventsFixture()
            .event("e09", "u2", "2024-03-24T18:00:00Z", "app.open", IPHONE)
            .session("u2", "2024-03-24T18:00:00Z", "2024-03-24T18:00:00Z", 1, "app.open", "app.open", IPHONE);
    // two commits after the aggregate's: the first of them is what log retention removes below
    extraDay.writeTo(lake.toString());
    extraDay.writeTo(lake.toString());
    // log retention: a checkpoint, and the commits before it cleaned up
    for (String table : List.of("events", "sessions")) {
      String path = lake.resolve("trusted/app-events/" + table).toString();
      org.apache.spark.sql.delta.DeltaLog log = org.apache.spark.sql.delta.DeltaLog.forTable(spark, path);
      log.checkpoint();
      long latest = io.delta.tables.DeltaTable.forPath(spark, path).history(1).select("version").first().getLong(0);
      for (long v = 0; v < latest; v++) {
        java.nio.file.Files.deleteIfExists(lake.resolve("trusted/app-events/" + table + "/_delta_log/" + String.format("%020d.json", v)));
      }
    }

    JobReport report = aggregate("run-2");

    // all 6 dates, not only 03-24: the commits that would say what changed are gone
    assertThat(report.count("touched_dates")).isEqualTo(6);
    assertSameCuratedAsAFreshLake(true);
  }

  @Test
  void aMetricAddedToThePipelineIsBuiltForEveryDateEvenWithNoNewData() throws Exception {
    Path withoutRetention =
        ProjectFiles.pipelineCopy("app-events", java.nio.file.Files.createDirectories(lake.getParent().resolve(lake.getFileName() + "-pipeline")),
            yaml -> yaml.replaceAll("(?m)^  - \\{table: retention_weekly.*\\n", ""));
    Directories.copyTree(fixtureOnly, lake);
    AggregateJob.run(new String[] {"--pipeline", withoutRetention.toString(), "--lake", lake.toString(), "--run-id", "run-1"});
    assertThat(java.nio.file.Files.exists(lake.resolve("curated/app-events/retention_weekly"))).isFalse();

    JobReport report = aggregate("run-2");

    assertThat(report.count("touched_dates")).isZero();
    assertSameCuratedAsAFreshLake(false);
  }

  /** Every curated table of this lake equals the one a first aggregate run over the same trusted data writes. */
  private void assertSameCuratedAsAFreshLake(boolean withExtraDay) {
    Path fresh = withExtraDay ? freshWithExtraDay() : afterFirstRun;
    for (String table : snapshot().keySet()) {
      Dataset<Row> expected = spark.read().format("delta").load(fresh.resolve("curated/app-events/" + table).toString());
      assertThatDataFrame(curated(table)).withTolerance(1e-12).isEqualTo(expected);
    }
  }

  /** The fixture with the extra day 03-24, aggregated by a first run (built by the first test that needs it). */
  private static synchronized Path freshWithExtraDay() {
    if (freshWithExtraDay == null) {
      Path fresh = templates.resolve("fresh-with-extra-day");
      writeFixture(fresh, true);
      aggregate(fresh, "fresh");
      freshWithExtraDay = fresh;
    }
    return freshWithExtraDay;
  }

  private static void writeFixture(Path lake, boolean withExtraDay) {
    TrustedEventsFixture fixture =
        new TrustedEventsFixture()
            .event("e01", "u1", "2024-02-28T10:00:00Z", "app.open", SAMSUNG)
            .event("e02", "u1", "2024-02-28T10:20:00Z", "app.close", SAMSUNG)
            .event("e03", "u5", "2024-02-28T23:30:00Z", "app.open", PIXEL)
            .event("e04", "u2", "2024-02-29T08:00:00Z", "app.open", IPHONE)
            .event("e05", "u4", "2024-03-22T09:15:00Z", "app.open", SAMSUNG)
            .event("e06", "u4", "2024-03-22T09:45:00Z", "timesheet.saved", SAMSUNG)
            .event("e07", "u3", "2024-03-23T12:00:00Z", "app.open", NO_DEVICE)
            .event("e08", "u1", "2024-03-29T07:05:00Z", "app.open", SAMSUNG)
            .session("u1", "2024-02-28T10:00:00Z", "2024-02-28T10:20:00Z", 2, "app.open", "app.close", SAMSUNG)
            .session("u5", "2024-02-28T23:30:00Z", "2024-02-28T23:30:00Z", 1, "app.open", "app.open", PIXEL)
            .session("u2", "2024-02-29T08:00:00Z", "2024-02-29T08:00:00Z", 1, "app.open", "app.open", IPHONE)
            .session("u4", "2024-03-22T09:15:00Z", "2024-03-22T09:45:00Z", 2, "app.open", "timesheet.saved", SAMSUNG)
            .session("u3", "2024-03-23T12:00:00Z", "2024-03-23T12:00:00Z", 1, "app.open", "app.open", NO_DEVICE)
            .session("u1", "2024-03-29T07:05:00Z", "2024-03-29T07:05:00Z", 1, "app.open", "app.open", SAMSUNG);
    if (withExtraDay) {
      fixture
          .event("e09", "u2", "2024-03-24T18:00:00Z", "app.open", IPHONE)
          .session("u2", "2024-03-24T18:00:00Z", "2024-03-24T18:00:00Z", 1, "app.open", "app.open", IPHONE);
    }
    fixture.writeTo(lake.toString());
  }

  private static void deleteRecursively(Path path) throws java.io.IOException {
    try (var walk = java.nio.file.Files.walk(path)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private JobReport aggregate(String runId) {
    return aggregate(lake, runId);
  }

  private static JobReport aggregate(Path lake, String runId) {
    return AggregateJob.run(
            new String[] {
              "--JOB_NAME", "app-events-aggregate",
              "--pipeline", ProjectFiles.pipeline("app-events").toString(),
              "--lake", lake.toString(),
              "--run-id", runId
            })
        .report();
  }

  private Dataset<Row> curated(String table) {
    return spark.read().format("delta").load(lake.resolve("curated/app-events/" + table).toString());
  }

  private Map<String, List<Row>> snapshot() {
    Map<String, List<Row>> tables = new java.util.LinkedHashMap<>();
    for (String table : List.of("daily_active_users", "active_users_rolling", "sessions_daily", "events_daily", "devices_daily", "hourly_activity", "retention_weekly")) {
      tables.put(table, new ArrayList<>(curated(table).collectAsList()));
    }
    return tables;
  }

  private Map<String, Long> versions() {
    Map<String, Long> versions = new java.util.TreeMap<>();
    for (String table : snapshot().keySet()) {
      versions.put(table, io.delta.tables.DeltaTable.forPath(spark, lake.resolve("curated/app-events/" + table).toString()).history(1).select("version").first().getLong(0));
    }
    return versions;
  }

  private static Row[] with(List<Row> rows, Row... more) {
    List<Row> all = new ArrayList<>(rows);
    all.addAll(List.of(more));
    return all.toArray(new Row[0]);
  }

  private static Row row(Object... values) {
    return RowFactory.create(values);
  }

  private static Date d(String date) {
    return Date.valueOf(date);
  }

  static {
    col("unused");
  }
}
