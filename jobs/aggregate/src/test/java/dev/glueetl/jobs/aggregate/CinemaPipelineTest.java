package dev.glueetl.jobs.aggregate;

import static dev.glueetl.testing.DataFrameAssert.assertThatDataFrame;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.records.ConformRecords.Reason;
import dev.glueetl.testing.Directories;
import dev.glueetl.testing.JobRuns;
import dev.glueetl.testing.ParquetText;
import dev.glueetl.testing.PasswordCheckingPostgres;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in {@code cinema} pipeline end to end: the preprocess and aggregate jobs' real entry points with Glue-style
 * arguments, the CRM in a real PostgreSQL (started once for the class), the point-of-sale CSV files in a landing
 * directory. Every expected count and row is the hand count of {@code test-data/cinema/EXPECTED.md}.
 *
 * <p>The runs, once for the class ({@link #runThePipeline}):
 *
 * <ol>
 *   <li>run 1: the CRM as {@code database.sql} leaves it, the landing holding {@code pos/}; the lake is then copied, so
 *       the run-1 tests read it as run 1 left it;
 *   <li>run 2: {@code crm-changes.sql} applied, the files of {@code pos-late/} landed; the same lake;
 *   <li>full: a fresh lake, the CRM as it is now, the landing holding both batches, one run.
 * </ol>
 *
 * Each run is preprocess then aggregate. The quality job lives in jobs/quality, which this module does not depend on:
 * its rulesets are not run here.
 */
@Tag("slow")
class CinemaPipelineTest {
  private static final String PASSWORD_ENV = "CINEMA_CRM_PASSWORD";
  private static final Path PIPELINE = ProjectFiles.pipeline("cinema");
  private static final Path DATA = ProjectFiles.testData("cinema");
  private static final List<String> CURATED = List.of("screening_occupancy", "film_day", "concession_attach", "member_spend", "customers_weekly");
  private static final List<String> FILE_TABLES = List.of("screenings", "tickets", "concessions");
  private static final String[] RUN_COLUMNS = {"source_file", "run_id", "ingested_at"};
  private static final Pattern DAY_IN_NAME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  /** The CRM, started while Spark starts. */
  private static final CompletableFuture<EmbeddedPostgres> STARTING_POSTGRES = CompletableFuture.supplyAsync(PasswordCheckingPostgres::start);

  @TempDir static Path work;
  private static EmbeddedPostgres postgres;
  private static Path landing;
  private static Path lake;
  private static Path lakeAfterRun1;
  private static Path fullLake;
  private static Map<String, Long> run1;
  private static Map<String, Long> run2;
  private static Map<String, Long> full;

  private static final SparkSession spark = SparkTestSession.get();

  @BeforeAll
  static void runThePipeline() throws Exception {
    assertThat(System.getenv(PASSWORD_ENV)).as(PASSWORD_ENV + " (set by surefire's environmentVariables in jobs/aggregate/pom.xml)").isNotBlank();
    postgres = STARTING_POSTGRES.join();
    try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement statement = admin.createStatement()) {
      statement.execute("CREATE ROLE etl LOGIN PASSWORD '" + System.getenv(PASSWORD_ENV) + "'");
      statement.execute("GRANT ALL ON SCHEMA public TO etl");
    }
    crm("database.sql");
    landing = Files.createDirectories(work.resolve("landing"));
    lake = work.resolve("lake");
    land(DATA.resolve("pos"));

    run1 = chain(lake, "jr_cinema_1");
    quality1 =
        JobRuns.quality("--JOB_NAME", "cinema-quality", "--JOB_RUN_ID", "jr_cinema_1_quality", "--pipeline", PIPELINE.toString(), "--lake", lake.toString())
            .report()
            .counts();
    lakeAfterRun1 = Directories.copyTree(lake, work.resolve("lake-after-run-1"));

    crm("crm-changes.sql");
    land(DATA.resolve("pos-late"));
    run2 = chain(lake, "jr_cinema_2");

    fullLake = work.resolve("full-lake");
    full = chain(fullLake, "jr_cinema_full");
  }

  /** The quality job's counts after run 1, every ruleset of the pipeline (trusted and curated). */
  private static Map<String, Long> quality1;

  @Test
  void run1PassesEveryRulesetOfThePipelineSoNoGateStopsTheChain() {
    // 6 rulesets, 43 rules (EXPECTED.md, "Quality"), none failing, nothing moved to quarantine
    assertThat(quality1).containsEntry("rulesets", 6L).containsEntry("rules", 43L).containsEntry("passed", 43L).containsEntry("failed", 0L).containsEntry("quarantined", 0L);
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    STARTING_POSTGRES.join().close();
  }

  // ---------------------------------------------------------------- run 1

  @Test
  void run1CountsEveryRecordOnceAsTrustedQuarantinedDuplicateOrSuperseded() {
    Map<String, Long> expected = new LinkedHashMap<>();
    expected.putAll(tableCounts("customers", 8, 8, 0, 0, 0, Map.of()));
    expected.putAll(tableCounts("memberships", 6, 5, 0, 0, 0, Map.of(Reason.VALUE_NOT_ALLOWED, 1L)));
    expected.putAll(tableCounts("screenings", 10, 9, 0, 0, 1, Map.of()));
    expected.putAll(tableCounts("tickets", 33, 28, 0, 1, 1, Map.of(Reason.TYPE_MISMATCH, 1L, Reason.VALUE_NOT_ALLOWED, 1L, Reason.NULL_IN_REQUIRED, 1L)));
    expected.putAll(tableCounts("concessions", 18, 16, 0, 0, 0, Map.of(Reason.OUT_OF_RANGE, 1L, Reason.MALFORMED_RECORD, 1L)));
    expected.putAll(Map.of("read", 75L, "trusted", 66L, "quarantined", 6L));
    for (String table : FILE_TABLES) {
      expected.put(table + ".input_files", 4L);
      expected.put(table + ".skipped_files", 0L);
    }
    assertThat(run1).containsAllEntriesOf(expected);
  }

  @Test
  void run1QuarantinesTheBadRecordsWithTheirReasons() {
    assertQuarantine(lakeAfterRun1);
  }

  @Test
  void run1TrustsTheCrmRowsWithoutPersonalColumns() {
    assertThatDataFrame(trusted(lakeAfterRun1, "customers"))
        .ignoringColumnOrder()
        .isEqualTo(
            frame(
                "customer_id long, joined_on date, home_cinema string, marketing_opt_in boolean, updated_at timestamp, valid_from timestamp, valid_to timestamp,"
                    + " is_current boolean",
                customer(1, "2023-05-14", "leeds", true, "2025-03-01 09:00"),
                customer(2, "2024-01-20", "york", false, "2025-03-02 10:15"),
                customer(3, "2024-02-29", "leeds", true, "2025-03-03 11:30"),
                // no marketing answer
                customer(4, "2024-08-03", "york", null, "2025-03-04 12:45"),
                customer(5, "2024-11-11", "leeds", false, "2025-03-05 14:00"),
                customer(6, "2025-01-05", "york", true, "2025-03-06 15:20"),
                // no home cinema
                customer(7, "2025-02-14", null, true, "2025-03-07 16:40"),
                customer(8, "2025-03-01", "york", false, "2025-03-08 18:05")));
    // membership 104 (platinum) is quarantined
    assertThatDataFrame(trusted(lakeAfterRun1, "memberships").select("membership_id", "customer_id", "tier", "starts_on", "ends_on", "updated_at"))
        .hasRows(
            row(101L, 1L, "gold", d("2024-06-01"), null, ts("2025-03-01 09:05")),
            row(102L, 2L, "silver", d("2025-01-10"), d("2025-12-31"), ts("2025-03-02 10:20")),
            row(103L, 3L, "silver", d("2024-03-01"), d("2025-02-28"), ts("2025-03-01 00:10")),
            row(105L, 7L, "gold", d("2025-03-15"), null, ts("2025-03-10 18:30")),
            row(106L, 8L, "silver", d("2025-02-15"), null, ts("2025-03-08 18:10")));
  }

  @Test
  void run1TrustsTheLatestExportOfEachScreening() {
    assertThatDataFrame(trusted(lakeAfterRun1, "screenings").select("screening_id", "cinema", "screen", "film", "starts_at", "seats", "screening_date"))
        .hasRows(
            row("LDS-0314-1", "leeds", 1, "Mickey 17", ts("2025-03-14 18:00"), 120, d("2025-03-14")),
            row("LDS-0314-2", "leeds", 2, "Paddington in Peru", ts("2025-03-14 16:30"), 80, d("2025-03-14")),
            row("LDS-0315-1", "leeds", 1, "Paddington in Peru", ts("2025-03-15 11:00"), 120, d("2025-03-15")),
            // exported again on the 15th: screen 1 at 20:00 with 120 seats, not screen 3 at 19:30 with 60
            row("LDS-0315-2", "leeds", 1, "Mickey 17", ts("2025-03-15 20:00"), 120, d("2025-03-15")),
            row("LDS-0315-3", "leeds", 2, "Paddington in Peru", ts("2025-03-15 14:00"), 80, d("2025-03-15")),
            // york writes dd/MM/yyyy HH:mm
            row("YRK-0314-1", "york", 1, "Anora", ts("2025-03-14 19:00"), 90, d("2025-03-14")),
            row("YRK-0314-2", "york", 2, "Flow", ts("2025-03-14 10:30"), 40, d("2025-03-14")),
            row("YRK-0315-1", "york", 1, "Mickey 17", ts("2025-03-15 20:00"), 90, d("2025-03-15")),
            // a quoted cell holding the separator
            row("YRK-0315-2", "york", 2, "Crouching Tiger, Hidden Dragon", ts("2025-03-15 14:00"), 40, d("2025-03-15")));
  }

  @Test
  void run1TrustsTheFirstCopyOfEachTicket() {
    assertThatDataFrame(trusted(lakeAfterRun1, "tickets").select("ticket_id", "order_id", "screening_id", "customer_id", "ticket_type", "price"))
        .hasRows(run1Tickets());
    // per file: leeds_2025-03-14 13 read - 2 quarantined - 1 duplicate, leeds_2025-03-15 9 - 1 quarantined - 1 superseded
    assertThatDataFrame(trusted(lakeAfterRun1, "tickets").groupBy(fileName(col("source_file"))).count())
        .hasRows(row("leeds_2025-03-14.csv", 10L), row("leeds_2025-03-15.csv", 7L), row("york_2025-03-14.csv", 5L), row("york_2025-03-15.csv", 6L));
    // the seat column of the files is not declared: not stored
    assertThat(trusted(lakeAfterRun1, "tickets").columns()).doesNotContain("seat");
    // LT-0005 was exported again from leeds_2025-03-15.csv as an adult 12.50 sold on the 15th: the first copy stays
    assertThatDataFrame(
            trusted(lakeAfterRun1, "tickets").where(col("ticket_id").equalTo("LT-0005")).select(col("sold_at"), col("screening_date"), fileName(col("source_file"))))
        .hasRows(row(ts("2025-03-14 17:50"), d("2025-03-14"), "leeds_2025-03-14.csv"));
  }

  @Test
  void run1TrustsTheConcessionLinesDatedBySale() {
    assertThatDataFrame(trusted(lakeAfterRun1, "concessions").select("line_id", "order_id", "cinema", "quantity", "amount", "sale_date"))
        .hasRows(run1Concessions());
    assertThatDataFrame(trusted(lakeAfterRun1, "concessions").groupBy(fileName(col("source_file"))).count())
        .hasRows(row("leeds_2025-03-14.csv", 5L), row("leeds_2025-03-15.csv", 5L), row("york_2025-03-14.csv", 3L), row("york_2025-03-15.csv", 3L));
    assertThat(trusted(lakeAfterRun1, "concessions").columns()).doesNotContain("till");
  }

  @Test
  void run1ScreeningOccupancy() {
    assertThatDataFrame(curated(lakeAfterRun1, "screening_occupancy")).isEqualTo(frame(OCCUPANCY_SCHEMA, expectedRun1Occupancy().toArray(Row[]::new)));
  }

  @Test
  void run1FilmDay() {
    assertThatDataFrame(curated(lakeAfterRun1, "film_day")).isEqualTo(frame(FILM_DAY_SCHEMA, expectedRun1FilmDay().toArray(Row[]::new)));
  }

  @Test
  void run1ConcessionAttach() {
    assertThatDataFrame(curated(lakeAfterRun1, "concession_attach")).isEqualTo(frame(ATTACH_SCHEMA, expectedRun1Attach().toArray(Row[]::new)));
  }

  @Test
  void run1MemberSpend() {
    assertThatDataFrame(curated(lakeAfterRun1, "member_spend")).isEqualTo(frame(SPEND_SCHEMA, expectedRun1Spend().toArray(Row[]::new)));
  }

  @Test
  void run1CustomersWeekly() {
    assertThatDataFrame(curated(lakeAfterRun1, "customers_weekly"))
        .isEqualTo(frame(WEEKLY_SCHEMA, row(d("2025-03-10"), 7L, 7L, 0L)));
  }

  // ---------------------------------------------------------------- run 2

  @Test
  void run2ReadsOnlyTheChangedCrmRowsAndTheNewFiles() {
    Map<String, Long> expected = new LinkedHashMap<>();
    expected.putAll(tableCounts("customers", 2, 2, 0, 0, 0, Map.of()));
    expected.putAll(tableCounts("memberships", 2, 2, 1, 0, 0, Map.of()));
    expected.putAll(tableCounts("screenings", 1, 1, 0, 0, 0, Map.of()));
    expected.putAll(tableCounts("tickets", 9, 7, 0, 1, 1, Map.of()));
    expected.putAll(tableCounts("concessions", 4, 4, 0, 0, 0, Map.of()));
    expected.putAll(Map.of("read", 18L, "trusted", 16L, "quarantined", 0L));
    for (String table : FILE_TABLES) {
      expected.put(table + ".input_files", 1L);
      expected.put(table + ".skipped_files", 4L);
    }
    assertThat(run2).containsAllEntriesOf(expected);
    // run 1's rejects stay where they are: no file of run 1 was read again
    assertQuarantine(lake);
  }

  @Test
  void run2KeepsBothVersionsOfTheCustomerWhoMoved() {
    assertThatDataFrame(trusted(lake, "customers").select("customer_id", "home_cinema", "valid_from", "valid_to", "is_current"))
        .hasRows(
            row(1L, "leeds", ts("2025-03-01 09:00"), null, true),
            row(2L, "york", ts("2025-03-02 10:15"), null, true),
            row(3L, "leeds", ts("2025-03-03 11:30"), null, true),
            row(4L, "york", ts("2025-03-04 12:45"), null, true),
            // customer 5 moved from leeds to york: the old version closes where the new one starts
            row(5L, "leeds", ts("2025-03-05 14:00"), ts("2025-03-16 10:00"), false),
            row(5L, "york", ts("2025-03-16 10:00"), null, true),
            row(6L, "york", ts("2025-03-06 15:20"), null, true),
            row(7L, null, ts("2025-03-07 16:40"), null, true),
            row(8L, "york", ts("2025-03-08 18:05"), null, true),
            row(9L, "york", ts("2025-03-16 09:30"), null, true));
    assertThat(trusted(lake, "customers").where(col("is_current")).count()).isEqualTo(9);
    assertThatDataFrame(trusted(lake, "customers").where(col("customer_id").equalTo(9L)).select("joined_on", "marketing_opt_in", "updated_at"))
        .hasRows(row(d("2025-03-16"), true, ts("2025-03-16 09:30")));
  }

  @Test
  void run2UpdatesTheCancelledMembershipAndAddsTheNewOne() {
    assertThatDataFrame(trusted(lake, "memberships").select("membership_id", "customer_id", "tier", "starts_on", "ends_on", "updated_at"))
        .hasRows(
            // cancelled: ends on 2025-03-16
            row(101L, 1L, "gold", d("2024-06-01"), d("2025-03-16"), ts("2025-03-16 11:00")),
            row(102L, 2L, "silver", d("2025-01-10"), d("2025-12-31"), ts("2025-03-02 10:20")),
            row(103L, 3L, "silver", d("2024-03-01"), d("2025-02-28"), ts("2025-03-01 00:10")),
            row(105L, 7L, "gold", d("2025-03-15"), null, ts("2025-03-10 18:30")),
            row(106L, 8L, "silver", d("2025-02-15"), null, ts("2025-03-08 18:10")),
            // customer 3 joins again
            row(107L, 3L, "silver", d("2025-03-16"), null, ts("2025-03-16 12:00")));
  }

  @Test
  void run2AddsTheLateFilesRowsAndKeepsTheStoredTickets() {
    assertThat(trusted(lake, "screenings").count()).isEqualTo(10);
    assertThatDataFrame(
            trusted(lake, "screenings").where(col("screening_id").equalTo("YRK-0317-1")).select("cinema", "screen", "film", "starts_at", "seats", "screening_date"))
        .hasRows(row("york", 1, "The Monkey", ts("2025-03-17 18:45"), 90, d("2025-03-17")));

    // YT-0003 sent again identical (a duplicate), YT-0006 sent again as a senior 8.50 (superseded): both as stored
    List<Row> tickets = new ArrayList<>(List.of(run1Tickets()));
    tickets.addAll(
        List.of(
            row("YT-0012", "YO-2009", "YRK-0314-1", null, "adult", m("11.00")),
            row("YT-0013", "YO-2009", "YRK-0314-1", null, "adult", m("11.00")),
            row("YT-0014", "YO-2010", "YRK-0314-1", 8L, "adult", m("11.00")),
            row("YT-0015", "YO-2011", "YRK-0317-1", 1L, "adult", m("11.00")),
            row("YT-0016", "YO-2012", "YRK-0317-1", 3L, "adult", m("11.00")),
            row("YT-0017", "YO-2012", "YRK-0317-1", 3L, "child", m("7.50")),
            row("YT-0018", "YO-2013", "YRK-0317-1", 9L, "student", m("8.00"))));
    assertThatDataFrame(trusted(lake, "tickets").select("ticket_id", "order_id", "screening_id", "customer_id", "ticket_type", "price"))
        .hasRows(tickets.toArray(Row[]::new));
    assertThatDataFrame(trusted(lake, "tickets").where(col("ticket_id").isin("YT-0003", "YT-0006")).select(col("ticket_id"), col("run_id"), fileName(col("source_file"))))
        .hasRows(row("YT-0003", "jr_cinema_1_preprocess", "york_2025-03-14.csv"), row("YT-0006", "jr_cinema_1_preprocess", "york_2025-03-15.csv"));

    List<Row> concessions = new ArrayList<>(List.of(run1Concessions()));
    concessions.addAll(
        List.of(
            row("YC-0007", "YO-2009", "york", 1, m("6.50"), d("2025-03-14")),
            row("YC-0008", "YO-2010", "york", 1, m("5.00"), d("2025-03-14")),
            row("YC-0009", "YO-2012", "york", 1, m("4.50"), d("2025-03-16")),
            row("YC-0010", "CTR-Y-0002", "york", 1, m("2.00"), d("2025-03-16"))));
    assertThatDataFrame(trusted(lake, "concessions").select("line_id", "order_id", "cinema", "quantity", "amount", "sale_date"))
        .hasRows(concessions.toArray(Row[]::new));
  }

  @Test
  void run2ScreeningOccupancy() {
    List<Row> rows = replacing(expectedRun1Occupancy(), 2, row(d("2025-03-14"), "YRK-0314-1", "york", "Anora", 90, 8L, 0.0889));
    rows.add(row(d("2025-03-17"), "YRK-0317-1", "york", "The Monkey", 90, 4L, 0.0444));
    assertThatDataFrame(curated(lake, "screening_occupancy")).isEqualTo(frame(OCCUPANCY_SCHEMA, rows.toArray(Row[]::new)));
  }

  @Test
  void run2FilmDay() {
    List<Row> rows = replacing(expectedRun1FilmDay(), 2, row(d("2025-03-14"), "york", "Anora", 1L, 90L, 8L, 0.0889, m("82.50")));
    rows.add(row(d("2025-03-17"), "york", "The Monkey", 1L, 90L, 4L, 0.0444, m("37.50")));
    assertThatDataFrame(curated(lake, "film_day")).isEqualTo(frame(FILM_DAY_SCHEMA, rows.toArray(Row[]::new)));
  }

  @Test
  void run2ConcessionAttach() {
    // the late orders YO-2009 and YO-2010 are for a screening of the 14th
    List<Row> rows = replacing(expectedRun1Attach(), 1, row(d("2025-03-14"), "york", 6L, 4L, 0.6667, m("27.70")));
    // YC-0009 was sold on the 16th for the screening on the 17th
    rows.add(row(d("2025-03-17"), "york", 3L, 1L, 0.3333, m("4.50")));
    assertThatDataFrame(curated(lake, "concession_attach")).isEqualTo(frame(ATTACH_SCHEMA, rows.toArray(Row[]::new)));
  }

  @Test
  void run2MemberSpend() {
    List<Row> rows = expectedRun1Spend();
    // customer 8 (silver since 2025-02-15) and the walk-ins YT-0012, YT-0013 are late tickets of the 14th
    rows = replacing(rows, 3, row(d("2025-03-14"), "york", "member", 2L, 3L, m("33.00"), m("18.00"), m("25.50")));
    rows = replacing(rows, 5, row(d("2025-03-14"), "york", "walk_in", 0L, 3L, m("30.50"), m("6.50"), null));
    // customer 3 is a member again from the 16th; customer 1's membership ended on the 16th; customer 9 has none
    rows.add(row(d("2025-03-17"), "york", "member", 1L, 2L, m("18.50"), m("4.50"), m("23.00")));
    rows.add(row(d("2025-03-17"), "york", "non_member", 2L, 2L, m("19.00"), m("0.00"), m("9.50")));
    assertThatDataFrame(curated(lake, "member_spend")).isEqualTo(frame(SPEND_SCHEMA, rows.toArray(Row[]::new)));
  }

  @Test
  void run2CustomersWeekly() {
    assertThatDataFrame(curated(lake, "customers_weekly"))
        .isEqualTo(
            frame(
                WEEKLY_SCHEMA,
                // customer 8's first ticket (YT-0014) arrived late, for the 14th
                row(d("2025-03-10"), 8L, 8L, 0L),
                // customers 1 and 3 came back, customer 9 is new
                row(d("2025-03-17"), 3L, 1L, 2L)));
  }

  // ---------------------------------------------------------------- incremental == full

  @Test
  void oneFullRunOverBothBatchesGivesTheSameTables() {
    Map<String, Long> expected = new LinkedHashMap<>();
    expected.putAll(tableCounts("customers", 9, 9, 0, 0, 0, Map.of()));
    expected.putAll(tableCounts("memberships", 7, 6, 0, 0, 0, Map.of(Reason.VALUE_NOT_ALLOWED, 1L)));
    expected.putAll(tableCounts("screenings", 11, 10, 0, 0, 1, Map.of()));
    expected.putAll(
        tableCounts("tickets", 42, 35, 0, 2, 2, Map.of(Reason.TYPE_MISMATCH, 1L, Reason.VALUE_NOT_ALLOWED, 1L, Reason.NULL_IN_REQUIRED, 1L)));
    expected.putAll(tableCounts("concessions", 22, 20, 0, 0, 0, Map.of(Reason.OUT_OF_RANGE, 1L, Reason.MALFORMED_RECORD, 1L)));
    assertThat(full).containsAllEntriesOf(expected);

    for (String table : CURATED) {
      assertThat(curated(fullLake, table).columns()).as(table + ": a curated table has no run columns").doesNotContain(RUN_COLUMNS);
      sameTable(table, curated(fullLake, table), curated(lake, table));
    }
    for (String table : List.of("memberships", "screenings", "tickets", "concessions")) {
      sameTable(table, trusted(fullLake, table).drop(RUN_COLUMNS), trusted(lake, table).drop(RUN_COLUMNS));
    }
    // The CRM keeps no history: a full run sees only each customer's latest row, so it holds the current versions only
    // (customer 5's leeds version ended before the full run read the CRM).
    sameTable("customers", trusted(fullLake, "customers").drop(RUN_COLUMNS), trusted(lake, "customers").where(col("is_current")).drop(RUN_COLUMNS));
    sameTable("quarantine", quarantine(fullLake), quarantine(lake));
  }

  // ---------------------------------------------------------------- privacy

  @Test
  void noNameEmailOrPasswordOfTheCrmReachesEitherLake() throws IOException {
    List<String> personal = new ArrayList<>();
    for (String sql : List.of("database.sql", "crm-changes.sql")) {
      // ('<full_name>', '<email>' in each customers row
      Matcher values = Pattern.compile("\\(\\d+, '([^']+)', '([^']+@[^']+)'").matcher(Files.readString(DATA.resolve(sql)));
      while (values.find()) {
        personal.add(values.group(1));
        personal.add(values.group(2));
      }
    }
    assertThat(personal).hasSize(18).contains("Edda Notreal", "ivo.inventado@example.invalid");
    personal.add(System.getenv(PASSWORD_ENV));

    List<String> leaks = new ArrayList<>();
    for (Path root : List.of(lake, fullLake)) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          String content = file.toString().endsWith(".parquet") ? ParquetText.of(file) : new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
          for (String value : personal) {
            if (content.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT))) {
              leaks.add(work.relativize(file) + ": " + value);
            }
          }
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  @Test
  void theCrmChecksPasswordsSoTheJobsReadTheirsFromTheEnvironment() {
    assertThatThrownBy(() -> DriverManager.getConnection(crmUrl(), "etl", "not-" + System.getenv(PASSWORD_ENV)).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
  }

  // ---------------------------------------------------------------- expected rows

  private static Row[] run1Tickets() {
    return new Row[] {
      row("LT-0001", "LO-1001", "LDS-0314-1", 1L, "adult", m("12.50")),
      row("LT-0002", "LO-1001", "LDS-0314-1", 1L, "adult", m("12.50")),
      row("LT-0003", "LO-1002", "LDS-0314-1", null, "adult", m("12.50")),
      row("LT-0004", "LO-1002", "LDS-0314-1", null, "student", m("9.00")),
      row("LT-0005", "LO-1003", "LDS-0314-1", 5L, "senior", m("9.50")),
      row("LT-0012", "LO-1008", "LDS-0314-1", 7L, "adult", m("12.50")),
      row("LT-0007", "LO-1005", "LDS-0314-2", 3L, "adult", m("12.50")),
      row("LT-0008", "LO-1005", "LDS-0314-2", 3L, "child", m("8.50")),
      row("LT-0009", "LO-1005", "LDS-0314-2", 3L, "child", m("8.50")),
      row("LT-0010", "LO-1006", "LDS-0314-2", null, "child", m("8.50")),
      row("LT-0013", "LO-1009", "LDS-0315-1", 7L, "adult", m("12.50")),
      row("LT-0014", "LO-1009", "LDS-0315-1", 7L, "child", m("8.50")),
      row("LT-0015", "LO-1010", "LDS-0315-1", null, "child", m("8.50")),
      row("LT-0016", "LO-1011", "LDS-0315-3", 1L, "adult", m("12.50")),
      row("LT-0017", "LO-1012", "LDS-0315-2", 5L, "adult", m("12.50")),
      row("LT-0018", "LO-1012", "LDS-0315-2", 5L, "adult", m("12.50")),
      row("LT-0020", "LO-1013", "LDS-0315-2", null, "adult", m("12.50")),
      row("YT-0001", "YO-2001", "YRK-0314-1", 2L, "adult", m("11.00")),
      row("YT-0002", "YO-2001", "YRK-0314-1", 2L, "adult", m("11.00")),
      row("YT-0003", "YO-2002", "YRK-0314-1", 4L, "student", m("8.00")),
      row("YT-0004", "YO-2003", "YRK-0314-1", null, "senior", m("8.50")),
      row("YT-0005", "YO-2004", "YRK-0314-1", 6L, "adult", m("11.00")),
      // york_2025-03-15.csv has its columns in another order; YT-0009's cells are padded
      row("YT-0006", "YO-2005", "YRK-0315-1", 2L, "adult", m("11.00")),
      row("YT-0007", "YO-2006", "YRK-0315-1", 3L, "adult", m("11.00")),
      row("YT-0008", "YO-2006", "YRK-0315-1", 3L, "adult", m("11.00")),
      row("YT-0009", "YO-2007", "YRK-0315-1", null, "adult", m("11.00")),
      row("YT-0010", "YO-2007", "YRK-0315-1", null, "child", m("7.50")),
      row("YT-0011", "YO-2008", "YRK-0315-2", 4L, "senior", m("8.50"))
    };
  }

  private static Row[] run1Concessions() {
    return new Row[] {
      row("LC-0001", "LO-1001", "leeds", 1, m("6.50"), d("2025-03-14")),
      row("LC-0002", "LO-1001", "leeds", 2, m("6.40"), d("2025-03-14")),
      // pre-ordered online the day before
      row("LC-0003", "LO-1005", "leeds", 3, m("11.40"), d("2025-03-13")),
      row("LC-0004", "LO-1002", "leeds", 1, m("5.00"), d("2025-03-14")),
      row("LC-0005", "CTR-L-0001", "leeds", 1, m("2.00"), d("2025-03-14")),
      row("LC-0008", "LO-1009", "leeds", 1, m("6.50"), d("2025-03-15")),
      row("LC-0009", "LO-1012", "leeds", 2, m("6.40"), d("2025-03-15")),
      row("LC-0010", "LO-1012", "leeds", 1, m("5.00"), d("2025-03-15")),
      row("LC-0011", "CTR-L-0002", "leeds", 1, m("3.80"), d("2025-03-15")),
      row("LC-0012", "LO-1011", "leeds", 1, m("2.00"), d("2025-03-15")),
      row("YC-0001", "YO-2001", "york", 2, m("13.00"), d("2025-03-14")),
      row("YC-0002", "YO-2004", "york", 1, m("3.20"), d("2025-03-14")),
      row("YC-0003", "CTR-Y-0001", "york", 2, m("4.00"), d("2025-03-14")),
      // an ISO sold_at in a dd/MM file, sold the day before
      row("YC-0004", "YO-2006", "york", 2, m("9.00"), d("2025-03-14")),
      row("YC-0005", "YO-2007", "york", 2, m("7.60"), d("2025-03-15")),
      row("YC-0006", "YO-2008", "york", 1, m("3.20"), d("2025-03-15"))
    };
  }

  private static final String OCCUPANCY_SCHEMA = "date date, screening_id string, cinema string, film string, seats int, tickets_sold long, occupancy double";

  private static List<Row> expectedRun1Occupancy() {
    return new ArrayList<>(
        List.of(
            row(d("2025-03-14"), "LDS-0314-1", "leeds", "Mickey 17", 120, 6L, 0.05),
            row(d("2025-03-14"), "LDS-0314-2", "leeds", "Paddington in Peru", 80, 4L, 0.05),
            row(d("2025-03-14"), "YRK-0314-1", "york", "Anora", 90, 5L, 0.0556),
            row(d("2025-03-14"), "YRK-0314-2", "york", "Flow", 40, 0L, 0.0),
            row(d("2025-03-15"), "LDS-0315-1", "leeds", "Paddington in Peru", 120, 3L, 0.025),
            // the re-export's 120 seats
            row(d("2025-03-15"), "LDS-0315-2", "leeds", "Mickey 17", 120, 3L, 0.025),
            row(d("2025-03-15"), "LDS-0315-3", "leeds", "Paddington in Peru", 80, 1L, 0.0125),
            row(d("2025-03-15"), "YRK-0315-1", "york", "Mickey 17", 90, 5L, 0.0556),
            row(d("2025-03-15"), "YRK-0315-2", "york", "Crouching Tiger, Hidden Dragon", 40, 1L, 0.025)));
  }

  private static final String FILM_DAY_SCHEMA =
      "date date, cinema string, film string, screenings long, seats long, tickets_sold long, occupancy double, ticket_revenue decimal(12,2)";

  private static List<Row> expectedRun1FilmDay() {
    return new ArrayList<>(
        List.of(
            row(d("2025-03-14"), "leeds", "Mickey 17", 1L, 120L, 6L, 0.05, m("68.50")),
            row(d("2025-03-14"), "leeds", "Paddington in Peru", 1L, 80L, 4L, 0.05, m("38.00")),
            row(d("2025-03-14"), "york", "Anora", 1L, 90L, 5L, 0.0556, m("49.50")),
            row(d("2025-03-14"), "york", "Flow", 1L, 40L, 0L, 0.0, m("0.00")),
            row(d("2025-03-15"), "leeds", "Mickey 17", 1L, 120L, 3L, 0.025, m("37.50")),
            // two screenings: 120 + 80 seats, 3 + 1 tickets
            row(d("2025-03-15"), "leeds", "Paddington in Peru", 2L, 200L, 4L, 0.02, m("42.00")),
            row(d("2025-03-15"), "york", "Crouching Tiger, Hidden Dragon", 1L, 40L, 1L, 0.025, m("8.50")),
            row(d("2025-03-15"), "york", "Mickey 17", 1L, 90L, 5L, 0.0556, m("51.50"))));
  }

  private static final String ATTACH_SCHEMA =
      "date date, cinema string, ticket_orders long, orders_with_concessions long, attach_rate double, concession_revenue decimal(12,2)";

  private static List<Row> expectedRun1Attach() {
    return new ArrayList<>(
        List.of(
            // LO-1003's line was malformed, LO-1006's had quantity 0
            row(d("2025-03-14"), "leeds", 6L, 3L, 0.5, m("29.30")),
            row(d("2025-03-14"), "york", 4L, 2L, 0.5, m("16.20")),
            row(d("2025-03-15"), "leeds", 5L, 3L, 0.6, m("19.90")),
            // YC-0004 was sold on the 14th for YO-2006's screening on the 15th
            row(d("2025-03-15"), "york", 4L, 3L, 0.75, m("19.80"))));
  }

  private static final String SPEND_SCHEMA =
      "date date, cinema string, segment string, customers long, tickets long, ticket_revenue decimal(12,2), concession_revenue decimal(12,2),"
          + " spend_per_customer decimal(12,2)";

  private static List<Row> expectedRun1Spend() {
    return new ArrayList<>(
        List.of(
            row(d("2025-03-14"), "leeds", "member", 1L, 2L, m("25.00"), m("12.90"), m("37.90")),
            // customers 3 (membership expired), 5 and 7 (membership starts on the 15th); 62.90 / 3 = 20.9667
            row(d("2025-03-14"), "leeds", "non_member", 3L, 5L, m("51.50"), m("11.40"), m("20.97")),
            row(d("2025-03-14"), "leeds", "walk_in", 0L, 3L, m("30.00"), m("5.00"), null),
            row(d("2025-03-14"), "york", "member", 1L, 2L, m("22.00"), m("13.00"), m("35.00")),
            // customer 6's platinum membership was quarantined
            row(d("2025-03-14"), "york", "non_member", 2L, 2L, m("19.00"), m("3.20"), m("11.10")),
            row(d("2025-03-14"), "york", "walk_in", 0L, 1L, m("8.50"), m("0.00"), null),
            row(d("2025-03-15"), "leeds", "member", 2L, 3L, m("33.50"), m("8.50"), m("21.00")),
            row(d("2025-03-15"), "leeds", "non_member", 1L, 2L, m("25.00"), m("11.40"), m("36.40")),
            row(d("2025-03-15"), "leeds", "walk_in", 0L, 2L, m("21.00"), m("0.00"), null),
            row(d("2025-03-15"), "york", "member", 1L, 1L, m("11.00"), m("0.00"), m("11.00")),
            row(d("2025-03-15"), "york", "non_member", 2L, 3L, m("30.50"), m("12.20"), m("21.35")),
            row(d("2025-03-15"), "york", "walk_in", 0L, 2L, m("18.50"), m("7.60"), null)));
  }

  private static final String WEEKLY_SCHEMA = "week date, customers long, new_customers long, returning_customers long";

  /** The quarantine of every table after run 1 (and after run 2, which rejects nothing). */
  private static void assertQuarantine(Path lakeRoot) {
    assertThatDataFrame(quarantine(lakeRoot))
        .hasRows(
            row("memberships", "104", "VALUE_NOT_ALLOWED", "tier", ""),
            // "12,50", quoted: one cell
            row("tickets", "LT-0006", "TYPE_MISMATCH", "price", "leeds_2025-03-14.csv"),
            row("tickets", "LT-0011", "VALUE_NOT_ALLOWED", "ticket_type", "leeds_2025-03-14.csv"),
            row("tickets", "LT-0019", "NULL_IN_REQUIRED", "order_id", "leeds_2025-03-15.csv"),
            row("concessions", "LC-0006", "OUT_OF_RANGE", "quantity", "leeds_2025-03-14.csv"),
            // "Nachos, cheese" unquoted: 9 cells under a header of 8
            row("concessions", "LC-0007", "MALFORMED_RECORD", null, "leeds_2025-03-14.csv"));
  }

  /** Every quarantined record: table, key, reason, column, file name (empty for the CRM's rows). */
  private static Dataset<Row> quarantine(Path lakeRoot) {
    Map<String, String> keys = Map.of("customers", "customer_id", "memberships", "membership_id", "screenings", "Screening", "tickets", "ticket_id", "concessions", "line_id");
    Dataset<Row> all = null;
    for (Map.Entry<String, String> table : keys.entrySet()) {
      Path path = lakeRoot.resolve("quarantine/cinema/" + table.getKey());
      if (!Files.isDirectory(path)) {
        continue;
      }
      Dataset<Row> rows =
          spark.read().format("delta").load(path.toString())
              .select(
                  lit(table.getKey()).as("table"),
                  get_json_object(col("raw_record"), "$." + table.getValue()).as("key"),
                  col("reason"),
                  col("column"),
                  fileName(col("source_file")).as("file"));
      all = all == null ? rows : all.unionByName(rows);
    }
    return all;
  }

  // ---------------------------------------------------------------- runs and helpers

  /** preprocess then aggregate, with the arguments Glue would pass; returns the preprocess report's counts. */
  private static Map<String, Long> chain(Path lakeRoot, String runId) {
    String[] common = {
      "--job-bookmark-option", "job-bookmark-enable",
      "--enable-glue-datacatalog", "true",
      "--datalake-formats", "delta",
      "--pipeline", PIPELINE.toString(),
      "--lake", lakeRoot.toString(),
      "--input", landing.toString(),
      "--jdbc-url", crmUrl()
    };
    Map<String, Long> counts = JobRuns.preprocess(glueArgs("cinema-preprocess", runId + "_preprocess", common)).report().counts();
    AggregateJob.run(glueArgs("cinema-aggregate", runId + "_aggregate", common));
    return counts;
  }

  private static String[] glueArgs(String jobName, String runId, String[] common) {
    List<String> args = new ArrayList<>(List.of("--JOB_NAME", jobName, "--JOB_RUN_ID", runId));
    args.addAll(List.of(common));
    return args.toArray(String[]::new);
  }

  /** The CRM's URL as a job argument: no user, no password. */
  private static String crmUrl() {
    return postgres.getJdbcUrl("etl", "postgres").replaceAll("\\?.*", "");
  }

  /** Runs a bundled SQL file in the CRM as the pipeline's user {@code etl}. */
  private static void crm(String file) throws IOException, SQLException {
    try (Connection connection = DriverManager.getConnection(crmUrl(), "etl", System.getenv(PASSWORD_ENV)); Statement statement = connection.createStatement()) {
      statement.execute(Files.readString(DATA.resolve(file)));
    }
  }

  /**
   * Copies a batch's files ({@code <table>/<cinema>_<day>.csv}) into the landing, each modified at 23:00 UTC of the day
   * in its name, so the order of first sight ({@code keep: first}) does not depend on when the test copied them.
   */
  private static void land(Path batch) throws IOException {
    try (Stream<Path> files = Files.walk(batch)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = landing.resolve(batch.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
        Matcher day = DAY_IN_NAME.matcher(file.getFileName().toString());
        assertThat(day.find()).as("a day in the name of " + file).isTrue();
        Files.setLastModifiedTime(target, FileTime.from(LocalDate.parse(day.group()).atTime(23, 0).toInstant(ZoneOffset.UTC)));
      }
    }
  }

  /** Counts of one table in the preprocess report: every reason named, the others 0; inserted = trusted - updated. */
  private static Map<String, Long> tableCounts(String table, long read, long trusted, long updated, long duplicates, long superseded, Map<Reason, Long> reasons) {
    Map<String, Long> counts = new LinkedHashMap<>();
    long quarantined = reasons.values().stream().mapToLong(Long::longValue).sum();
    counts.put(table + ".read", read);
    counts.put(table + ".trusted", trusted);
    counts.put(table + ".inserted", trusted - updated);
    counts.put(table + ".updated", updated);
    counts.put(table + ".quarantined", quarantined);
    Map<Reason, Long> all = new EnumMap<>(Reason.class);
    for (Reason reason : Reason.values()) {
      all.put(reason, reasons.getOrDefault(reason, 0L));
    }
    all.forEach((reason, n) -> counts.put(table + ".quarantined." + reason.name(), n));
    counts.put(table + ".duplicates", duplicates);
    counts.put(table + ".superseded", superseded);
    return counts;
  }

  /** {@code actual} equals {@code expected} (schema, then rows), a failure naming the table. */
  private static void sameTable(String table, Dataset<Row> actual, Dataset<Row> expected) {
    try {
      assertThatDataFrame(actual).isEqualTo(expected);
    } catch (AssertionError e) {
      throw new AssertionError(table + ": " + e.getMessage(), e);
    }
  }

  private static Dataset<Row> trusted(Path lakeRoot, String table) {
    return spark.read().format("delta").load(lakeRoot.resolve("trusted/cinema/" + table).toString());
  }

  private static Dataset<Row> curated(Path lakeRoot, String table) {
    return spark.read().format("delta").load(lakeRoot.resolve("curated/cinema/" + table).toString());
  }

  private static Column fileName(Column path) {
    return regexp_extract(path, "([^/]+\\.csv)$", 1);
  }

  private static Dataset<Row> frame(String ddl, Row... rows) {
    return spark.createDataFrame(List.of(rows), StructType.fromDDL(ddl));
  }

  /** A trusted customer as run 1 reads it: one version, current from its updated_at. */
  private static Row customer(long id, String joinedOn, String homeCinema, Boolean optIn, String updatedAt) {
    return row(id, d(joinedOn), homeCinema, optIn, ts(updatedAt), ts(updatedAt), null, true);
  }

  private static List<Row> replacing(List<Row> rows, int index, Row replacement) {
    List<Row> copy = new ArrayList<>(rows);
    copy.set(index, replacement);
    return copy;
  }

  private static Row row(Object... values) {
    return RowFactory.create(values);
  }

  private static Date d(String date) {
    return Date.valueOf(date);
  }

  private static BigDecimal m(String amount) {
    return new BigDecimal(amount);
  }

  /** A UTC wall-clock time ({@code yyyy-MM-dd HH:mm}), as the session (UTC) reads the files' and the CRM's times. */
  private static Timestamp ts(String utc) {
    return Timestamp.from(LocalDateTime.parse(utc.replace(' ', 'T')).toInstant(ZoneOffset.UTC));
  }
}
