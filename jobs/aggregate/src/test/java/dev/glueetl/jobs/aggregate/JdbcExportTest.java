package dev.glueetl.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.testing.JobRuns;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The café curated tables exported to a real PostgreSQL server, started by the test. */
@Tag("slow")
class JdbcExportTest {
  private static final List<String> TABLES = List.of("sales_daily", "sales_hourly", "product_sales", "payment_mix", "customers_daily");
  private static EmbeddedPostgres postgres;
  private final SparkSession spark = SparkTestSession.get();

  @TempDir Path work;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Test
  void theDatabaseEqualsTheDeltaTablesAfterEachRunAndAFailedExportChangesNothing() throws Exception {
    Path landing = Files.createDirectories(work.resolve("landing"));
    for (Path file : Files.list(ProjectFiles.testData("cafe-orders")).toList()) {
      Files.copy(file, landing.resolve(file.getFileName()));
    }
    Path pipeline = pipelineWithExport();

    // run 1: the 25th only; run 2: the 26th arrives
    chain(pipeline, landing.resolve("*_25-08-2021_*.csv").toString());
    assertDatabaseEqualsDelta(7);
    chain(pipeline, landing.toString());
    assertDatabaseEqualsDelta(15);
    Map<String, List<String>> exported = database();

    // run 3: York's file is corrected, but the database refuses payment_mix rows: nothing of the run may stay
    Path york = landing.resolve("york_26-08-2021_09-00-00.csv");
    Files.writeString(
        york,
        Files.readString(york)
            .replace("\"Regular Latte - $2.15, Large Smoothies - Berry Blast - £2.50\",4.65", "\"Regular Latte - $2.15\",2.15"));
    try (Connection connection = connection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE FUNCTION analytics.refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'payment_mix is read-only'; END $$ LANGUAGE plpgsql");
      statement.execute("CREATE TRIGGER refuse BEFORE INSERT ON analytics.payment_mix FOR EACH ROW EXECUTE FUNCTION analytics.refuse()");
    }
    String[] args = args(pipeline, landing.toString());
    JobRuns.preprocess(args);
    List<Row> salesBefore = spark.read().format("delta").load(curated("sales_daily")).collectAsList();
    assertThatThrownBy(() -> AggregateJob.run(args))
        .isInstanceOfSatisfying(
            GlueEtlException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.EXPORT_FAILED);
              assertThat(e.getMessage()).contains("payment_mix is read-only").doesNotContain("test-analytics-password");
            });
    assertThat(database()).isEqualTo(exported);
    // the curated tables were restored too, so the next run recomputes the same dates
    assertThat(spark.read().format("delta").load(curated("sales_daily")).collectAsList()).containsExactlyInAnyOrderElementsOf(salesBefore);

    // once the database accepts rows again, the next run catches up
    try (Connection connection = connection(); Statement statement = connection.createStatement()) {
      statement.execute("DROP TRIGGER refuse ON analytics.payment_mix");
    }
    AggregateJob.run(args);
    assertDatabaseEqualsDelta(15);
    assertThat(database().get("sales_daily")).contains("2021-08-26|York|3|3|5.70|1.90");
  }

  private Path pipelineWithExport() throws Exception {
    String export =
        String.join(
            "\n",
            "export:",
            "  jdbc:",
            "    url: " + postgres.getJdbcUrl("postgres", "postgres").replaceAll("\\?.*", ""),
            "    user: postgres",
            "    password_env: ANALYTICS_DB_PASSWORD",
            "    schema: analytics",
            "");
    return ProjectFiles.pipelineCopy("cafe-orders", work, yaml -> yaml + export);
  }

  private void chain(Path pipeline, String input) {
    String[] args = args(pipeline, input);
    JobRuns.preprocess(args);
    AggregateJob.run(args);
  }

  private String[] args(Path pipeline, String input) {
    return new String[] {"--pipeline", pipeline.toString(), "--lake", work.resolve("lake").toString(), "--input", input};
  }

  private String curated(String table) {
    return work.resolve("lake/curated/cafe-orders/" + table).toString();
  }

  /** Every exported table equals its Delta table row for row, and sales_daily + sales_hourly hold the rows counted by hand. */
  private void assertDatabaseEqualsDelta(int salesDailyAndHourlyRows) throws Exception {
    Map<String, List<String>> database = database();
    for (String table : TABLES) {
      List<String> delta = new ArrayList<>();
      for (Row row : spark.read().format("delta").load(curated(table)).collectAsList()) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < row.length(); i++) {
          cells.add(normalise(row.get(i)));
        }
        delta.add(String.join("|", cells));
      }
      delta.sort(null);
      assertThat(database.get(table)).as(table).isEqualTo(delta);
    }
    assertThat(database.get("sales_daily").size() + database.get("sales_hourly").size()).isEqualTo(salesDailyAndHourlyRows);
  }

  private Map<String, List<String>> database() throws Exception {
    Map<String, List<String>> tables = new TreeMap<>();
    try (Connection connection = connection(); Statement statement = connection.createStatement()) {
      for (String table : TABLES) {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery("SELECT * FROM analytics." + table)) {
          ResultSetMetaData metadata = result.getMetaData();
          while (result.next()) {
            List<String> cells = new ArrayList<>();
            for (int i = 1; i <= metadata.getColumnCount(); i++) {
              cells.add(normalise(result.getObject(i)));
            }
            rows.add(String.join("|", cells));
          }
        }
        rows.sort(null);
        tables.put(table, rows);
      }
    }
    return tables;
  }

  private static String normalise(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal.setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString();
    }
    if (value instanceof Number number) {
      return Long.toString(number.longValue());
    }
    return String.valueOf(value);
  }

  private static Connection connection() throws Exception {
    return postgres.getPostgresDatabase().getConnection();
  }
}
