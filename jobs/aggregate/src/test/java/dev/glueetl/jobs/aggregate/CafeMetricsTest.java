package dev.glueetl.jobs.aggregate;

import static dev.glueetl.testing.DataFrameAssert.assertThatDataFrame;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.JobRuns;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in café metrics after preprocess and aggregate over the bundled store files. Expected rows are added up by
 * hand from the 17 trusted orders (see PreprocessOrdersEndToEndTest for the orders themselves).
 */
class CafeMetricsTest {
  @TempDir static Path lake;
  private static final SparkSession spark = SparkTestSession.get();

  @BeforeAll
  static void runTheChain() {
    String[] args = {"--pipeline", ProjectFiles.pipeline("cafe-orders").toString(), "--lake", lake.toString(), "--input", ProjectFiles.testData("cafe-orders").toString()};
    JobRuns.preprocess(args);
    AggregateJob.run(args);
  }

  @Test
  void salesDaily() {
    assertThatDataFrame(curated("sales_daily"))
        .hasRows(
            // 16.70 / 4 = 4.175, rounded half up
            row(d("2021-08-25"), "Chesterfield", 4L, 7L, m("16.70"), m("4.18")),
            row(d("2021-08-25"), "Leeds", 3L, 4L, m("8.40"), m("2.80")),
            row(d("2021-08-26"), "Chesterfield", 3L, 6L, m("13.95"), m("4.65")),
            row(d("2021-08-26"), "Leeds", 4L, 7L, m("13.20"), m("3.30")),
            row(d("2021-08-26"), "York", 3L, 4L, m("8.20"), m("2.73")));
  }

  @Test
  void salesHourlyShowsThePeakHours() {
    assertThatDataFrame(curated("sales_hourly"))
        .hasRows(
            row(d("2021-08-25"), "Chesterfield", 9, 3L, m("13.55")),
            row(d("2021-08-25"), "Chesterfield", 10, 1L, m("3.15")),
            row(d("2021-08-25"), "Leeds", 8, 1L, m("3.40")),
            row(d("2021-08-25"), "Leeds", 9, 1L, m("2.85")),
            row(d("2021-08-25"), "Leeds", 10, 1L, m("2.15")),
            row(d("2021-08-26"), "Chesterfield", 9, 2L, m("8.05")),
            row(d("2021-08-26"), "Chesterfield", 10, 1L, m("5.90")),
            row(d("2021-08-26"), "Leeds", 9, 2L, m("8.15")),
            row(d("2021-08-26"), "Leeds", 10, 2L, m("5.05")),
            row(d("2021-08-26"), "York", 11, 3L, m("8.20")));
  }

  @Test
  void productSalesShowsWhatSells() {
    assertThatDataFrame(curated("product_sales").where(col("store").equalTo("Chesterfield").and(col("date").equalTo(d("2021-08-25")))))
        .hasRows(
            row(d("2021-08-25"), "Chesterfield", "Flavoured iced latte - Hazelnut", "Regular", 1L, m("2.75")),
            // one Large Latte in the first order, two in the third
            row(d("2021-08-25"), "Chesterfield", "Latte", "Large", 3L, m("7.35")),
            row(d("2021-08-25"), "Chesterfield", "Speciality Tea - English breakfast", "Regular", 1L, m("1.30")),
            row(d("2021-08-25"), "Chesterfield", "Flat white", "Regular", 1L, m("2.15")),
            row(d("2021-08-25"), "Chesterfield", "Frappes - Coffee", "Large", 1L, m("3.15")));
    assertThat(curated("product_sales").count()).isEqualTo(23);
    assertThatDataFrame(curated("product_sales").groupBy("date").agg(org.apache.spark.sql.functions.sum("quantity"), org.apache.spark.sql.functions.sum("revenue")))
        .hasRows(row(d("2021-08-25"), 11L, m("25.10")), row(d("2021-08-26"), 17L, m("35.35")));
  }

  @Test
  void paymentMix() {
    assertThatDataFrame(curated("payment_mix"))
        .hasRows(
            row(d("2021-08-25"), "Chesterfield", "CARD", 3L, m("15.40")),
            row(d("2021-08-25"), "Chesterfield", "CASH", 1L, m("1.30")),
            row(d("2021-08-25"), "Leeds", "CARD", 2L, m("5.55")),
            row(d("2021-08-25"), "Leeds", "CASH", 1L, m("2.85")),
            row(d("2021-08-26"), "Chesterfield", "CARD", 2L, m("12.35")),
            row(d("2021-08-26"), "Chesterfield", "CASH", 1L, m("1.60")),
            row(d("2021-08-26"), "Leeds", "CARD", 2L, m("8.15")),
            row(d("2021-08-26"), "Leeds", "CASH", 2L, m("5.05")),
            row(d("2021-08-26"), "York", "CARD", 1L, m("4.65")),
            row(d("2021-08-26"), "York", "CASH", 2L, m("3.55")));
  }

  @Test
  void customersDailyCountsReturningCustomersAcrossStores() {
    assertThatDataFrame(curated("customers_daily"))
        .hasRows(
            row(d("2021-08-25"), "Chesterfield", 4L, 4L, 0L),
            // Ada ordered at Chesterfield the same day: still new on the 25th, wherever she ordered
            row(d("2021-08-25"), "Leeds", 3L, 3L, 0L),
            // Bram came back to Chesterfield
            row(d("2021-08-26"), "Chesterfield", 3L, 2L, 1L),
            // Ada and Hana (typed "  hana sato ") came back to Leeds
            row(d("2021-08-26"), "Leeds", 4L, 2L, 2L),
            // Gus ordered in Leeds on the 25th and in York on the 26th
            row(d("2021-08-26"), "York", 3L, 2L, 1L));
  }

  private static Dataset<Row> curated(String table) {
    return spark.read().format("delta").load(lake.resolve("curated/cafe-orders/" + table).toString());
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
}
