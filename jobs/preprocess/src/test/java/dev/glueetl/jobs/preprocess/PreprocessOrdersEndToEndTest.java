package dev.glueetl.jobs.preprocess;

import static dev.glueetl.testing.DataFrameAssert.assertThatDataFrame;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.job.JobReport;
import dev.glueetl.orders.CustomerKeys;
import dev.glueetl.testing.LogCapture;
import dev.glueetl.testing.ParquetText;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preprocess job's real {@code main} on the bundled café files ({@code test-data/cafe-orders}); the expected orders,
 * items and revenue per store and day below are added up by hand from those five files.
 */
class PreprocessOrdersEndToEndTest {
  private static final Path PIPELINE = ProjectFiles.pipeline("cafe-orders");
  private static final Path LANDING = ProjectFiles.testData("cafe-orders");
  /** Set for this module's tests in its pom, as Glue would set it in the job's environment. */
  private static final CustomerKeys.Key TEST_KEY = new CustomerKeys.Key("test-cafe-customer-key".getBytes(StandardCharsets.UTF_8), "test");

  /** Every fake name and card number in the bundled files, as written there. */
  private static final List<String> PERSONAL_DATA =
      List.of(
          "Ada Whitfield", "Bram Oduya", "Cleo Marchetti", "Dev Anand", "Esme Fairburn", "Finn Castell", "Gus Halloran", "Hana Sato",
          "Ivo Brandt", "Jude Okafor", "Kira Novak", "Lena Park", "Mo Farrell", "Nia Pryce", "Oli Grant", "Pia Lund", "Quinn Ashby",
          "Rae Quint", "Sol Benn", "5494173772652516", "4716190232519963", "5186097841218341", "4024007121735829", "5379021346784412",
          "4532756279624064", "4916338506082832", "5425233430109903", "4485398812672053", "5.49417E+15", "4.71619E+15", "5.49417E15");

  @TempDir Path lake;

  private final SparkSession spark = SparkTestSession.get();

  @Test
  void storeFilesBecomeOrdersAndItemsTwiceTheSame() {
    JobReport report = runMain("jr_cafe_1").report();

    assertThat(report.counts())
        .containsEntry("input_files", 5L)
        .containsEntry("read", 24L)
        .containsEntry("header_lines", 1L)
        .containsEntry("blank_lines", 1L)
        .containsEntry("trusted", 17L)
        .containsEntry("quarantined", 7L)
        .containsEntry("quarantined.UNPARSEABLE_TIME", 1L)
        .containsEntry("quarantined.TIME_OUT_OF_RANGE", 0L)
        .containsEntry("quarantined.MISSING_STORE", 1L)
        .containsEntry("quarantined.EMPTY_BASKET", 1L)
        .containsEntry("quarantined.BAD_ITEM", 1L)
        .containsEntry("quarantined.BAD_PRICE", 1L)
        .containsEntry("quarantined.BAD_TOTAL", 1L)
        .containsEntry("quarantined.TOTAL_MISMATCH", 1L)
        .containsEntry("order_items", 24L)
        .containsEntry("items", 28L);
    assertThat(report.count("read")).isEqualTo(report.count("trusted") + report.count("quarantined"));

    // per store and day: orders, items, revenue, counted by hand from the files
    Row[] expected = {
      RowFactory.create("Chesterfield", Date.valueOf("2021-08-25"), 4L, 7L, new BigDecimal("16.70")),
      RowFactory.create("Leeds", Date.valueOf("2021-08-25"), 3L, 4L, new BigDecimal("8.40")),
      RowFactory.create("Chesterfield", Date.valueOf("2021-08-26"), 3L, 6L, new BigDecimal("13.95")),
      RowFactory.create("Leeds", Date.valueOf("2021-08-26"), 4L, 7L, new BigDecimal("13.20")),
      RowFactory.create("York", Date.valueOf("2021-08-26"), 3L, 4L, new BigDecimal("8.20"))
    };
    assertThatDataFrame(
            table("trusted/cafe-orders/orders")
                .groupBy("store", "order_date")
                .agg(count("*").as("orders"), sum("item_count").as("items"), sum("total").as("revenue")))
        .hasRows(expected);
    assertThatDataFrame(
            table("trusted/cafe-orders/order_items")
                .groupBy("store", "order_date")
                .agg(org.apache.spark.sql.functions.countDistinct("order_id").as("orders"), sum("quantity").as("items"), sum("line_total").as("revenue")))
        .hasRows(expected);

    // repeated items are one line with a quantity; flavours and kinds split from the product
    assertThatDataFrame(
            table("trusted/cafe-orders/order_items")
                .where(col("source_file").endsWith("/chesterfield_25-08-2021_09-00-00.csv"))
                .select("line_no", "size", "product", "product_base", "variant", "quantity", "unit_price", "line_total"))
        .hasRows(
            RowFactory.create(1, "Regular", "Flavoured iced latte - Hazelnut", "Flavoured iced latte", "Hazelnut", 1, new BigDecimal("2.75"), new BigDecimal("2.75")),
            RowFactory.create(2, "Large", "Latte", "Latte", null, 1, new BigDecimal("2.45"), new BigDecimal("2.45")),
            RowFactory.create(1, "Regular", "Speciality Tea - English breakfast", "Speciality Tea", "English breakfast", 1, new BigDecimal("1.30"), new BigDecimal("1.30")),
            RowFactory.create(1, "Large", "Latte", "Latte", null, 2, new BigDecimal("2.45"), new BigDecimal("4.90")),
            RowFactory.create(2, "Regular", "Flat white", "Flat white", null, 1, new BigDecimal("2.15"), new BigDecimal("2.15")),
            RowFactory.create(1, "Large", "Frappes - Coffee", "Frappes", "Coffee", 1, new BigDecimal("3.15"), new BigDecimal("3.15")));

    // the same customer across stores and days, however the name was typed
    assertThatDataFrame(
            table("trusted/cafe-orders/orders")
                .where(col("customer_key").isin(CustomerKeys.customerKey(TEST_KEY, "Ada Whitfield"), CustomerKeys.customerKey(TEST_KEY, "Hana Sato")))
                .select("store", "order_date", "payment_method", "total"))
        .hasRows(
            RowFactory.create("Chesterfield", Date.valueOf("2021-08-25"), "CARD", new BigDecimal("5.20")),
            RowFactory.create("Leeds", Date.valueOf("2021-08-25"), "CARD", new BigDecimal("2.15")),
            RowFactory.create("Leeds", Date.valueOf("2021-08-26"), "CARD", new BigDecimal("4.30")),
            RowFactory.create("Leeds", Date.valueOf("2021-08-25"), "CASH", new BigDecimal("2.85")),
            RowFactory.create("Leeds", Date.valueOf("2021-08-26"), "CASH", new BigDecimal("2.05")));

    assertThatDataFrame(
            table("quarantine/cafe-orders/orders")
                .select(col("reason"), org.apache.spark.sql.functions.regexp_extract(col("source_file"), "[^/]+$", 0).as("file"), col("source_row"), col("raw_record")))
        .hasRows(
            RowFactory.create("BAD_PRICE", "chesterfield_25-08-2021_09-00-00.csv", 5, "25/08/2021 10:40,Chesterfield,***,Regular Latte - 2.1O,2.10,CASH"),
            RowFactory.create("TOTAL_MISMATCH", "chesterfield_25-08-2021_09-00-00.csv", 6,
                "25/08/2021 11:02,Chesterfield,***,\"Regular Americano - 1.95, Regular Cortado - 2.05\",4.10,CARD,***"),
            RowFactory.create("MISSING_STORE", "leeds_25-08-2021_09-00-00.csv", 3, "25/08/2021 09:20,,***,Regular Latte - 2.15,2.15,CASH"),
            RowFactory.create("EMPTY_BASKET", "leeds_25-08-2021_09-00-00.csv", 4, "25/08/2021 09:25,Leeds,***,,0.00,CASH"),
            RowFactory.create("BAD_ITEM", "leeds_25-08-2021_09-00-00.csv", 5, "25/08/2021 09:40,Leeds,***,Regular Latte 2.15,2.15,CARD,***"),
            RowFactory.create("UNPARSEABLE_TIME", "leeds_25-08-2021_09-00-00.csv", 6, "31/02/2021 09:50,Leeds,***,Regular Mocha - 2.30,2.30,CASH"),
            RowFactory.create("BAD_TOTAL", "york_26-08-2021_09-00-00.csv", 4, "26-08-2021 12:05,York,***,Regular Latte - 2.15,two pounds,CASH"));

    List<Row> orders = withoutRunColumns("trusted/cafe-orders/orders");
    List<Row> items = withoutRunColumns("trusted/cafe-orders/order_items");
    List<Row> quarantine = withoutRunColumns("quarantine/cafe-orders/orders");
    runMain("jr_cafe_2");
    assertThatDataFrame(table("trusted/cafe-orders/orders").drop("run_id", "ingested_at")).hasRows(orders.toArray(new Row[0]));
    assertThatDataFrame(table("trusted/cafe-orders/order_items").drop("run_id", "ingested_at")).hasRows(items.toArray(new Row[0]));
    assertThatDataFrame(table("quarantine/cafe-orders/orders").drop("run_id", "ingested_at")).hasRows(quarantine.toArray(new Row[0]));
  }

  @Test
  void storeFilesOfOnlyGoodOrdersOnlyBadOrdersOrNoOrdersLoadOnAFreshLake() throws Exception {
    Path clean = landing("clean", "york_01-09-2021_09-00-00.csv",
        "01/09/2021 09:00,York,Ann Example,\"Regular Latte - 2.15\",2.15,CARD,4000111122223333",
        "01/09/2021 09:10,York,Ben Example,\"Large Tea - 1.60\",1.60,CASH,");
    JobReport good = runMain("jr_clean", clean).report();
    assertThat(good.counts()).containsEntry("read", 2L).containsEntry("trusted", 2L).containsEntry("quarantined", 0L).containsEntry("order_items", 2L);
    assertThat(table("quarantine/cafe-orders/orders").count()).isZero();

    Path bad = landing("bad", "york_02-09-2021_09-00-00.csv",
        "31/02/2021 09:00,York,Ann Example,\"Regular Latte - 2.15\",2.15,CARD,4000111122223333",
        "02/09/2021 09:10,York,Ben Example,\"Large Tea - 1.60\",100000000.00,CASH,");
    JobReport allBad = runMain("jr_bad", bad).report();
    assertThat(allBad.counts()).containsEntry("read", 2L).containsEntry("trusted", 0L).containsEntry("quarantined", 2L)
        .containsEntry("quarantined.UNPARSEABLE_TIME", 1L).containsEntry("quarantined.AMOUNT_OUT_OF_RANGE", 1L).containsEntry("order_items", 0L);

    Path headerOnly = landing("header-only", "leeds_03-09-2021_09-00-00.csv", "Date,Location,Customer Name,Basket,Total,Payment Method,Card Number");
    Files.writeString(headerOnly.resolve("leeds_04-09-2021_09-00-00.csv"), "");
    JobReport none = runMain("jr_none", headerOnly).report();
    assertThat(none.counts()).containsEntry("input_files", 2L).containsEntry("read", 0L).containsEntry("header_lines", 1L)
        .containsEntry("trusted", 0L).containsEntry("quarantined", 0L);

    // every run left the orders of the runs before it alone
    assertThat(table("trusted/cafe-orders/orders").count()).isEqualTo(2);
    assertThat(table("quarantine/cafe-orders/orders").count()).isEqualTo(2);
  }

  @Test
  void noNameOrCardNumberReachesAnyTableAnyFileOrTheLog() throws Exception {
    String log;
    try (LogCapture capture = new LogCapture()) {
      runMain("jr_privacy");
      log = capture.text();
    }

    assertThat(log).contains("[preprocess]").contains("customer keys from environment variable CAFE_CUSTOMER_KEY");
    List<String> leaks = new ArrayList<>();
    for (String personal : PERSONAL_DATA) {
      if (log.toLowerCase(Locale.ROOT).contains(personal.toLowerCase(Locale.ROOT))) {
        leaks.add("log: " + personal);
      }
    }
    try (Stream<Path> files = Files.walk(lake)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String content =
            file.toString().endsWith(".parquet")
                ? ParquetText.of(file)
                : new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        for (String personal : PERSONAL_DATA) {
          if (content.toLowerCase(Locale.ROOT).contains(personal.toLowerCase(Locale.ROOT))) {
            leaks.add(lake.relativize(file) + ": " + personal);
          }
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  private dev.glueetl.job.JobRunner.CompletedRun runMain(String jobRunId) {
    return runMain(jobRunId, LANDING);
  }

  private dev.glueetl.job.JobRunner.CompletedRun runMain(String jobRunId, Path input) {
    return PreprocessJob.run(
        new String[] {
          "--JOB_NAME", "cafe-orders-preprocess",
          "--JOB_RUN_ID", jobRunId,
          "--WORKFLOW_RUN_ID", "wr_cafe",
          "--job-bookmark-option", "job-bookmark-disable",
          "--enable-glue-datacatalog", "true",
          "--datalake-formats", "delta",
          "--pipeline", PIPELINE.toString(),
          "--lake", lake.toString(),
          "--input", input.toString()
        });
  }

  /** A landing folder beside the lake holding one file of {@code lines}. */
  private Path landing(String folder, String file, String... lines) throws java.io.IOException {
    Path dir = Files.createDirectories(lake.getParent().resolve(lake.getFileName() + "-" + folder));
    Files.write(dir.resolve(file), List.of(lines), StandardCharsets.UTF_8);
    return dir;
  }

  private Dataset<Row> table(String relative) {
    return spark.read().format("delta").load(lake.resolve(relative).toString());
  }

  private List<Row> withoutRunColumns(String relative) {
    return new ArrayList<>(table(relative).drop("run_id", "ingested_at").collectAsList());
  }
}
