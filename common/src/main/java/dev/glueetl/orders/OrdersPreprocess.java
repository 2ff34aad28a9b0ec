package dev.glueetl.orders;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.glueetl.config.BookmarkOption;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.error.InvariantViolation;
import dev.glueetl.job.CommitPoints;
import dev.glueetl.job.JobContext;
import dev.glueetl.job.JobReport;
import dev.glueetl.job.JobSteps;
import dev.glueetl.job.TableWrites;
import dev.glueetl.lake.TableId;
import dev.glueetl.lake.Zone;
import dev.glueetl.landing.Bookmark;
import dev.glueetl.landing.LandingFiles;
import dev.glueetl.secrets.Secrets;
import dev.glueetl.spark.CodeGeneration;
import dev.glueetl.spark.Observations;
import dev.glueetl.spark.Observer;
import dev.glueetl.spark.Schemas;
import dev.glueetl.spark.ShufflePartitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The preprocess job for point-of-sale pipelines. Steps, in order:
 *
 * <ol>
 *   <li><b>read</b>: list the store files, resolve the customer-key secret, parse every line once
 *       ({@link OrderLanding}, {@link ConformOrders}, {@link Baskets}); cached for the writes below;
 *   <li><b>quarantine</b>: write the orders that cannot be trusted (masked) to {@code quarantine.orders};
 *   <li><b>orders</b>: write the good orders to {@code trusted.orders};
 *   <li><b>items</b>: write their items, identical items merged into one line with a quantity, to
 *       {@code trusted.order_items};
 *   <li><b>check</b>: data rows read = trusted + quarantined, or the run fails.
 * </ol>
 *
 * Every write replaces the rows of this run's source files (a store's day), so rerunning a file replaces its orders
 * and a new file adds its own. When a step fails, the tables already written by this run are restored.
 */
public final class OrdersPreprocess {
  public static final String ORDERS = "orders";
  public static final String ORDER_ITEMS = "order_items";
  private static final String UNLOCATED = "unlocated_";

  private OrdersPreprocess() {}

  public static TableId trustedOrders(String pipeline) {
    return TableId.of(pipeline, Zone.TRUSTED, ORDERS);
  }

  public static TableId orderItems(String pipeline) {
    return TableId.of(pipeline, Zone.TRUSTED, ORDER_ITEMS);
  }

  public static TableId quarantine(String pipeline) {
    return TableId.of(pipeline, Zone.QUARANTINE, ORDERS);
  }

  public static JobReport run(JobContext context) {
    SparkSession spark = context.spark();
    PipelineConfig pipeline = context.pipeline();
    JobReport report = new JobReport();

    context.progress().stage("bookmark", "listing " + pipeline.source().path());
    List<LandingFiles.LandingFile> listed = LandingFiles.list(pipeline.source().path(), spark.sparkContext().hadoopConfiguration());
    Map<String, Bookmark.Entry> ledger = Bookmark.latest(spark, context.lake(), pipeline.name());
    Bookmark.Batch batch = Bookmark.select(listed, ledger, context.args().bookmark());
    report.count("input_files", batch.files().size());
    report.count("skipped_files", batch.skipped());
    if (batch.isEmpty()) {
      context.progress().info(listed.isEmpty() ? "no input files under " + pipeline.source().path() + ": nothing to do"
          : "all " + listed.size() + " store files already processed (bookmark): nothing to do");
      for (String name : List.of("read", "header_lines", "blank_lines", "trusted", "quarantined", "order_items", "items", "duplicate_files")) {
        report.count(name, 0);
      }
      return report;
    }
    context.progress().info(CodeGeneration.sizeFor(spark, batch.bytes()).describe());
    CustomerKeys.Key key = CustomerKeys.resolve(pipeline.orders().customerKey(), Secrets.fromProcess(), context.progress()::warn);
    return JobSteps.run(context, steps -> {
      TableWrites writes = steps.writes();
      steps.step("bookmark");
      Bookmark.record(spark, writes, pipeline.name(), Bookmark.entries(batch.files(), Bookmark.State.PENDING, context.runId()), context.startedAt());
      CommitPoints.reached("preprocess:batch-recorded");

      steps.stage("read", "parsing " + batch.files().size() + " store files; customer keys from " + key.source());
      Dataset<Row> files = OrderLanding.files(spark, pipeline.source(), batch.paths()).persist(StorageLevel.MEMORY_AND_DISK());
      steps.onEnd(files::unpersist);
      DuplicateFiles duplicates = DuplicateFiles.of(files, ledger, batch);
      duplicates.copies().forEach((copy, original) -> context.progress().warn("store file " + copy + " has the same content as " + original + ": skipped as a duplicate file"));
      report.count("duplicate_files", duplicates.copies().size());
      String thisRunsFiles = TableWrites.inList("source_file", duplicates.replacedFiles(batch));
      Dataset<Row> landing = OrderLanding.lines(pipeline.source(), duplicates.withoutCopies(files));
      ShufflePartitions.sizeFor(spark, batch.bytes());
      Dataset<Row> conformed =
          ConformOrders.conform(pipeline.source(), pipeline.orders(), pipeline.validation(), key, context.runId(), context.startedAt(), landing)
              .persist(StorageLevel.MEMORY_AND_DISK());
      steps.onEnd(conformed::unpersist);
      files.unpersist();

      steps.stage("quarantine", "writing orders that cannot be trusted (personal data masked)");
      Observer lineCounts = Observer.of(spark, "lines");
      Dataset<Row> observed = lineCounts.observe(conformed, count(lit(1)).as("lines"), lineCountColumns(pipeline));
      TableId quarantine = quarantine(pipeline.name());
      writes.ensureTable(quarantine, OrderSchemas.QUARANTINE);
      writes.replaceWhere(quarantine, Schemas.conform(observed.filter(col("reason").isNotNull()), OrderSchemas.QUARANTINE), thisRunsFiles);
      Map<String, Object> lines = lineCounts.values();
      warnAboutUnlocatedPersonalColumns(pipeline, lines, context);
      CommitPoints.reached("preprocess:quarantine-written");

      steps.stage("orders", "writing trusted orders");
      Dataset<Row> good = conformed.filter(col("kind").equalTo(OrderLanding.DATA).and(col("reason").isNull()));
      Observer itemCount = Observer.of(spark, "items");
      TableId orders = trustedOrders(pipeline.name());
      writes.ensureTable(orders, OrderSchemas.ORDERS, "order_date");
      long trusted =
          writes.replaceWhere(orders, Schemas.conform(itemCount.observe(good, sum(col("item_count")).as("items")), OrderSchemas.ORDERS), thisRunsFiles);
      CommitPoints.reached("preprocess:orders-written");

      steps.stage("items", "writing order items");
      Dataset<Row> itemLines =
          good.select(col("order_id"), col("store"), col("order_date"), col("source_file"), col("run_id"), explode(Baskets.lines(col("items"))).as("line"))
              .select(col("*"), col("line.*"))
              .withColumn("line_total", col("unit_price").multiply(col("quantity")).cast(OrderSchemas.MONEY));
      TableId items = orderItems(pipeline.name());
      writes.ensureTable(items, OrderSchemas.ORDER_ITEMS, "order_date");
      long itemRows = writes.replaceWhere(items, Schemas.conform(itemLines, OrderSchemas.ORDER_ITEMS), thisRunsFiles);
      CommitPoints.reached("preprocess:items-written");

      long header = Observations.count(lines, "header_lines");
      long blank = Observations.count(lines, "blank_lines");
      report.count("read", Observations.count(lines, "lines") - header - blank);
      report.count("header_lines", header);
      report.count("blank_lines", blank);
      report.count("trusted", trusted);
      long quarantined = 0;
      for (ConformOrders.Reason reason : ConformOrders.Reason.values()) {
        quarantined += Observations.count(lines, reason.name());
      }
      report.count("quarantined", quarantined);
      for (ConformOrders.Reason reason : ConformOrders.Reason.values()) {
        report.count("quarantined." + reason.name(), Observations.count(lines, reason.name()));
      }
      report.count("order_items", itemRows);
      report.count("items", Observations.count(itemCount.values(), "items"));

      steps.step("bookmark");
      Bookmark.State done = context.args().bookmark() == BookmarkOption.PAUSE ? Bookmark.State.PAUSED : Bookmark.State.COMMITTED;
      Bookmark.record(spark, writes, pipeline.name(), duplicates.entries(batch, done, context.runId()), context.startedAt());
      CommitPoints.reached("preprocess:batch-committed");
      checkInvariant(report);
      context.progress().info(
          "read " + report.count("read") + " orders, trusted " + trusted + ", quarantined " + quarantined + ", " + itemRows
              + " item lines, blank lines " + blank + ", header lines " + header);
      return report;
    });
  }

  /** Data rows read = trusted + quarantined: every order ends up in exactly one place. */
  static void checkInvariant(JobReport report) {
    long read = report.count("read");
    long accounted = report.count("trusted") + report.count("quarantined");
    if (read != accounted) {
      throw new InvariantViolation("order accounting broken: read " + read + " != trusted + quarantined = " + accounted + " " + report);
    }
  }

  /** Names the files in which the mapping found no column for a personal field: nothing there could be masked. */
  private static void warnAboutUnlocatedPersonalColumns(PipelineConfig pipeline, Map<String, Object> lines, JobContext context) {
    for (String field : pipeline.source().personalFields()) {
      List<String> files = Observations.strings(lines, UNLOCATED + field);
      if (!files.isEmpty()) {
        context.progress().warn(
            "no column for " + field + " (source.fields." + field + ") in " + String.join(", ", files)
                + ": its quarantined lines are kept redacted" + (field.equals("customer_name") ? ", and its orders have no customer_key" : ""));
      }
    }
  }

  private static Column[] lineCountColumns(PipelineConfig pipeline) {
    List<Column> columns = new ArrayList<>();
    for (String field : pipeline.source().personalFields()) {
      // at most one entry per file: a short list for the driver
      columns.add(collect_set(when(col("kind").equalTo(OrderLanding.DATA).and(col("pos_" + field).equalTo(0)), col("source_file"))).as(UNLOCATED + field));
    }
    columns.add(Observations.countIf(col("kind").equalTo(OrderLanding.HEADER), "header_lines"));
    columns.add(Observations.countIf(col("kind").equalTo(OrderLanding.BLANK), "blank_lines"));
    for (ConformOrders.Reason reason : ConformOrders.Reason.values()) {
      columns.add(Observations.countIf(col("reason").equalTo(reason.name()), reason.name()));
    }
    return columns.toArray(new Column[0]);
  }
}
