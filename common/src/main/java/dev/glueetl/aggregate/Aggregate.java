package dev.glueetl.aggregate;

import static org.apache.spark.sql.functions.col;

import dev.glueetl.config.MetricConfig;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.error.Errors;
import dev.glueetl.job.JobContext;
import dev.glueetl.job.JobReport;
import dev.glueetl.job.JobSteps;
import dev.glueetl.job.TableWrites;
import dev.glueetl.lake.DeltaSnapshots;
import dev.glueetl.lake.Lake;
import dev.glueetl.lake.TableId;
import dev.glueetl.lake.Zone;
import dev.glueetl.secrets.Secrets;
import dev.glueetl.spark.CodeGeneration;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The body of the aggregate job: trusted tables to curated metric tables. Steps, in order:
 *
 * <ol>
 *   <li><b>changes</b>: read each trusted table's Delta log since the versions the last aggregate run used
 *       ({@link AggregateState}) to find the dates whose data changed ({@link ChangedDates}); all dates on the first
 *       run;
 *   <li><b>metrics</b>: for each metric of the pipeline, in order, work out the dates it must recompute
 *       ({@link AffectedDates}), run its SQL over the trusted tables with those dates in the view {@code affected_dates},
 *       and replace exactly those dates in {@code <pipeline>_curated.<table>}; a model metric ({@link ModelMetric}) trains
 *       on its query's rows and rewrites its table and {@code <table>_centres} whole;
 *   <li><b>export</b>: copy the replaced rows into the configured database, in one transaction ({@link JdbcExport});
 *   <li><b>state</b>: record the trusted versions aggregated.
 * </ol>
 *
 * A rerun without new trusted data recomputes nothing; when a step fails, the curated tables and the state are
 * restored, so the next run recomputes the same dates.
 */
public final class Aggregate {
  public static final String JOB = "aggregate";

  private Aggregate() {}

  public static TableId curated(String pipeline, String table) {
    return TableId.of(pipeline, Zone.CURATED, table);
  }

  public static JobReport run(JobContext context) {
    SparkSession spark = context.spark();
    PipelineConfig pipeline = context.pipeline();
    Lake lake = context.lake();
    JobReport report = new JobReport();
    AggregateSources sources = AggregateSources.of(pipeline);
    if (sources.dated().isEmpty() && !pipeline.metrics().isEmpty()) {
      throw Errors.invalidValue(
          "source.tables[].partition", pipeline.file(), "no table with a partition", "at least one table partitioned by a date column: metrics are replaced by date");
    }
    boolean undatedChanged = false;

    context.progress().stage("changes", "finding the dates whose trusted data changed since the last aggregate run");
    Map<String, AggregateState.Aggregated> previous = AggregateState.read(spark, lake, pipeline.name());
    Map<String, AggregateState.Aggregated> current = new LinkedHashMap<>();
    TreeSet<LocalDate> touched = new TreeSet<>();
    TreeSet<LocalDate> allDates = new TreeSet<>();
    long sourceBytes = 0;
    for (AggregateSources.Source source : sources.sources()) {
      String path = lake.pathOf(source.table());
      long version = DeltaSnapshots.version(spark, path);
      if (version < 0) {
        throw Errors.tableNotFound(source.table().catalogName(), path, "run the preprocess job first (./glue-etl run " + pipeline.name() + ")");
      }
      AggregateState.Aggregated now = new AggregateState.Aggregated(DeltaSnapshots.tableId(spark, path), version);
      current.put(source.table().catalogName(), now);
      Dataset<Row> table = spark.read().format("delta").option("versionAsOf", version).load(path);
      table.createOrReplaceTempView(source.view());
      sourceBytes += DeltaSnapshots.bytes(spark, path);
      AggregateState.Aggregated before = previous.get(source.table().catalogName());
      // the same table (by id) since the last run: its commits since; another table, or none before: all its dates
      long from = before != null && before.tableId().equals(now.tableId()) ? before.version() : -1L;
      if (before != null && from < 0) {
        context.progress().info(source.table().catalogName() + " is not the table the last run aggregated (rebuilt): recomputing all its dates");
      }
      if (source.dateColumn().isPresent()) {
        touched.addAll(ChangedDates.between(spark, path, source.dateColumn().get(), from, version));
      } else if (from < version) {
        undatedChanged = true;
      }
    }
    if (undatedChanged) {
      // a table without dates (customers, memberships) changed: every date may read it
      context.progress().info("a table without a date column changed: recomputing every date");
      allDates.addAll(allSourceDates(spark, sources));
      touched.addAll(allDates);
    }
    report.count("touched_dates", touched.size());
    context.progress().info(CodeGeneration.sizeFor(spark, CodeGeneration.deltaAsInputBytes(sourceBytes)).describe());
    context.progress().info(touched.isEmpty() ? "no trusted data changed: nothing to recompute" : "dates changed: " + describe(touched));

    // no metrics (a records pipeline that only cleans its tables): nothing reads first dates
    AffectedDates.ForRun affectedDates = pipeline.metrics().isEmpty() ? null : affectedDates(spark, lake, sources, previous, current, touched);

    return JobSteps.run(context, steps -> {
      TableWrites writes = steps.writes();
      List<JdbcExport.TableExport> exports = new ArrayList<>();
      long totalRows = 0;
      for (MetricConfig metric : pipeline.metrics()) {
        steps.step("metric " + metric.table());
        TableId table = curated(pipeline.name(), metric.table());
        boolean exists = DeltaSnapshots.exists(spark, lake.pathOf(table));
        // a metric new to the pipeline is built for every date, even when no trusted data changed
        if (!exists && allDates.isEmpty()) {
          allDates.addAll(allSourceDates(spark, sources));
        }
        if (metric.reach().kind() == MetricConfig.Reach.Kind.ALL && !touched.isEmpty() && allDates.isEmpty()) {
          allDates.addAll(allSourceDates(spark, sources));
        }
        // reach all: any change recomputes the whole table, over every date
        TreeSet<LocalDate> affected =
            metric.reach().kind() == MetricConfig.Reach.Kind.ALL
                ? (exists && touched.isEmpty() ? new TreeSet<>() : new TreeSet<>(allDates))
                : affectedDates.of(metric.reach(), exists ? touched : allDates);
        String work = metric.model().isPresent() ? "retraining " + metric.model().get().type().name().toLowerCase(java.util.Locale.ROOT) + " over every " + metric.model().get().id() : "recomputing " + describe(affected);
        context.progress().stage(metric.table(), affected.isEmpty() ? "up to date" : work + (exists ? "" : " (new table)"));
        long started = System.nanoTime();
        long rows = affected.isEmpty() ? 0 : computeAndWrite(spark, writes, table, metric, affected);
        report.table(table.catalogName(), rows, affected.size(), (System.nanoTime() - started) / 1e9);
        totalRows += rows;
        if (pipeline.export().isPresent() && (!affected.isEmpty() || !exists)) {
          exports.add(new JdbcExport.TableExport(metric, spark.read().format("delta").load(lake.pathOf(table)), affected));
        }
      }
      report.count("tables", pipeline.metrics().size());
      report.count("rows", totalRows);

      if (pipeline.export().isPresent()) {
        steps.step("export");
        context.progress().stage("export", "copying replaced rows to " + pipeline.export().get().url().replaceAll("\\?.*", ""));
        List<String> wanted = pipeline.export().get().tables();
        List<JdbcExport.TableExport> selected =
            exports.stream().filter(e -> wanted.isEmpty() || wanted.contains(e.metric().table())).collect(Collectors.toList());
        String password = pipeline.export().get().password().read(Secrets.fromProcess(), "export.jdbc password");
        Map<String, Long> exported = JdbcExport.export(pipeline.export().get(), password, selected, context.progress()::info);
        report.count("exported_rows", exported.values().stream().mapToLong(Long::longValue).sum());
      }

      steps.step("state");
      AggregateState.write(spark, writes, pipeline.name(), current, context.runId(), context.startedAt());
      return report;
    });
  }

  /** Runs one metric's query for the affected dates and replaces exactly those dates of its table. */
  static long computeAndWrite(SparkSession spark, TableWrites writes, TableId table, MetricConfig metric, TreeSet<LocalDate> affected) {
    List<Date> dates = affected.stream().map(Date::valueOf).toList();
    spark.createDataset(dates, Encoders.DATE()).toDF("date").createOrReplaceTempView("affected_dates");
    Dataset<Row> result;
    try {
      result = spark.sql(metric.sql());
    } catch (Exception e) {
      throw Errors.metricFailed(table.catalogName(), metric.source(), Errors.rootMessage(e), null);
    }
    if (metric.model().isPresent()) {
      // a model is rebuilt whole: its clusters (id → cluster) and, beside them, the centres
      ModelMetric.Result model = ModelMetric.kmeans(spark, table.catalogName(), metric, result);
      TableId centres = TableId.of(table.pipeline(), Zone.CURATED, table.table() + ModelMetric.CENTRES);
      writes.replaceWhereOrCreate(centres, model.centres(), "true");
      return writes.replaceWhereOrCreate(table, model.clusters(), "true");
    }
    for (String column : metric.key()) {
      if (!List.of(result.columns()).contains(column)) {
        throw Errors.metricFailed(
            table.catalogName(), metric.source(), "its query returns no key column '" + column + "' (columns: " + String.join(", ", result.columns()) + ")", null);
      }
    }
    String condition =
        metric.reach().kind() == MetricConfig.Reach.Kind.ALL
            ? "true"
            : "`" + metric.replaceBy() + "` IN (" + affected.stream().map(d -> "DATE'" + d + "'").collect(Collectors.joining(", ")) + ")";
    try {
      return writes.replaceWhereOrCreate(table, result, condition);
    } catch (Exception e) {
      // Delta refuses rows outside the replaced dates (checked while writing, no extra pass): say which metric and why.
      if (String.valueOf(e.getMessage()).contains("DELTA_REPLACE_WHERE_MISMATCH")) {
        throw Errors.metricFailed(
            table.catalogName(), metric.source(),
            "it returned rows whose " + metric.replaceBy() + " is outside the dates it was asked for: filter on the view affected_dates", e);
      }
      throw Errors.rethrow(e);
    }
  }

  /** The primary source now and as the last run saw it, for the metrics whose reach follows first dates. */
  private static AffectedDates.ForRun affectedDates(
      SparkSession spark, Lake lake, AggregateSources sources, Map<String, AggregateState.Aggregated> previous, Map<String, AggregateState.Aggregated> current,
      TreeSet<LocalDate> touched) {
    AggregateSources.Source primary = sources.primary();
    Dataset<Row> primaryNow = spark.table(primary.view());
    Optional<Dataset<Row>> primaryBefore =
        Optional.ofNullable(previous.get(primary.table().catalogName()))
            .filter(v -> v.tableId().equals(current.get(primary.table().catalogName()).tableId()))
            .flatMap(v -> versionIfKept(spark, lake.pathOf(primary.table()), v.version()));
    LocalDate lastDate = touched.isEmpty() ? LocalDate.MIN : lastDate(primaryNow, primary.dateColumn().orElseThrow(), touched);
    return new AffectedDates.ForRun(new AffectedDates.EntityHistory(primaryNow, primaryBefore, primary.dateColumn().orElseThrow(), lastDate));
  }

  /** The table as of {@code version}, when its log still has that version (log retention may have removed it). */
  private static Optional<Dataset<Row>> versionIfKept(SparkSession spark, String path, long version) {
    try {
      Dataset<Row> table = spark.read().format("delta").option("versionAsOf", version).load(path);
      table.schema();
      return Optional.of(table);
    } catch (Exception e) { // also Scala's AnalysisException, a checked Exception to Java
      return Optional.empty();
    }
  }

  private static LocalDate lastDate(Dataset<Row> primary, String dateColumn, TreeSet<LocalDate> touched) {
    Row row = primary.agg(org.apache.spark.sql.functions.max(col(dateColumn))).first();
    LocalDate max = row.isNullAt(0) ? touched.last() : row.getDate(0).toLocalDate();
    return max.isAfter(touched.last()) ? max : touched.last();
  }

  private static TreeSet<LocalDate> allSourceDates(SparkSession spark, AggregateSources sources) {
    TreeSet<LocalDate> dates = new TreeSet<>();
    for (AggregateSources.Source source : sources.dated()) {
      for (Row row : spark.table(source.view()).select(source.dateColumn().get()).distinct().collectAsList()) {
        if (!row.isNullAt(0)) {
          dates.add(row.getDate(0).toLocalDate());
        }
      }
    }
    return dates;
  }

  static String describe(TreeSet<LocalDate> dates) {
    if (dates.size() <= 3) {
      return dates.size() + (dates.size() == 1 ? " date " : " dates ") + dates.stream().map(LocalDate::toString).collect(Collectors.joining(", "));
    }
    return dates.size() + " dates " + dates.first() + " .. " + dates.last();
  }
}
