package dev.glueetl.orders;

import static dev.glueetl.testing.DataFrameAssert.assertThatDataFrame;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import dev.glueetl.config.MetricConfig;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.lake.Lake;
import dev.glueetl.landing.Bookmark;
import dev.glueetl.landing.LandingFiles;
import dev.glueetl.spark.Schemas;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SplitRuns;
import dev.glueetl.testing.SparkTestSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental equals full for café files: random store-day files (good and bad orders, returning customers across
 * stores and days, one store-day exported twice under two names) land in random batches in random order, and after
 * every batch (preprocess, then aggregate, bookmark on) the orders, items, quarantine and curated tables equal one full
 * recompute over the files landed so far. Twenty splits run in lockstep in one lake, each with stores and customers of
 * its own (named after its seed); two more run on their own. A failure names the seed.
 */
@Tag("slow")
class IncrementalOrdersEqualsFullTest {
  private static final int LOCKSTEP_SPLITS = Integer.getInteger("incremental.orders.splits", 20);
  private static final int INDEPENDENT_SPLITS = Integer.getInteger("incremental.orders.independent", 2);
  private static final long FIRST_SEED = 20241201L;
  /** Split seeds appear in the failure message as the prefix of the users or stores they made. */
  private static final java.util.regex.Pattern SEED_IN_MESSAGE = java.util.regex.Pattern.compile("s(\\d{8})");
  private static final Instant STARTED = Instant.parse("2024-04-01T00:00:00Z");
  private static final String[] NAMES = {"Ann Example", "Ben Example", "Cai Example", "Dee Example"};
  private static final String[] ITEMS = {"Regular Latte - 2.15", "Large Latte - 2.45", "Regular Tea - 1.30"};

  @TempDir Path work;

  private final SparkSession spark = SparkTestSession.get();

  @Test
  void twentySplitsInLockstepEqualAFullRecomputeAfterEveryBatch() throws Exception {
    List<Split> splits = new ArrayList<>();
    for (int i = 0; i < LOCKSTEP_SPLITS; i++) {
      splits.add(Split.of(FIRST_SEED + i, work.resolve("files"), "s" + (FIRST_SEED + i)));
    }
    Path landing = Files.createDirectories(work.resolve("lockstep/landing"));
    PipelineConfig pipeline = pipeline(landing, work.resolve("lockstep/lake"));
    for (int k = 0; k < 2; k++) {
      for (Split split : splits) {
        for (Path file : split.batches().get(k)) {
          Files.copy(file, landing.resolve(file.getFileName()));
        }
      }
      runAndCompare(spark, pipeline, "lockstep run " + (k + 1), splits);
    }
  }

  @Test
  void independentSplitsEqualAFullRecomputeAfterEveryBatch() throws Exception {
    // two splits at a time, each in its own session (its own temporary views): both cores busy on tiny data
    SplitRuns.independently(spark, SplitRuns.seeds(FIRST_SEED + 100, INDEPENDENT_SPLITS), (session, seed) -> {
      Split split = Split.of(seed, work.resolve("split-" + seed + "/files"), "");
      Path landing = Files.createDirectories(work.resolve("split-" + seed + "/landing"));
      PipelineConfig pipeline = pipeline(landing, work.resolve("split-" + seed + "/lake"));
      for (List<Path> batch : split.batches()) {
        for (Path file : batch) {
          Files.copy(file, landing.resolve(file.getFileName()));
        }
        runAndCompare(session, pipeline, "split " + seed + " after " + batch.size() + " files", List.of(split));
      }
    });
  }

  /** One random split: six store-day files and a copy of one under another name, in random order, in two batches. */
  record Split(long seed, List<List<Path>> batches) {
    static Split of(long seed, Path dir, String prefix) throws java.io.IOException {
      Random random = new Random(seed);
      Files.createDirectories(dir);
      List<Path> files = new ArrayList<>();
      for (String store : List.of("york", "leeds")) {
        for (int day = 1; day <= 3; day++) {
          Path file = dir.resolve(prefix + store + "_0" + day + "-03-2024_09-00-00.csv");
          Files.write(file, storeDay(random, prefix + store, day, prefix), StandardCharsets.UTF_8);
          files.add(file);
        }
      }
      Path copy = dir.resolve(prefix + "export-copy.csv");
      Files.copy(files.get(random.nextInt(files.size())), copy);
      files.add(copy);
      Collections.shuffle(files, random);
      int cut = 1 + random.nextInt(files.size() - 1);
      return new Split(seed, List.of(files.subList(0, cut), files.subList(cut, files.size())));
    }
  }

  private static void runAndCompare(SparkSession spark, PipelineConfig pipeline, String what, List<Split> splits) {
    SplitRuns.runAndCompare(
        spark, pipeline, STARTED, what, splits.stream().map(Split::seed).toList(), SEED_IN_MESSAGE, lake -> checkEqualsFull(spark, pipeline, lake, what));
  }


  /** One store's day: orders every 20 minutes, most good, some bad in different ways. */
  private static List<String> storeDay(Random random, String store, int day, String prefix) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String time = String.format("0%d/03/2024 %02d:%02d", day, 9 + i / 3, (i % 3) * 20);
      String item = ITEMS[random.nextInt(ITEMS.length)];
      String price = item.substring(item.lastIndexOf(" - ") + 3);
      String total = switch (random.nextInt(6)) {
        case 0 -> "9.99"; // TOTAL_MISMATCH
        case 1 -> ""; // BAD_TOTAL
        default -> price;
      };
      String name = prefix + NAMES[random.nextInt(NAMES.length)];
      lines.add(time + "," + Character.toUpperCase(store.charAt(0)) + store.substring(1) + "," + name + ",\"" + item + "\"," + total + ",CASH,");
    }
    return lines;
  }

  private static void checkEqualsFull(SparkSession spark, PipelineConfig pipeline, Lake lake, String batch) {
    Dataset<Row> files = OrderLanding.files(spark, pipeline.source(), List.of(pipeline.source().path()));
    List<LandingFiles.LandingFile> listed = LandingFiles.list(pipeline.source().path(), spark.sparkContext().hadoopConfiguration());
    Bookmark.Batch all = new Bookmark.Batch(listed, java.util.Set.of(), 0, List.of());
    DuplicateFiles duplicates = DuplicateFiles.of(files, Map.of(), all);
    Dataset<Row> conformed =
        ConformOrders.conform(pipeline.source(), pipeline.orders(), pipeline.validation(),
                CustomerKeys.resolve(pipeline.orders().customerKey(), dev.glueetl.secrets.Secrets.fromProcess(), warning -> {}), "full", STARTED, OrderLanding.lines(pipeline.source(), duplicates.withoutCopies(files)))
            .localCheckpoint();
    Dataset<Row> good = conformed.where(col("kind").equalTo(OrderLanding.DATA).and(col("reason").isNull()));
    Dataset<Row> orders = Schemas.conform(good, OrderSchemas.ORDERS);
    Dataset<Row> items =
        Schemas.conform(
            good.select(col("order_id"), col("store"), col("order_date"), col("source_file"), col("run_id"), explode(Baskets.lines(col("items"))).as("line"))
                .select(col("*"), col("line.*"))
                .withColumn("line_total", col("unit_price").multiply(col("quantity")).cast(OrderSchemas.MONEY)),
            OrderSchemas.ORDER_ITEMS);
    Dataset<Row> quarantine = Schemas.conform(conformed.where(col("reason").isNotNull()), OrderSchemas.QUARANTINE);
    compare(batch + ": orders", read(spark, lake, "trusted/cafe/orders").drop("run_id", "ingested_at"), orders.drop("run_id", "ingested_at"));
    compare(batch + ": order_items", read(spark, lake, "trusted/cafe/order_items").drop("run_id"), items.drop("run_id"));
    compare(batch + ": quarantine", read(spark, lake, "quarantine/cafe/orders").drop("run_id", "ingested_at"), quarantine.drop("run_id", "ingested_at"));
    orders.createOrReplaceTempView("orders");
    items.createOrReplaceTempView("order_items");
    spark.sql("select distinct order_date as date from orders").createOrReplaceTempView("affected_dates");
    for (MetricConfig metric : pipeline.metrics()) {
      compare(batch + ": curated." + metric.table(), read(spark, lake, "curated/cafe/" + metric.table()), spark.sql(metric.sql()));
    }
  }

  private static void compare(String what, Dataset<Row> actual, Dataset<Row> expected) {
    try {
      assertThatDataFrame(actual).ignoringColumnOrder().isEqualTo(expected);
    } catch (AssertionError e) {
      throw new AssertionError(what + ": " + e.getMessage(), e);
    }
  }

  private static Dataset<Row> read(SparkSession spark, Lake lake, String table) {
    return spark.read().format("delta").load(lake.root() + "/" + table);
  }


  /** cafe-orders' mapping with two metrics: a day's sales, and new and returning customers (first_seen). */
  private static PipelineConfig pipeline(Path landing, Path lake) throws Exception {
    String builtIn = Files.readString(ProjectFiles.pipeline("cafe-orders"));
    String yaml =
        builtIn.substring(0, builtIn.indexOf("\nmetrics:") + 1)
            .replace("name: cafe-orders", "name: cafe")
            .replace("path: test-data/cafe-orders", "path: " + landing)
            .replace("lake: lake", "lake: " + lake)
            + "metrics:\n"
            + "  - {table: sales_daily, sql: metrics/cafe-orders/sales_daily.sql, key: [date, store], reach: day}\n"
            + "  - {table: customers_daily, sql: metrics/cafe-orders/customers_daily.sql, key: [date, store], reach: first_seen customer_key}\n";
    return PipelineConfig.parse(ProjectFiles.pipeline("cafe-orders").toString(), yaml);
  }
}
