package dev.glueetl.records;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;

import dev.glueetl.config.BookmarkOption;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.config.RecordTableConfig;
import dev.glueetl.error.Errors;
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
import dev.glueetl.records.ConformRecords.Reason;
import dev.glueetl.records.DeduplicateRecords.Outcome;
import dev.glueetl.secrets.Secrets;
import dev.glueetl.spark.CodeGeneration;
import dev.glueetl.spark.Observations;
import dev.glueetl.spark.Observer;
import dev.glueetl.spark.Schemas;
import dev.glueetl.spark.ShufflePartitions;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The preprocess job for {@code records} pipelines: each table of {@code source.tables}, in order. Steps:
 *
 * <ol>
 *   <li><b>bookmark</b>: list each file table's landing files and choose the new and changed ones (the same ledger as
 *       every pipeline); read each database table's committed watermark; record the file batch as PENDING;
 *   <li>per table, <b>read</b>: the batch's records as text ({@link RecordLanding}, {@link JdbcRecords}), typed and
 *       checked ({@link ConformRecords}), then classified by key against the batch and the trusted table
 *       ({@link DeduplicateRecords});
 *   <li>per table, <b>quarantine</b>: the records that fail a check or conflict, with their reason, to
 *       {@code <pipeline>_quarantine.<table>}, replacing what earlier runs rejected from the same files;
 *   <li>per table, <b>trusted</b>: one Delta MERGE of the new keys and newer versions into
 *       {@code <pipeline>_trusted.<table>} (with {@code history: scd2}, of the rebuilt versions of the keys touched);
 *   <li>per table, <b>check</b>: read = trusted + quarantined + duplicates + superseded, or the run fails;
 *   <li><b>commit</b>: the database watermarks and the file ledger.
 * </ol>
 *
 * A run killed half-way leaves its files PENDING and its watermarks uncommitted: the next run reads the same records
 * again, and the merge by key makes that change nothing that is already there. A failed step restores every table.
 */
public final class RecordsPreprocess {
  static final String JOB = "preprocess";

  private RecordsPreprocess() {}

  public static TableId trusted(String pipeline, String table) {
    return TableId.of(pipeline, Zone.TRUSTED, table);
  }

  public static TableId quarantine(String pipeline, String table) {
    return TableId.of(pipeline, Zone.QUARANTINE, table);
  }

  /** What to read of one table in this run. */
  private record Plan(RecordTableConfig table, Optional<Bookmark.Batch> files, Optional<String> watermark) {}

  public static TableId raw(String pipeline, String table) {
    return TableId.of(pipeline, Zone.RAW, table);
  }

  /**
   * The job's body. Without a raw zone: landing → trusted, as the steps above say. With {@code zones: [landing, raw,
   * trusted, curated]}, {@code --zone raw} reads landing into raw (typed copies: parsing is the only check), {@code --zone
   * trusted} promotes the raw rows added since the last promotion into trusted ({@link RawPromotion}), and no
   * {@code --zone} does both in turn.
   */
  public static JobReport run(JobContext context) {
    PipelineConfig pipeline = context.pipeline();
    Optional<Zone> zone = context.args().checkedZone();
    if (zone.isPresent() && zone.get() != Zone.TRUSTED && (zone.get() != Zone.RAW || !pipeline.hasRawZone())) {
      throw Errors.invalidArgument(
          "--zone", "the preprocess job of " + pipeline.name() + " writes " + (pipeline.hasRawZone() ? "raw or trusted" : "trusted only (its zones have no raw)")
              + ", not " + zone.get().dirName());
    }
    if (!pipeline.hasRawZone()) {
      return fromLanding(context, false);
    }
    if (zone.isPresent()) {
      return zone.get() == Zone.RAW ? fromLanding(context, true) : RawPromotion.run(context);
    }
    JobReport ingested = fromLanding(context, true);
    JobReport promoted = RawPromotion.run(context);
    // one job, both stages: counts of the same name add up (quarantined by parsing and by the checks)
    promoted.counts().forEach((count, value) -> ingested.count(count, ingested.count(count) + value));
    return ingested;
  }

  /** Landing files and database rows into trusted tables, or with {@code toRaw} into raw tables. */
  private static JobReport fromLanding(JobContext context, boolean toRaw) {
    SparkSession spark = context.spark();
    PipelineConfig pipeline = context.pipeline();
    JobReport report = new JobReport();

    context.progress().stage("bookmark", "listing the landing files and reading the database watermarks");
    Map<String, Bookmark.Entry> ledger = Bookmark.latest(spark, context.lake(), pipeline.name());
    Map<String, JdbcWatermarks.Mark> watermarks = JdbcWatermarks.latest(spark, context.lake(), pipeline.name());
    List<Plan> plans = new ArrayList<>();
    List<LandingFiles.LandingFile> allFiles = new ArrayList<>();
    long bytes = 0;
    for (RecordTableConfig table : pipeline.source().tables()) {
      if (table.path().isPresent()) {
        List<LandingFiles.LandingFile> listed = LandingFiles.list(pipeline.source().pathOf(table), spark.sparkContext().hadoopConfiguration());
        Bookmark.Batch batch = Bookmark.select(listed, ledger, context.args().bookmark());
        allFiles.addAll(batch.files());
        bytes += batch.bytes();
        report.count(table.name() + ".input_files", batch.files().size());
        report.count(table.name() + ".skipped_files", batch.skipped());
        plans.add(new Plan(table, Optional.of(batch), Optional.empty()));
      } else {
        // a watermark of another database or table (the URL or table changed) means nothing here: read everything
        String source = JdbcWatermarks.source(table.jdbc().get());
        JdbcWatermarks.Mark mark = watermarks.get(table.name());
        if (mark != null && !mark.source().equals(source)) {
          context.progress().info(table.name() + ": the last watermark was taken on " + mark.source() + ", not " + source + ": reading every row");
          mark = null;
        }
        boolean readAll = context.args().bookmark() == BookmarkOption.DISABLE || mark == null;
        plans.add(new Plan(table, Optional.empty(), readAll ? Optional.empty() : Optional.of(mark.watermark())));
      }
    }
    context.progress().info(CodeGeneration.sizeFor(spark, Math.max(bytes, 1)).describe());
    ShufflePartitions.sizeFor(spark, Math.max(bytes, 1));

    // Spark's CSV reader counts the cells of a line only against the columns a query needs: with undeclared columns
    // pruned, a line with a cell too many would pass as a good one. Off for this job's reads, back as it was after.
    String pruning = spark.conf().get(CSV_COLUMN_PRUNING, "true");
    spark.conf().set(CSV_COLUMN_PRUNING, "false");
    try {
      return process(context, plans, allFiles, report, toRaw);
    } finally {
      spark.conf().set(CSV_COLUMN_PRUNING, pruning);
    }
  }

  private static final String CSV_COLUMN_PRUNING = "spark.sql.csv.parser.columnPruning.enabled";

  private static JobReport process(JobContext context, List<Plan> plans, List<LandingFiles.LandingFile> allFiles, JobReport report, boolean toRaw) {
    SparkSession spark = context.spark();
    PipelineConfig pipeline = context.pipeline();
    return JobSteps.run(context, steps -> {
      TableWrites writes = steps.writes();
      if (!allFiles.isEmpty()) {
        steps.step("bookmark");
        Bookmark.record(spark, writes, pipeline.name(), Bookmark.entries(allFiles, Bookmark.State.PENDING, context.runId()), context.startedAt());
        CommitPoints.reached("preprocess:batch-recorded");
      }
      List<JdbcWatermarks.Mark> marks = new ArrayList<>();
      for (Plan plan : plans) {
        processTable(context, steps, plan, report, toRaw).ifPresent(marks::add);
      }
      steps.stage("commit", "committing the database watermarks and the file bookmark");
      // job-bookmark-pause reads from the bookmark without moving it: the next run reads the same rows again
      if (!marks.isEmpty() && context.args().bookmark() != BookmarkOption.PAUSE) {
        JdbcWatermarks.commit(spark, writes, pipeline.name(), marks, context.runId(), context.startedAt());
      }
      if (!allFiles.isEmpty()) {
        Bookmark.State done = context.args().bookmark() == BookmarkOption.PAUSE ? Bookmark.State.PAUSED : Bookmark.State.COMMITTED;
        Bookmark.record(spark, writes, pipeline.name(), Bookmark.entries(allFiles, done, context.runId()), context.startedAt());
      }
      CommitPoints.reached("preprocess:batch-committed");
      totals(report, pipeline, List.of("read", toRaw ? "raw" : "trusted", "quarantined"));
      return report;
    });
  }

  /** Per count, the sum over the pipeline's tables of {@code <table>.<count>}, as {@code <count>}. */
  static void totals(JobReport report, PipelineConfig pipeline, List<String> counts) {
    for (String count : counts) {
      long total = 0;
      for (RecordTableConfig table : pipeline.source().tables()) {
        total += report.count(table.name() + "." + count);
      }
      report.count(count, total);
    }
  }

  /** Reads, checks and writes one table; returns the watermark to commit for a database table. */
  private static Optional<JdbcWatermarks.Mark> processTable(JobContext context, JobSteps steps, Plan plan, JobReport report, boolean toRaw) {
    SparkSession spark = context.spark();
    RecordTableConfig table = plan.table();
    String pipeline = context.pipeline().name();
    String name = table.name();
    steps.stage(name + ": read", "reading " + (table.path().isPresent() ? context.pipeline().source().pathOf(table) : table.origin()));
    Dataset<Row> raw;
    String replaced;
    Optional<JdbcWatermarks.Mark> mark = Optional.empty();
    if (plan.files().isPresent()) {
      Bookmark.Batch batch = plan.files().get();
      if (batch.isEmpty()) {
        context.progress().info(name + ": no new or changed files under " + context.pipeline().source().pathOf(table));
        zeroCounts(report, name, toRaw ? Stage.RAW : Stage.LANDING);
        return Optional.empty();
      }
      raw = RecordLanding.files(spark, table, batch.files());
      replaced = TableWrites.inList("source_file", batch.paths());
    } else {
      String password = table.jdbc().get().password().read(Secrets.fromProcess(), "source.tables[" + name + "].jdbc password");
      JdbcRecords.Read read = JdbcRecords.read(spark, table, password, plan.watermark());
      if (read.rows().isEmpty()) {
        context.progress().info(name + ": no rows changed in " + table.origin() + plan.watermark().map(w -> " since " + w).orElse(""));
        zeroCounts(report, name, toRaw ? Stage.RAW : Stage.LANDING);
        return Optional.empty();
      }
      raw = RecordLanding.rows(table, read.rows().get(), read.label());
      replaced = TableWrites.inList("source_file", List.of(read.label()));
      mark = read.highMark().map(high -> new JdbcWatermarks.Mark(name, JdbcWatermarks.source(table.jdbc().get()), high));
    }
    if (toRaw) {
      toRaw(context, steps, table, raw, replaced, report);
    } else {
      toTrusted(context, steps, table, raw, replaced, ConformRecords.Checks.ALL, report);
    }
    return mark;
  }

  /** Which records a pass reads and so which counts it keeps: landing → trusted, landing → raw, raw → trusted. */
  enum Stage {
    LANDING("read"),
    RAW("read"),
    PROMOTE("raw_read");

    final String readCount;

    Stage(String readCount) {
      this.readCount = readCount;
    }
  }

  /**
   * Landing → raw for one table: every record whose declared columns parse to their types, typed, into {@code
   * <pipeline>_raw.<table>} (replacing the rows of the same files, so a rerun never doubles them), and the others to
   * quarantine with MALFORMED_RECORD or TYPE_MISMATCH. Records read = raw + quarantined, or the run fails.
   */
  private static void toRaw(JobContext context, JobSteps steps, RecordTableConfig table, Dataset<Row> landing, String replaced, JobReport report) {
    SparkSession spark = context.spark();
    String name = table.name();
    TableWrites writes = steps.writes();
    Dataset<Row> conformed = conformed(table, landing, ConformRecords.Checks.PARSE).persist(StorageLevel.MEMORY_AND_DISK());
    steps.onEnd(conformed::unpersist);
    steps.stage(name + ": quarantine", "writing the records of " + name + " that do not parse");
    Observer reasons = Observer.of(spark, "raw_" + name);
    List<Column> reasonCounts = new ArrayList<>();
    for (String reason : ConformRecords.reasons(ConformRecords.Checks.PARSE)) {
      reasonCounts.add(Observations.countIf(col("reason").equalTo(reason), reason));
    }
    Dataset<Row> observed = reasons.observe(conformed, count(lit(1)).as("read"), reasonCounts.toArray(new Column[0]));
    writeQuarantine(context, writes, table, observed.where(col("reason").isNotNull()), replaced, ConformRecords.Checks.PARSE);
    Map<String, Object> counts = reasons.values();

    TableId rawTable = raw(context.pipeline().name(), name);
    steps.stage(name + ": raw", "writing the typed records of " + name + " into " + rawTable);
    StructType schema = RecordSchemas.raw(table);
    Dataset<Row> rows =
        conformed.where(col("reason").isNull())
            .withColumnRenamed("_file_order", "file_order")
            .withColumnRenamed("_position", "position")
            .withColumn("run_id", lit(context.runId()))
            .withColumn("ingested_at", lit(Timestamp.from(context.startedAt())));
    long written = writes.replaceRows(rawTable, schema, Schemas.conform(rows, schema), replaced);
    CommitPoints.reached("preprocess:raw-written");

    long quarantined = 0;
    for (String reason : ConformRecords.reasons(ConformRecords.Checks.PARSE)) {
      long n = Observations.count(counts, reason);
      report.count(name + ".quarantined." + reason, n);
      quarantined += n;
    }
    report.count(name + ".read", Observations.count(counts, "read"));
    report.count(name + ".raw", written);
    report.count(name + ".quarantined", quarantined);
    context.progress().info(name + ": read " + report.count(name + ".read") + ", raw " + written + ", quarantined " + quarantined);
    long read = report.count(name + ".read");
    if (read != written + quarantined) {
      throw new InvariantViolation("record accounting broken for " + name + ": read " + read + " != raw + quarantined = " + (written + quarantined) + " " + report);
    }
  }

  /**
   * The quarantine rows of one pass: replaces what the same pass rejected from the same files before (rows another
   * pass or the quality job put there stay).
   */
  private static void writeQuarantine(
      JobContext context, TableWrites writes, RecordTableConfig table, Dataset<Row> rejects, String replaced, ConformRecords.Checks pass) {
    Dataset<Row> quarantineRows =
        Schemas.conform(
            rejects.withColumn("run_id", lit(context.runId())).withColumn("ingested_at", lit(Timestamp.from(context.startedAt()))), RecordSchemas.QUARANTINE);
    // the rows the quality job moved here (reason QUALITY_RULE) are its own: a rerun of their file does not drop them
    writes.replaceRows(
        quarantine(context.pipeline().name(), table.name()), RecordSchemas.QUARANTINE, quarantineRows,
        replaced + " AND " + TableWrites.inList("reason", ConformRecords.reasons(pass)));
  }

  /**
   * Records to trusted for one table, from landing ({@code pass} ALL) or from raw ({@code pass} VALIDATE): checked,
   * classified by key against the batch and the trusted table, the rejects quarantined, the new and newer merged.
   */
  static void toTrusted(
      JobContext context, JobSteps steps, RecordTableConfig table, Dataset<Row> raw, String replaced, ConformRecords.Checks pass, JobReport report) {
    SparkSession spark = context.spark();
    String pipeline = context.pipeline().name();
    String name = table.name();
    Stage stage = pass == ConformRecords.Checks.VALIDATE ? Stage.PROMOTE : Stage.LANDING;
    Dataset<Row> conformed = conformed(table, raw, pass).persist(StorageLevel.MEMORY_AND_DISK());
    steps.onEnd(conformed::unpersist);
    StructType trustedSchema = RecordSchemas.trusted(table, derivedTypes(table, conformed.schema()));
    TableId trusted = trusted(pipeline, name);
    TableWrites writes = steps.writes();
    writes.ensureTable(trusted, trustedSchema, table.partition().map(p -> new String[] {p}).orElse(new String[0]));
    Dataset<Row> stored = writes.read(trusted);
    Dataset<Row> classified =
        DeduplicateRecords.againstStored(table, DeduplicateRecords.withinBatch(table, conformed.where(col("reason").isNull())), stored)
            .persist(StorageLevel.MEMORY_AND_DISK());
    steps.onEnd(classified::unpersist);

    steps.stage(name + ": quarantine", "writing the records of " + name + " that cannot be trusted");
    Observer reasons = Observer.of(spark, "records_" + name);
    List<Column> reasonCounts = new ArrayList<>();
    for (Reason reason : Reason.values()) {
      reasonCounts.add(Observations.countIf(col("reason").equalTo(reason.name()), reason.name()));
    }
    Dataset<Row> observed = reasons.observe(conformed, count(lit(1)).as(stage.readCount), reasonCounts.toArray(new Column[0]));
    Column orderColumn = lit(table.orderBy().orElse(String.join(",", table.key())));
    Dataset<Row> conflicts =
        classified
            .where(col("_outcome").equalTo(Outcome.CONFLICT.name()))
            .withColumn("reason", lit(Reason.DUPLICATE_KEY_CONFLICT.name()))
            .withColumn("column", orderColumn)
            .withColumn("detail", lit("another version of the key " + table.key() + " has the same " + table.orderBy().orElse("position") + " and other values"));
    Dataset<Row> rejects = observed.where(col("reason").isNotNull()).unionByName(conflicts, true);
    writeQuarantine(context, writes, table, rejects, replaced, pass);
    Map<String, Object> counts = reasons.values();
    CommitPoints.reached("preprocess:quarantine-written");

    Map<String, Long> outcomes = new LinkedHashMap<>();
    for (Row row : classified.groupBy("_outcome").count().collectAsList()) {
      outcomes.put(row.getString(0), row.getLong(1));
    }
    long accepting = outcomes.getOrDefault(Outcome.INSERT.name(), 0L) + outcomes.getOrDefault(Outcome.UPDATE.name(), 0L);
    steps.stage(name + ": trusted", accepting == 0 ? "nothing new or newer for " + trusted : "merging " + accepting + " new and newer records into " + trusted);
    if (accepting > 0) { // a MERGE of nothing still scans the table: a rerun of known records skips it
      Dataset<Row> accepted =
          classified
              .where(col("_outcome").isin(Outcome.INSERT.name(), Outcome.UPDATE.name()))
              .withColumn("run_id", lit(context.runId()))
              .withColumn("ingested_at", lit(Timestamp.from(context.startedAt())));
      boolean firstLoad = writes.createdByThisRun(trusted);
      if (table.history() == RecordTableConfig.History.SCD2) {
        writeVersions(writes, trusted, table, accepted, stored, trustedSchema, firstLoad);
      } else if (firstLoad) { // an empty table: every accepted record is a new key, an append is the whole merge
        writes.append(trusted, trustedSchema, Schemas.conform(accepted, trustedSchema));
      } else {
        Optional<String> newer =
            switch (table.keep()) {
              case LATEST -> Optional.of("s.`" + table.orderBy().get() + "` > t.`" + table.orderBy().get() + "`");
              case LAST -> Optional.of("true"); // the batch holds only records whose content differs from the stored
              case FIRST -> Optional.empty();
            };
        writes.upsert(trusted, Schemas.conform(accepted, trustedSchema), table.key(), newer, trustedSchema);
      }
    }
    CommitPoints.reached("preprocess:trusted-written");

    long conflictCount = outcomes.getOrDefault(Outcome.CONFLICT.name(), 0L);
    report.count(name + "." + stage.readCount, Observations.count(counts, stage.readCount));
    report.count(name + ".trusted", outcomes.getOrDefault(Outcome.INSERT.name(), 0L) + outcomes.getOrDefault(Outcome.UPDATE.name(), 0L));
    report.count(name + ".inserted", outcomes.getOrDefault(Outcome.INSERT.name(), 0L));
    report.count(name + ".updated", outcomes.getOrDefault(Outcome.UPDATE.name(), 0L));
    long quarantined = conflictCount;
    for (Reason reason : Reason.values()) {
      if (!pass.makes(reason)) {
        continue;
      }
      long n = reason == Reason.DUPLICATE_KEY_CONFLICT ? conflictCount : Observations.count(counts, reason.name());
      if (reason != Reason.DUPLICATE_KEY_CONFLICT) {
        quarantined += n;
      }
      report.count(name + ".quarantined." + reason.name(), n);
    }
    report.count(name + ".quarantined", quarantined);
    report.count(name + ".duplicates", outcomes.getOrDefault(Outcome.DUPLICATE.name(), 0L));
    report.count(name + ".superseded", outcomes.getOrDefault(Outcome.SUPERSEDED.name(), 0L));
    context.progress().info(
        name + ": read " + report.count(name + "." + stage.readCount) + (stage == Stage.PROMOTE ? " from raw" : "") + ", trusted " + report.count(name + ".trusted") + " (new " + report.count(name + ".inserted")
            + ", newer " + report.count(name + ".updated") + "), quarantined " + quarantined + ", duplicates " + report.count(name + ".duplicates")
            + ", superseded " + report.count(name + ".superseded"));
    checkInvariant(report, name, stage.readCount);
  }

  /** Typed and checked records; a derived expression that does not analyse is the pipeline's error, named so. */
  private static Dataset<Row> conformed(RecordTableConfig table, Dataset<Row> raw, ConformRecords.Checks pass) {
    Dataset<Row> conformed;
    try {
      conformed = ConformRecords.conform(table, raw, pass);
    } catch (Exception e) { // Scala's AnalysisException is a checked Exception to Java
      throw Errors.invalidValue("source.tables[" + table.name() + "].derived", "the pipeline file", Errors.rootMessage(e), "Spark SQL expressions over the declared columns");
    }
    table.partition().filter(p -> pass != ConformRecords.Checks.PARSE).ifPresent(partition -> {
      DataType type = conformed.schema().apply(partition).dataType();
      if (type != DataTypes.DateType) {
        throw Errors.invalidValue("source.tables[" + table.name() + "].partition", "the pipeline file", partition + " of type " + type.simpleString(), "a date column");
      }
    });
    return conformed;
  }

  /**
   * scd2: the stored versions of every key with a new version, and the new versions, ordered by {@code valid_from}; each
   * is valid until the next one, the last is current. One MERGE on key and {@code valid_from}: stored versions get
   * their new {@code valid_to}, new versions are inserted.
   */
  private static void writeVersions(
      TableWrites writes, TableId trusted, RecordTableConfig table, Dataset<Row> accepted, Dataset<Row> stored, StructType schema, boolean firstLoad) {
    Dataset<Row> newVersions =
        accepted
            .withColumn("valid_from", col(table.orderBy().get()).cast(DataTypes.TimestampType))
            .withColumn("valid_to", lit(null).cast(DataTypes.TimestampType))
            .withColumn("is_current", lit(true));
    newVersions = Schemas.conform(newVersions, schema);
    Dataset<Row> touchedKeys = newVersions.select(table.key().stream().map(k -> col(k).as("_k_" + k)).toArray(Column[]::new)).distinct();
    Column sameKey = lit(true);
    for (String k : table.key()) {
      sameKey = sameKey.and(col(k).equalTo(col("_k_" + k)));
    }
    Dataset<Row> storedVersions = stored.join(touchedKeys, sameKey, "left_semi");
    Column[] orderKey = table.key().stream().map(k -> col(k)).toArray(Column[]::new);
    Dataset<Row> rebuilt =
        storedVersions.unionByName(newVersions)
            .withColumn("valid_to", lead(col("valid_from"), 1).over(Window.partitionBy(orderKey).orderBy(col("valid_from"))))
            .withColumn("is_current", col("valid_to").isNull());
    if (firstLoad) { // nothing stored: the rebuilt versions are all new
      writes.append(trusted, schema, Schemas.conform(rebuilt, schema));
      return;
    }
    List<String> on = new ArrayList<>(table.key());
    on.add("valid_from");
    writes.upsert(trusted, Schemas.conform(rebuilt, schema), on, Optional.of("true"), schema);
  }

  private static Map<String, DataType> derivedTypes(RecordTableConfig table, StructType schema) {
    Map<String, DataType> types = new LinkedHashMap<>();
    for (String derived : table.derived().keySet()) {
      StructField field = schema.apply(derived);
      types.put(derived, field.dataType());
    }
    return types;
  }

  static void zeroCounts(JobReport report, String name, Stage stage) {
    List<String> counts =
        stage == Stage.RAW ? List.of("read", "raw", "quarantined") : List.of(stage.readCount, "trusted", "inserted", "updated", "quarantined", "duplicates", "superseded");
    for (String count : counts) {
      report.count(name + "." + count, 0);
    }
    ConformRecords.Checks pass = stage == Stage.RAW ? ConformRecords.Checks.PARSE : stage == Stage.PROMOTE ? ConformRecords.Checks.VALIDATE : ConformRecords.Checks.ALL;
    for (String reason : ConformRecords.reasons(pass)) {
      report.count(name + ".quarantined." + reason, 0);
    }
  }

  /** Per table: records read = trusted + quarantined + duplicates + superseded. */
  static void checkInvariant(JobReport report, String table) {
    checkInvariant(report, table, "read");
  }

  private static void checkInvariant(JobReport report, String table, String readCount) {
    long read = report.count(table + "." + readCount);
    long accounted = report.count(table + ".trusted") + report.count(table + ".quarantined") + report.count(table + ".duplicates") + report.count(table + ".superseded");
    if (read != accounted) {
      throw new InvariantViolation(
          "record accounting broken for " + table + ": read " + read + " != trusted + quarantined + duplicates + superseded = " + accounted + " " + report);
    }
  }
}
