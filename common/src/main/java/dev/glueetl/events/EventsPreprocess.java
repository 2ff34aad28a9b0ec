package dev.glueetl.events;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import dev.glueetl.config.BookmarkOption;
import dev.glueetl.config.Durations;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.error.InvariantViolation;
import dev.glueetl.job.CommitPoints;
import dev.glueetl.job.JobContext;
import dev.glueetl.job.JobReport;
import dev.glueetl.job.JobSteps;
import dev.glueetl.job.TableWrites;
import dev.glueetl.lake.DeltaSnapshots;
import dev.glueetl.lake.Lake;
import dev.glueetl.lake.TableId;
import dev.glueetl.lake.Zone;
import dev.glueetl.landing.Bookmark;
import dev.glueetl.landing.LandingFiles;
import dev.glueetl.spark.CodeGeneration;
import dev.glueetl.spark.Observations;
import dev.glueetl.spark.Observer;
import dev.glueetl.spark.Schemas;
import dev.glueetl.spark.ShufflePartitions;
import java.sql.Date;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The preprocess job for event pipelines. Steps, in order; each write is one Delta commit, and the commit points between
 * them are named for crash tests ({@link CommitPoints}):
 *
 * <ol>
 *   <li><b>bookmark</b>: list the landing input and choose the files to process ({@link Bookmark}): new files, files
 *       changed since they were processed, and the files of a run that never finished. The batch is recorded in the
 *       ledger as PENDING before anything else is written;
 *   <li><b>read</b>: parse the batch once ({@link EventLanding}, {@link ConformEvents}); cached for the steps below;
 *   <li><b>quarantine</b>: replace the quarantine rows of the batch's files with the records that cannot be trusted;
 *       counts per reason are observed during this write;
 *   <li><b>sessions</b> and <b>events</b>: on a lake without events, deduplicate and sessionize the batch and append it;
 *       otherwise bring the batch into the stored events and sessions with {@link IncrementalEvents} (MERGE), sessions
 *       first, so that a run killed between the two leaves what the next run needs to finish them;
 *   <li><b>bookmark</b>: record the batch's files COMMITTED (PAUSED with {@code job-bookmark-pause});
 *   <li><b>check</b>: read = trusted + duplicates + quarantined, or the run fails.
 * </ol>
 *
 * A run killed at any point leaves its batch PENDING: the next run processes those files again, and every step above
 * replaces what the killed run wrote for them, so the tables end up as one uninterrupted run leaves them. A failure the
 * job sees restores the tables it changed (no other run writes meanwhile: {@link dev.glueetl.job.RunLock}).
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

    context.progress().stage("bookmark", "listing " + pipeline.source().path());
    List<LandingFiles.LandingFile> listed = LandingFiles.list(pipeline.source().path(), spark.sparkContext().hadoopConfiguration());
    BookmarkOption option = context.args().bookmark();
    Bookmark.Batch batch = Bookmark.select(listed, Bookmark.latest(spark, lake, pipeline.name()), option);
    report.count("input_files", batch.files().size());
    report.count("skipped_files", batch.skipped());
    batch.vanished().forEach(f -> context.progress().warn("file " + f + " of an unfinished run is no longer in the landing input: what that run wrote for it stays"));
    if (batch.isEmpty()) {
      context.progress().info(listed.isEmpty() ? "no input files under " + pipeline.source().path() + ": nothing to do"
          : "all " + listed.size() + " input files already processed (bookmark): nothing to do");
      return zeroCounts(report);
    }
    context.progress().info(
        batch.files().size() + " of " + listed.size() + " input files to process (" + batch.prior().size() + " seen before, replacing what they gave)");
    // a batch merged into stored events also reads them (within the dedupe lookback): counted whole, to be safe
    long storedBytes = DeltaSnapshots.bytes(spark, lake.pathOf(trustedEvents(pipeline.name())));
    context.progress().info(CodeGeneration.sizeFor(spark, batch.bytes() + CodeGeneration.deltaAsInputBytes(storedBytes)).describe());

    return JobSteps.run(context, steps -> {
      TableWrites writes = steps.writes();
      steps.step("bookmark");
      Bookmark.record(spark, writes, pipeline.name(), Bookmark.entries(batch.files(), Bookmark.State.PENDING, context.runId()), context.startedAt());
      CommitPoints.reached("preprocess:batch-recorded");

      steps.stage("read", "parsing " + batch.files().size() + " files");
      Dataset<Row> landing = EventLanding.read(spark, pipeline.source(), batch.paths());
      int partitions = ShufflePartitions.sizeFor(spark, batch.bytes());
      context.progress().info(partitions + " shuffle partitions");
      // Only quarantined records need their raw text: dropping it from good records before the cache keeps the cache
      // (and the shuffles after it) about half the size of the input instead of twice it.
      Dataset<Row> conformed =
          ConformEvents.conform(pipeline.source(), pipeline.validation(), context.runId(), context.startedAt(), landing)
              .withColumn("raw_record", when(col("reason").isNotNull(), col("raw_record")))
              .persist(StorageLevel.MEMORY_AND_DISK());
      steps.onEnd(conformed::unpersist);

      steps.stage("quarantine", "writing records that cannot be trusted");
      Observer readCounts = Observer.of(spark, "read");
      Dataset<Row> observed = readCounts.observe(conformed, count(lit(1)).as("lines"), readCountColumns());
      TableId quarantine = quarantine(pipeline.name());
      writes.ensureTable(quarantine, EventSchemas.QUARANTINE);
      writes.replaceWhere(
          quarantine,
          Schemas.conform(observed.filter(col("reason").isNotNull().and(col("reason").notEqual(ConformEvents.BLANK_LINE))), EventSchemas.QUARANTINE),
          TableWrites.inList("source_file", batch.paths()));
      Map<String, Object> read = readCounts.values();
      long blank = Observations.count(read, "blank_lines");
      report.count("read", Observations.count(read, "lines") - blank);
      report.count("blank_lines", blank);
      long quarantined = 0;
      for (ConformEvents.Reason reason : ConformEvents.Reason.values()) {
        quarantined += Observations.count(read, reason.name());
      }
      report.count("quarantined", quarantined);
      for (ConformEvents.Reason reason : ConformEvents.Reason.values()) {
        report.count("quarantined." + reason.name(), Observations.count(read, reason.name()));
      }
      CommitPoints.reached("preprocess:quarantine-written");

      Dataset<Row> good = conformed.filter(col("reason").isNull());
      TableId trusted = trustedEvents(pipeline.name());
      TableId sessions = sessions(pipeline.name());
      writes.ensureTable(trusted, EventSchemas.TRUSTED_EVENTS, "event_date");
      writes.ensureTable(sessions, EventSchemas.SESSIONS, "session_date");
      Duration gap = pipeline.sessions().inactivityGap();
      steps.step("events");
      if (isEmpty(spark, lake.pathOf(trusted)) && isEmpty(spark, lake.pathOf(sessions))) {
        firstLoad(context, writes, good, trusted, sessions, gap, report);
      } else {
        Bounds bounds = new Bounds(Observations.date(read, "first_date"), Observations.date(read, "last_date"));
        merge(context, writes, good, trusted, sessions, gap, batch, bounds, report);
      }

      steps.step("bookmark");
      Bookmark.State done = option == BookmarkOption.PAUSE ? Bookmark.State.PAUSED : Bookmark.State.COMMITTED;
      Bookmark.record(spark, writes, pipeline.name(), Bookmark.entries(batch.files(), done, context.runId()), context.startedAt());
      CommitPoints.reached("preprocess:batch-committed");

      checkInvariant(report);
      context.progress().info(summary(report));
      return report;
    });
  }

  /**
   * A lake without events: deduplicate and sessionize the batch, append events, then their sessions. One shuffle, by
   * user: deduplication (by user and event id) and the session window (by user) both run on that partitioning, and the
   * sessions are aggregated from the sessionized events cached while the events are written (still partitioned by user,
   * so without a shuffle of their own) instead of from {@code trusted.events} read back (BENCHMARKS.md, "One shuffle").
   */
  private static void firstLoad(
      JobContext context, TableWrites writes, Dataset<Row> good, TableId trusted, TableId sessions, Duration gap, JobReport report) {
    context.progress().stage("events", "deduplicating and sessionizing (inactivity gap " + Durations.format(gap) + ")");
    Observer duplicates = Observer.of(context.spark(), "duplicates");
    Dataset<Row> sessionized = deduplicateAndSessionize(good, gap, duplicates).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      report.count("trusted", writes.append(trusted, EventSchemas.TRUSTED_EVENTS, sessionized));
      report.count("duplicates", Observations.count(duplicates.values(), "duplicates"));
      CommitPoints.reached("preprocess:events-written");

      context.progress().stage("sessions", "aggregating this run's events into sessions");
      report.count("sessions", writes.append(sessions, EventSchemas.SESSIONS, Schemas.conform(Sessionize.sessions(context.runId(), sessionized), EventSchemas.SESSIONS)));
      CommitPoints.reached("preprocess:sessions-written");
    } finally {
      sessionized.unpersist();
    }
  }

  /**
   * The batch's trusted events: deduplicated and sessionized after one shuffle by user (deduplication's partitioning by
   * user and event id is satisfied by it, as is the session window's), counting the duplicates dropped in
   * {@code duplicates}.
   */
  static Dataset<Row> deduplicateAndSessionize(Dataset<Row> good, Duration gap, Observer duplicates) {
    Dataset<Row> events =
        duplicates.observe(DeduplicateEvents.markDuplicates(good.repartition(col("user_id"))), Observations.countIf(col("is_duplicate"), "duplicates"))
            .filter(col("is_duplicate").equalTo(false));
    return Schemas.conform(Sessionize.sessionize(gap, events), EventSchemas.TRUSTED_EVENTS);
  }

  /** The batch's event dates, from the read counts: where stored copies of its events can be. */
  private record Bounds(LocalDate first, LocalDate last) {}

  /** A lake with events: the batch merged into them by {@link IncrementalEvents}, sessions first. */
  private static void merge(
      JobContext context, TableWrites writes, Dataset<Row> good, TableId trusted, TableId sessionsTable, Duration gap, Bookmark.Batch batch,
      Bounds bounds, JobReport report) {
    SparkSession spark = context.spark();
    PipelineConfig pipeline = context.pipeline();
    context.progress().stage("events", "merging into the stored events (dedupe lookback " + Durations.format(pipeline.dedupe().lookback()) + ")");
    Dataset<Row> stored = writes.read(trusted);
    Dataset<Row> storedSessions = writes.read(sessionsTable);
    List<String> prior = new ArrayList<>(batch.prior());
    List<Dataset<Row>> cached = new ArrayList<>();
    try {
      Dataset<Row> candidates =
          bounds.first() == null
              ? stored.limit(0)
              : IncrementalEvents.storedCandidates(stored, good, bounds.first(), bounds.last(), pipeline.dedupe().lookbackDays(), prior);
      Dataset<Row> ranked = cache(IncrementalEvents.resolve(good, candidates), cached);
      Dataset<Row> replaced = cache(IncrementalEvents.fromFiles(stored, prior), cached);
      Row counts =
          ranked.agg(
                  Observations.countIf(col(IncrementalEvents.ORIGIN).equalTo(IncrementalEvents.NEW).and(col(IncrementalEvents.RANK).equalTo(1)), "trusted"),
                  Observations.countIf(col(IncrementalEvents.ORIGIN).equalTo(IncrementalEvents.NEW).and(col(IncrementalEvents.RANK).gt(1)), "duplicates"),
                  Observations.countIf(col(IncrementalEvents.ORIGIN).equalTo(IncrementalEvents.STORED).and(col(IncrementalEvents.RANK).gt(1)), "superseded"))
              .first();
      report.count("trusted", counts.isNullAt(0) ? 0 : counts.getLong(0));
      report.count("duplicates", counts.isNullAt(1) ? 0 : counts.getLong(1));
      report.count("superseded", counts.isNullAt(2) ? 0 : counts.getLong(2));
      report.count("replaced", replaced.count());

      // Sessions see every change, unchanged pairs included: a run killed after writing events but before sessions
      // left rows that are unchanged now, and their sessions must still be recomputed.
      IncrementalEvents.Changes all = IncrementalEvents.allChanges(ranked, replaced);
      Dataset<Row> from = cache(IncrementalEvents.recomputeFrom(all, storedSessions, gap), cached);
      LocalDate earliest = IncrementalEvents.earliestDate(from);
      if (earliest == null) {
        report.count("sessions", 0);
        report.count("sessions_removed", 0);
        return;
      }
      Dataset<Row> storedFrom = stored.where(col("event_date").geq(lit(Date.valueOf(earliest))));
      IncrementalEvents.Changes changes = IncrementalEvents.changes(ranked, replaced);
      Dataset<Row> window = cache(IncrementalEvents.window(storedFrom, from, changes, gap), cached);

      context.progress().stage("sessions", "recomputing the sessions of users with changed events");
      Dataset<Row> sessionsSource =
          cache(
              IncrementalEvents.sessionsSource(
                  Schemas.conform(Sessionize.sessions(context.runId(), window), EventSchemas.SESSIONS),
                  storedSessions.where(col("session_date").geq(lit(Date.valueOf(earliest)))), from),
              cached);
      Map<String, Long> sessionOps = opCounts(sessionsSource);
      report.count("sessions", sessionOps.getOrDefault(IncrementalEvents.UPDATE, 0L));
      report.count("sessions_removed", sessionOps.getOrDefault(IncrementalEvents.DELETE, 0L));
      if (!sessionOps.isEmpty()) {
        List<LocalDate> dates = dates(sessionsSource, "session_date");
        writes.merge(
            sessionsTable,
            sessionsSource,
            "t.session_id = s.session_id AND t.user_id = s.user_id AND " + IncrementalEvents.datesIn("t.session_date", dates),
            IncrementalEvents.OP,
            EventSchemas.SESSIONS);
      }
      CommitPoints.reached("preprocess:sessions-written");

      context.progress().stage("events", "writing new events, superseded ones out, session changes");
      Dataset<Row> eventsSource = cache(IncrementalEvents.eventsSource(window, changes), cached);
      if (!opCounts(eventsSource).isEmpty()) {
        writes.merge(
            trusted, eventsSource, IncrementalEvents.eventsMergeCondition(dates(eventsSource, "event_date")), IncrementalEvents.OP, EventSchemas.TRUSTED_EVENTS);
      }
      CommitPoints.reached("preprocess:events-written");
    } finally {
      cached.forEach(Dataset::unpersist);
    }
  }

  /**
   * Materializes a step's result once and cuts its plan: later steps read it as a plain scan. Caching alone would keep
   * the whole plan behind it (parsing, conforming) in every later query, and Spark renders each query's plan as text
   * for its listeners several times per query: on a small batch that text, not the data, took most of the time.
   */
  private static Dataset<Row> cache(Dataset<Row> data, List<Dataset<Row>> cached) {
    Dataset<Row> materialized = data.localCheckpoint();
    cached.add(materialized);
    return materialized;
  }

  /** Rows per MERGE operation of a (small, cached) MERGE source. */
  private static Map<String, Long> opCounts(Dataset<Row> source) {
    Map<String, Long> counts = new HashMap<>();
    for (Row row : source.groupBy(IncrementalEvents.OP).count().collectAsList()) {
      counts.put(row.getString(0), row.getLong(1));
    }
    return counts;
  }

  /** The distinct dates of a (small, cached) MERGE source: the partitions its MERGE reads. */
  private static List<LocalDate> dates(Dataset<Row> source, String column) {
    List<LocalDate> dates = new ArrayList<>();
    for (Row row : source.select(column).distinct().orderBy(column).collectAsList()) {
      dates.add(row.getDate(0).toLocalDate());
    }
    return dates;
  }

  private static boolean isEmpty(SparkSession spark, String path) {
    return DeltaSnapshots.files(spark, path) == 0;
  }

  /** read = trusted + duplicates + quarantined: every record ends up in exactly one place. */
  static void checkInvariant(JobReport report) {
    long read = report.count("read");
    long accounted = report.count("trusted") + report.count("duplicates") + report.count("quarantined");
    if (read != accounted) {
      throw new InvariantViolation(
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
    // where stored copies of the batch's good events can be: their dates, observed in the same pass
    columns.add(min(when(col("reason").isNull(), col("event_date"))).as("first_date"));
    columns.add(max(when(col("reason").isNull(), col("event_date"))).as("last_date"));
    return columns.toArray(new Column[0]);
  }
}
