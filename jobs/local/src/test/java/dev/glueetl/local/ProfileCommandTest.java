package dev.glueetl.local;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.lake.Lake;
import dev.glueetl.quality.profile.ProfileFixture;
import dev.glueetl.quality.report.QualityRunsFixture;
import dev.glueetl.quality.rules.RulesetParser;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./glue-etl profile} through the command line ({@link GlueEtlCli#execute}) on {@link ProfileFixture} written as
 * the Delta table {@code app_events_trusted.attendance}: two profile runs (by zone name, then by catalog name with
 * {@code --out}), what they print, the ruleset files and the two runs in {@code app_events_quality.profiles}; and the
 * errors. The figures themselves are ProfilerTest's.
 */
class ProfileCommandTest {
  @TempDir static Path work;
  private static String lake;
  private static Result first;
  private static Result second;

  private record Result(int code, String out, String err) {}

  @BeforeAll
  static void profileTwice() {
    System.setProperty("glueetl.home", ProjectFiles.root().toString());
    SparkSession spark = SparkTestSession.get();
    lake = work.resolve("lake").toString();
    spark.createDataFrame(ProfileFixture.ROWS, ProfileFixture.SCHEMA).coalesce(1).write().format("delta").save(lake + "/trusted/app-events/attendance");
    first = execute("profile", "app-events", "--table", "trusted.attendance", "--lake", lake);
    // quality results appear between the two runs: the second also rewrites the report site
    QualityRunsFixture.writeTables(spark, Lake.qualified(lake, spark.sparkContext().hadoopConfiguration()).root());
    second = execute("profile", "app-events", "--table", "app_events_trusted.attendance", "--lake", lake, "--out", work.resolve("mine/attendance.dqdl").toString());
  }

  @Test
  void itPrintsTheFiguresPerColumnAndWhereTheRulesetAndTheProfileWent() {
    assertThat(first.code()).as(first.err()).isZero();
    Path ruleset = work.resolve("lake/_reports/app-events/suggested/trusted-attendance.dqdl");
    assertThat(first.out().lines().toList())
        .startsWith("profiled app_events_trusted.attendance: 12 rows, 5 columns (run " + runIds().get(0) + ")", "")
        .contains(
            "column  type    complete  distinct~  min     max      mean     stddev   top values",
            "id      int     1.0000    12         1       12       6.5      3.45205  1 (1), 2 (1), 3 (1), 4 (1), 5 (1)",
            "score   int     0.9167    3          10      30       19.0909  7.92527  10 (4), 20 (4), 30 (3), NULL (1)",
            "status  string  1.0000    4          absent  present                    present (5), late (3), absent (2), excused (2)",
            "amount  double  1.0000    12         0.0     12.5     5.75     3.56341  0.0 (1), 1.75 (1), 2.5 (1), 3.0 (1), 4.0 (1)",
            "city    string  0.9167    4          Kyiv    Rome                       Oslo (5), Lima (3), Rome (2), Kyiv (1), NULL (1)")
        .endsWith(
            "suggested ruleset: 14 rules: file://" + ruleset,
            "profile recorded in app_events_quality.profiles");
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out())
        .contains("suggested ruleset: 14 rules: file://" + work.resolve("mine/attendance.dqdl") + "\n")
        .endsWith("profile recorded in app_events_quality.profiles\nreport site: file://" + work.resolve("lake/_reports/app-events/quality/index.html") + "\n");
  }

  @Test
  void theSecondRunRewroteTheReportSiteWithItsProfile() throws Exception {
    Path site = work.resolve("lake/_reports/app-events/quality");
    assertThat(Files.readString(site.resolve("index.html"))).contains("<a href=\"profiles.html#profile-app-events-trusted-attendance\">app_events_trusted.attendance</a>");
    assertThat(Files.readString(site.resolve("profiles.html")))
        .contains("Run <code>" + runIds().get(1) + "</code>")
        .contains("<tr><td><code>status</code></td><td>string</td><td class=\"num\">1.0000</td><td class=\"num\">4</td><td>absent</td><td>present</td>");
  }

  @Test
  void theRulesetFilesParseAndHoldTheSuggestedRulesWithTheirEvidence() throws Exception {
    String byDefault = Files.readString(work.resolve("lake/_reports/app-events/suggested/trusted-attendance.dqdl"));
    String chosen = Files.readString(work.resolve("mine/attendance.dqdl"));

    assertThat(byDefault).startsWith("# Suggested DQDL ruleset for app_events_trusted.attendance (12 rows), profiled ")
        .contains("    # 'id' is unique (Deequ UniqueIfApproximatelyUniqueRule)\n    #   id: int, completeness 1.00 (12 of 12 rows), ~12 distinct, min 1, max 12")
        .contains("\n    ColumnValues \"status\" in [\"present\", \"late\", \"absent\", \"excused\"],\n");
    // the histogram limit is Deequ's default here (120): id and amount get a histogram too, which changes no rule
    assertThat(RulesetParser.parse(byDefault, "default").getRules()).hasSize(14);
    // the two runs differ only in their header (run id and time)
    assertThat(withoutHeader(chosen)).isEqualTo(withoutHeader(byDefault));
    assertThat(Files.list(work.resolve("mine"))).containsExactly(work.resolve("mine/attendance.dqdl"));
  }

  @Test
  void theProfilesTableHoldsOneRowPerColumnPerRun() {
    Dataset<Row> profiles = SparkTestSession.get().read().format("delta").load(new Lake(lake).root() + "/quality/app-events/profiles");

    assertThat(profiles.count()).isEqualTo(10);
    assertThat(runIds()).hasSize(2).allMatch(id -> id.startsWith("profile-"));
    for (String runId : runIds()) {
      List<Row> status =
          profiles.where(col("run_id").equalTo(runId).and(col("column").equalTo("status")))
              .selectExpr("`table`", "type", "completeness", "approx_distinct", "min", "max", "mean", "stddev", "top_values.value", "top_values.count")
              .collectAsList();
      assertThat(status).hasSize(1);
      assertThat(status.get(0).toString())
          .isEqualTo("[app_events_trusted.attendance,string,1.0,4,absent,present,null,null,"
              + "WrappedArray(present, late, absent, excused),WrappedArray(5, 3, 2, 2)]");
      Row score = profiles.where(col("run_id").equalTo(runId).and(col("column").equalTo("score"))).selectExpr("completeness", "min", "max", "mean", "top_values[3]").first();
      assertThat(score.getDouble(0)).isEqualTo(11 / 12.0);
      assertThat(score.getString(1)).isEqualTo("10");
      assertThat(score.getString(2)).isEqualTo("30");
      assertThat(score.getDouble(3)).isCloseTo(210 / 11.0, org.assertj.core.api.Assertions.within(1e-9));
      assertThat(score.getStruct(4).toString()).isEqualTo("[null,1," + (1 / 12.0) + "]");
    }
  }

  @Test
  void aTableThatIsNotThereIsTableNotFoundAnEmptyOneTableEmptyAndAZoneThatIsNotThereAUsageError() {
    Result missing = execute("profile", "app-events", "--table", "trusted.nope", "--lake", lake);
    assertThat(missing.code()).isEqualTo(3);
    assertThat(missing.err()).startsWith("error: [TABLE_NOT_FOUND] no table app_events_trusted.nope at file:" + work.resolve("lake/trusted/app-events/nope") + ": ");

    SparkTestSession.get().createDataFrame(List.of(), ProfileFixture.SCHEMA).write().format("delta").save(lake + "/curated/app-events/empty");
    Result empty = execute("profile", "app-events", "--table", "curated.empty", "--lake", lake);
    assertThat(empty.code()).isEqualTo(3);
    assertThat(empty.err()).startsWith("error: [TABLE_EMPTY] table app_events_curated.empty at file:" + work.resolve("lake/curated/app-events/empty") + " has no rows");

    Result zone = execute("profile", "app-events", "--table", "gold.attendance", "--lake", lake);
    assertThat(zone.code()).isEqualTo(2);
    assertThat(zone.err()).startsWith("error: [USAGE] profile: --table gold.attendance: no zone 'gold'; the zones with tables are raw, trusted, curated, quarantine, quality, runs");

    Result noDot = execute("profile", "app-events", "--table", "attendance", "--lake", lake);
    assertThat(noDot.code()).isEqualTo(2);
    assertThat(noDot.err()).startsWith("error: [USAGE] profile: --table must be <zone>.<table>, for example trusted.events; found 'attendance'");

    Result noTable = execute("profile", "app-events", "--lake", lake);
    assertThat(noTable.code()).isEqualTo(2);
    assertThat(noTable.err()).isEqualTo("error: [USAGE] profile: missing required option: '--table=ZONE.TABLE' (see './glue-etl profile --help')\n");
  }

  private static List<String> runIds() {
    // in the order they ran (distinct first: it does not keep an order)
    return SparkTestSession.get().read().format("delta").load(lake + "/quality/app-events/profiles").select("run_id", "profiled_at").distinct()
        .orderBy("profiled_at").collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  private static String withoutHeader(String dqdl) {
    return dqdl.substring(dqdl.indexOf("Rules = ["));
  }

  private static Result execute(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new GlueEtlCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
