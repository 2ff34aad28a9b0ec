package dev.glueetl.jobs.aggregate;

import static dev.glueetl.testing.DataFrameAssert.assertThatDataFrame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.aggregate.ChangedDates;
import dev.glueetl.job.JobReport;
import dev.glueetl.testing.JobRuns;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in {@code covid} pipeline end to end, through the preprocess and aggregate jobs' real entry points with
 * Glue-style arguments. Every expected figure is worked out by hand in {@code test-data/covid/EXPECTED.md}.
 *
 * <p>The runs, once for the class:
 *
 * <ol>
 *   <li>day 1: the landing holds {@code landing/} (30 dates); then the quality job runs every ruleset;
 *   <li>day 2: the two series files are rewritten in place by those of {@code day2/} (one date more, one revised
 *       count), same names, a later modification time; the same lake;
 *   <li>full: a fresh lake, the landing as on day 2, one run.
 * </ol>
 */
@Tag("slow")
class CovidPipelineTest {
  private static final Path PIPELINE = ProjectFiles.pipeline("covid");
  private static final Path DATA = ProjectFiles.testData("covid");
  private static final List<String> CURATED = List.of("daily", "average_7d", "per_100k", "region_clusters", "region_clusters_centres");
  private static final SparkSession spark = SparkTestSession.get();

  @TempDir static Path work;
  private static Path landing;
  private static Path lake;
  private static Path fullLake;
  private static JobReport preprocess1;
  private static JobReport aggregate1;
  private static JobReport preprocess2;
  private static JobReport aggregate2;
  private static Map<String, List<Row>> curated1 = new LinkedHashMap<>();
  private static long confirmedVersion1;
  /** The quality job's counts after day 1: every ruleset of the pipeline, trusted and curated. */
  private static Map<String, Long> quality1;
  private static long confirmedVersion2;

  @BeforeAll
  static void runThePipeline() throws IOException {
    landing = work.resolve("landing");
    lake = work.resolve("lake");
    land(DATA.resolve("landing"), Instant.parse("2020-02-21T06:00:00Z"));
    preprocess1 = JobRuns.preprocess(args("jr_covid_1_preprocess", lake)).report();
    aggregate1 = AggregateJob.run(args("jr_covid_1_aggregate", lake)).report();
    for (String table : CURATED) {
      curated1.put(table, curated(lake, table).collectAsList());
    }
    confirmedVersion1 = version(lake, "trusted/covid/confirmed");
    quality1 = JobRuns.quality(args("jr_covid_1_quality", lake)).report().counts();

    land(DATA.resolve("day2"), Instant.parse("2020-02-22T06:00:00Z"));
    preprocess2 = JobRuns.preprocess(args("jr_covid_2_preprocess", lake)).report();
    aggregate2 = AggregateJob.run(args("jr_covid_2_aggregate", lake)).report();
    confirmedVersion2 = version(lake, "trusted/covid/confirmed");

    fullLake = work.resolve("full-lake");
    JobRuns.preprocess(args("jr_covid_full_preprocess", fullLake));
    AggregateJob.run(args("jr_covid_full_aggregate", fullLake));
  }

  // ---------------------------------------------------------------- day 1

  @Test
  void day1ReadsEveryCellQuarantinesTheEmptyOneAndCountsTheRepeatedRegionAsDuplicates() {
    // 7 rows (Ontario twice) x 30 dates; Iceland 2/1/20 is empty; Ontario's second row repeats the first
    assertThat(counts(preprocess1, "confirmed")).isEqualTo(List.of(210L, 179L, 179L, 0L, 1L, 1L, 30L, 0L));
    assertThat(counts(preprocess1, "deaths")).isEqualTo(List.of(180L, 180L, 180L, 0L, 0L, 0L, 0L, 0L));
    assertThat(counts(preprocess1, "population")).isEqualTo(List.of(5L, 5L, 5L, 0L, 0L, 0L, 0L, 0L));
  }

  @Test
  void day1PassesEveryRulesetOfThePipeline() {
    // trusted-confirmed 4, trusted-deaths 4, curated-daily 4 (no negative figure without its flag), curated-region-clusters 3
    assertThat(quality1).containsEntry("rulesets", 4L).containsEntry("rules", 15L).containsEntry("passed", 15L).containsEntry("failed", 0L);
  }

  @Test
  void day1DailyFiguresFlagTheDownwardRevisionAndBridgeTheEmptyCell() {
    Map<String, Row> daily = byDateAndRegion(curated1.get("daily"));
    assertThat(curated1.get("daily")).hasSize(180);
    // date, region -> confirmed, deaths, new_cases, new_deaths, cases_revised_down, deaths_revised_down
    assertDaily(daily.get("2020-01-22 Andorra"), 10L, 0L, 10L, 0L, false);
    assertDaily(daily.get("2020-02-11 Malta"), 58L, 4L, -2L, 0L, true);
    assertDaily(daily.get("2020-02-12 Malta"), 61L, 4L, 3L, 0L, false);
    assertDaily(daily.get("2020-02-01 Iceland"), null, 2L, null, 0L, false);
    assertDaily(daily.get("2020-02-02 Iceland"), 200L, 2L, 20L, 0L, false);
    assertDaily(daily.get("2020-01-26 Australia/New South Wales"), 0L, 2L, 0L, 2L, false);
    assertDaily(daily.get("2020-02-20 Canada/Ontario"), 120L, 6L, 4L, 1L, false);
    assertThat(curated1.get("daily").stream().filter(r -> r.getBoolean(r.fieldIndex("cases_revised_down"))).count()).isEqualTo(1);
  }

  @Test
  void day1SevenDayAveragesStartOnEachRegionsSeventhDate() {
    Map<String, Row> average = byDateAndRegion(curated1.get("average_7d"));
    assertThat(curated1.get("average_7d")).hasSize(6 * 24);
    assertThat(average).doesNotContainKey("2020-01-27 Andorra");
    // new_cases_7d, new_cases_7d_avg, new_deaths_7d, new_deaths_7d_avg
    assertAverage(average.get("2020-01-28 Andorra"), 70L, 10.0, 1L, 0.1429);
    assertAverage(average.get("2020-02-04 Andorra"), 40L, 5.7143, 1L, 0.1429);
    assertAverage(average.get("2020-02-04 Iceland"), 80L, 11.4286, 1L, 0.1429);
    assertAverage(average.get("2020-02-14 Malta"), 16L, 2.2857, 1L, 0.1429);
    assertAverage(average.get("2020-02-20 Australia/New South Wales"), 140L, 20.0, 4L, 0.5714);
  }

  @Test
  void day1PerHundredThousandForTheRegionsOfThePopulationTable() {
    Map<String, Row> per100k = byDateAndRegion(curated1.get("per_100k"));
    // 5 regions with a population x 30 dates, less Iceland's empty cell; Ontario has no population
    assertThat(curated1.get("per_100k")).hasSize(149);
    assertThat(per100k.keySet()).noneMatch(key -> key.endsWith("Ontario"));
    // confirmed_per_100k, deaths_per_100k, new_cases_7d_per_100k
    Row andorra = per100k.get("2020-02-20 Andorra");
    assertThat(List.of(andorra.getAs("confirmed_per_100k"), andorra.getAs("deaths_per_100k"), andorra.getAs("new_cases_7d_per_100k")))
        .map(Object::toString)
        .containsExactly("159.74", "7.79", "0.00");
    Row nsw = per100k.get("2020-02-20 Australia/New South Wales");
    assertThat(List.of(nsw.getAs("confirmed_per_100k"), nsw.getAs("deaths_per_100k"), nsw.getAs("new_cases_7d_per_100k")))
        .map(Object::toString)
        .containsExactly("2.88", "0.15", "1.72");
    assertThat((Object) per100k.get("2020-01-27 Malta").getAs("new_cases_7d_per_100k")).isNull();
  }

  @Test
  void day1ClustersRegionsByTheShapeOfTheirCurves() {
    // early wave: Andorra, Iceland; late wave: the two Australian regions; steady: Ontario, Malta
    assertThat(clusters(curated1.get("region_clusters")))
        .isEqualTo(
            new TreeMap<>(
                Map.of(
                    "Andorra", 1, "Iceland", 1, "Australia/Australian Capital Territory", 2, "Australia/New South Wales", 2, "Canada/Ontario", 3, "Malta", 3)));
    List<Row> centres = curated1.get("region_clusters_centres").stream().sorted((a, b) -> Integer.compare(a.getInt(0), b.getInt(0))).toList();
    assertCentre(centres.get(0), 1, 2, 1.0, 0.4375, 0.1, 0.0);
    assertCentre(centres.get(1), 2, 2, 0.0, 0.1, 4.0 / 7, 1.0);
    assertCentre(centres.get(2), 3, 2, 1.0, 0.875, (19.0 / 24 + 1.0) / 2, 0.875);
  }

  // ---------------------------------------------------------------- day 2: the files rewritten

  @Test
  void day2RereadsTheRewrittenFilesAndTrustsOnlyTheNewDateAndTheRevisedCount() {
    // 7 x 31 read; Andorra 1/25/20 revised (updated); 2/21/20 new for 6 regions; the rest identical to what is stored
    assertThat(counts(preprocess2, "confirmed")).isEqualTo(List.of(217L, 7L, 6L, 1L, 1L, 1L, 31L + 178L, 0L));
    assertThat(counts(preprocess2, "deaths")).isEqualTo(List.of(186L, 6L, 6L, 0L, 0L, 0L, 180L, 0L));
    assertThat(preprocess2.count("population.input_files")).isZero(); // not rewritten: not read again
    // the MERGE rewrote the files of two dates only
    assertThat(ChangedDates.between(spark, lake.resolve("trusted/covid/confirmed").toString(), "date", confirmedVersion1, confirmedVersion2))
        .containsExactly(LocalDate.parse("2020-01-25"), LocalDate.parse("2020-02-21"));
  }

  @Test
  void day2RecomputesOnlyTheDatesTheChangedRowsReach() {
    assertThat(aggregate2.count("touched_dates")).isEqualTo(2);
    Map<String, JobReport.TableSummary> tables =
        aggregate2.tables().stream().collect(Collectors.toMap(t -> t.table().replace("covid_curated.", ""), t -> t));
    // daily: 1/25, 1/26 (its new figure reads 1/25), 2/21: 3 dates x 6 regions
    assertThat(tables.get("daily").replaced()).isEqualTo(3);
    assertThat(tables.get("daily").rows()).isEqualTo(18);
    // 7-day averages: 1/25 .. 2/1 and 2/21 (9 dates); rows only from the 7th date (1/28): 6 dates x 6 regions
    assertThat(tables.get("average_7d").replaced()).isEqualTo(9);
    assertThat(tables.get("average_7d").rows()).isEqualTo(36);
    // per 100k: the same 9 dates, 5 regions, less Iceland's empty 2/1/20
    assertThat(tables.get("per_100k").replaced()).isEqualTo(9);
    assertThat(tables.get("per_100k").rows()).isEqualTo(44);
    // the model is retrained over every region
    assertThat(tables.get("region_clusters").rows()).isEqualTo(6);

    Map<String, Row> day1 = byDateAndRegion(curated1.get("daily"));
    Map<String, Row> day2 = byDateAndRegion(curated(lake, "daily").collectAsList());
    assertDaily(day2.get("2020-01-25 Andorra"), 42L, 0L, 12L, 0L, false);
    assertDaily(day2.get("2020-01-26 Andorra"), 50L, 1L, 8L, 1L, false);
    assertDaily(day2.get("2020-02-21 Australia/New South Wales"), 254L, 12L, 20L, 0L, false);
    // every other row as day 1 left it
    for (Map.Entry<String, Row> row : day1.entrySet()) {
      if (!row.getKey().equals("2020-01-25 Andorra") && !row.getKey().equals("2020-01-26 Andorra")) {
        assertThat(day2.get(row.getKey())).as(row.getKey()).isEqualTo(row.getValue());
      }
    }
    assertThat(day2).hasSize(186);
  }

  @Test
  void day2CuratedTablesEqualOneFullRunOverTheRewrittenFiles() {
    for (String table : CURATED) {
      assertThatDataFrame(curated(lake, table)).isEqualTo(curated(fullLake, table)); // the diff names the rows, not the table: one per line
    }
    // the same clusters as day 1: one more date and one revision do not move a region
    assertThat(clusters(curated(lake, "region_clusters").collectAsList())).isEqualTo(clusters(curated1.get("region_clusters")));
  }

  // ---------------------------------------------------------------- helpers

  private static String[] args(String runId, Path lakeRoot) {
    return new String[] {
      "--JOB_NAME", "covid", "--JOB_RUN_ID", runId,
      "--job-bookmark-option", "job-bookmark-enable",
      "--datalake-formats", "delta",
      "--pipeline", PIPELINE.toString(),
      "--lake", lakeRoot.toString(),
      "--input", landing.toString()
    };
  }

  /** Copies a batch into the landing, over files of the same name, with one modification time. */
  private static void land(Path batch, Instant modified) throws IOException {
    try (Stream<Path> files = Files.walk(batch)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = landing.resolve(batch.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(target, FileTime.from(modified));
      }
    }
  }

  private static Dataset<Row> curated(Path lakeRoot, String table) {
    return spark.read().format("delta").load(lakeRoot.resolve("curated/covid/" + table).toString());
  }

  private static long version(Path lakeRoot, String table) {
    return io.delta.tables.DeltaTable.forPath(spark, lakeRoot.resolve(table).toString()).history(1).first().getAs("version");
  }

  /** read, trusted, inserted, updated, quarantined, quarantined.NULL_IN_REQUIRED, duplicates, superseded. */
  private static List<Long> counts(JobReport report, String table) {
    List<Long> counts = new ArrayList<>();
    for (String count : List.of("read", "trusted", "inserted", "updated", "quarantined", "quarantined.NULL_IN_REQUIRED", "duplicates", "superseded")) {
      counts.add(report.count(table + "." + count));
    }
    return counts;
  }

  private static Map<String, Row> byDateAndRegion(List<Row> rows) {
    Map<String, Row> byKey = new TreeMap<>();
    for (Row row : rows) {
      byKey.put(row.<Date>getAs("date") + " " + row.<String>getAs("region"), row);
    }
    return byKey;
  }

  private static void assertDaily(Row row, Long confirmed, Long deaths, Long newCases, Long newDeaths, boolean revisedDown) {
    assertThat(row).isNotNull();
    assertThat(new Object[] {row.getAs("confirmed"), row.getAs("deaths"), row.getAs("new_cases"), row.getAs("new_deaths"), row.getAs("cases_revised_down"), row.getAs("deaths_revised_down")})
        .as(row.toString())
        .containsExactly(confirmed, deaths, newCases, newDeaths, revisedDown, false);
  }

  private static void assertAverage(Row row, long cases7d, double casesAvg, long deaths7d, double deathsAvg) {
    assertThat(row).isNotNull();
    assertThat(new Object[] {row.getAs("new_cases_7d"), row.getAs("new_cases_7d_avg"), row.getAs("new_deaths_7d"), row.getAs("new_deaths_7d_avg")})
        .as(row.toString())
        .containsExactly(cases7d, casesAvg, deaths7d, deathsAvg);
  }

  private static TreeMap<String, Integer> clusters(List<Row> rows) {
    TreeMap<String, Integer> clusters = new TreeMap<>();
    rows.forEach(row -> clusters.put(row.getString(0), row.getInt(1)));
    return clusters;
  }

  private static void assertCentre(Row centre, int cluster, long size, double... coordinates) {
    assertThat(centre.getInt(0)).isEqualTo(cluster);
    assertThat(centre.getLong(1)).isEqualTo(size);
    for (int i = 0; i < coordinates.length; i++) {
      assertThat(centre.getDouble(2 + i)).as("cluster " + cluster + " period_" + (i + 1)).isCloseTo(coordinates[i], org.assertj.core.data.Offset.offset(1e-9));
    }
  }
}
