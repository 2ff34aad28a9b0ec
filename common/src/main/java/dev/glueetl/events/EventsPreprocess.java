package dev.glueetl.events;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.glueetl.config.PipelineConfig;
import dev.glueetl.error.Errors;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.job.JobContext;
import dev.glueetl.job.JobReport;
import dev.glueetl.job.TableWrites;
import dev.glueetl.lake.Lake;
import dev.glueetl.lake.TableId;
import dev.glueetl.lake.Zone;
import dev.glueetl.spark.Observations;
import dev.glueetl.spark.Observer;
import dev.glueetl.spark.Schemas;
import dev.glueetl.spark.SourceFiles;
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
 * The preprocess job for event pipelines. Steps, in order:
 *
 * <ol>
 *   <li><b>read</b>: list the landing input and parse it once ({@link EventLanding}, {@link ConformEvents}); the
 *       conformed records are cached so later steps do not read the input again;
 *   <li><b>quarantine</b>: write the records that cannot be trusted to {@code quarantine.events}, replacing earlier
 *       quarantine rows of the same source files; counts per reason are observed during this write;
 *   <li><b>events</b>: deduplicate ({@link DeduplicateEvents}), sessionize ({@link Sessionize}) and write
 *       {@code trusted.events}, replacing the event dates present in this run's output;
 *   <li><b>sessions</b>: aggregate this run's events into {@code trusted.sessions}, replacing its session dates;
 *   <li><b>check</b>: read = trusted + duplicates + quarantined, or the run fails.
 * </ol>
 *
 * Each write is one Delta commit; when a step fails, the tables already written by this run are restored.
 */
public final class EventsPreprocess {
  public static final String EVENTS = "events";
  public static final String SESSIONS = "sessions";

  private EventsPreprocess() {}

  public static TableId trustedEvents(String pipeline) {
    return TableId.of(pipeline, Zone.TRUSTED, EVENTS);
  }

  public static TableId sessions(String pipeline) {
    return TableId.of(pipeline, Zone.TRUSTED, SESSIONS);
  }

  public static TableId quarantine(String pipeline) {
    return TableId.of(pipeline, Zone.QUARANTINE, EVENTS);
  }

  public static JobReport run(JobContext context) {
    SparkSession spark = context.spark();
    PipelineConfig pipeline = context.pipeline();
    Lake lake = context.lake();
    JobReport report = new JobReport();

    context.progress().stage("read", "parsing " + pipeline.source().path());
    Dataset<Row> landing = EventLanding.read(spark, pipeline.source());
    List<String> files = SourceFiles.of(landing);
    report.count("input_files", files.size());
    if (files.isEmpty()) {
      context.progress().warn("no input files under " + pipeline.source().path() + ": nothing to do");
      return zeroCounts(report);
    }
    int partitions = ShufflePartitions.sizeFor(spark, landing);
    context.progress().info(files.size() + " input files, " + partitions + " shuffle partitions");
    // Only quarantined records need their raw text: dropping it from good records before the cache keeps the cache
    // (and the shuffles after it) about half the size of the input instead of twice it.
    Dataset<Row> conformed =
        ConformEvents.conform(pipeline.source(), pipeline.validation(), context.runId(), context.startedAt(), landing)
            .withColumn("raw_record", when(col("reason").isNotNull(), col("raw_record")))
            .persist(StorageLevel.MEMORY_AND_DISK());

    TableWrites writes = new TableWrites(spark, lake);
    String step = "quarantine";
    try {
      context.progress().stage(step, "writing records that cannot be trusted");
      Observer readCounts = Observer.of(spark, "read");
      Dataset<Row> observed = readCounts.observe(conformed, count(lit(1)).as("lines"), readCountColumns());
      TableId quarantine = quarantine(pipeline.name());
      writes.ensureTable(quarantine, EventSchemas.QUARANTINE);
      writes.replaceWhere(
          quarantine,
          Schemas.conform(observed.filter(col("reason").isNotNull().and(col("reason").notEqual(ConformEvents.BLANK_LINE))), EventSchemas.QUARANTINE),
          TableWrites.inList("source_file", files));
      Map<String, Object> read = readCounts.values();
      long blank = Observations.count(read, "blank_lines");
      report.count("read", Observations.count(read, "lines") - blank);
      report.count("blank_lines", blank);

      step = "events";
      context.progress().stage(step, "deduplicating and sessionizing (inactivity gap " + dev.glueetl.config.Durations.format(pipeline.sessions().inactivityGap()) + ")");
      Observer duplicates = Observer.of(spark, "duplicates");
      Dataset<Row> events =
          duplicates.observe(DeduplicateEvents.markDuplicates(conformed.filter(col("reason").isNull())), Observations.countIf(col("is_duplicate"), "duplicates"))
              .filter(col("is_duplicate").equalTo(false));
      TableId trusted = trustedEvents(pipeline.name());
      writes.ensureTable(trusted, EventSchemas.TRUSTED_EVENTS, "event_date");
      long trustedRows =
          writes.replacePartitions(
              trusted,
              Schemas.conform(Sessionize.sessionize(pipeline.sessions().inactivityGap(), events), EventSchemas.TRUSTED_EVENTS),
              "event_date");
      report.count("trusted", trustedRows);
      report.count("duplicates", Observations.count(duplicates.values(), "duplicates"));
      long quarantined = 0;
      for (ConformEvents.Reason reason : ConformEvents.Reason.values()) {
        quarantined += Observations.count(read, reason.name());
      }
      report.count("quarantined", quarantined);
      for (ConformEvents.Reason reason : ConformEvents.Reason.values()) {
        report.count("quarantined." + reason.name(), Observations.count(read, reason.name()));
      }

      step = "sessions";
      context.progress().stage(step, "aggregating this run's events into sessions");
      TableId sessions = sessions(pipeline.name());
      Dataset<Row> runEvents = writes.read(trusted).where(col("run_id").equalTo(context.runId()));
      writes.ensureTable(sessions, EventSchemas.SESSIONS, "session_date");
      long sessionRows =
          writes.replacePartitions(
              sessions,
              Schemas.conform(Sessionize.sessions(context.runId(), runEvents), EventSchemas.SESSIONS),
              "session_date");
      report.count("sessions", sessionRows);

      checkInvariant(report);
      context.progress().info(summary(report));
      return report;
    } catch (GlueEtlException e) {
      throw e;
    } catch (Exception e) { // also Scala's AnalysisException, a checked Exception to Java
      String restored = writes.restore();
      throw Errors.writeFailed(step, restored, e);
    } finally {
      conformed.unpersist();
    }
  }

  /** read = trusted + duplicates + quarantined: every record ends up in exactly one place. */
  static void checkInvariant(JobReport report) {
    long read = report.count("read");
    long accounted = report.count("trusted") + report.count("duplicates") + report.count("quarantined");
    if (read != accounted) {
      throw new IllegalStateException(
          "record accounting broken: read " + read + " != trusted + duplicates + quarantined = " + accounted + " " + report);
    }
  }

  static String summary(JobReport report) {
    return "read " + report.count("read") + ", trusted " + report.count("trusted") + ", duplicates "
        + report.count("duplicates") + ", quarantined " + report.count("quarantined") + ", sessions "
        + report.count("sessions") + ", blank lines " + report.count("blank_lines");
  }

  private static JobReport zeroCounts(JobReport report) {
    for (String name : List.of("read", "blank_lines", "trusted", "duplicates", "quarantined", "sessions")) {
      report.count(name, 0);
    }
    return report;
  }

  private static Column[] readCountColumns() {
    List<Column> columns = new ArrayList<>();
    columns.add(Observations.countIf(col("reason").equalTo(ConformEvents.BLANK_LINE), "blank_lines"));
    for (ConformEvents.Reason reason : ConformEvents.Reason.values()) {
      columns.add(Observations.countIf(col("reason").equalTo(reason.name()), reason.name()));
    }
    return columns.toArray(new Column[0]);
  }

}
