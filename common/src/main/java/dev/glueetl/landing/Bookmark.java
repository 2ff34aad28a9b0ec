package dev.glueetl.landing;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import dev.glueetl.config.BookmarkOption;
import dev.glueetl.job.TableWrites;
import dev.glueetl.lake.Lake;
import dev.glueetl.lake.Ledgers;
import dev.glueetl.lake.TableId;
import dev.glueetl.lake.Zone;
import dev.glueetl.landing.LandingFiles.LandingFile;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The preprocess job's bookmark: a ledger of landing files in the lake, {@code <pipeline>_runs.landing_files}, next to
 * the run records, so it travels with the lake and works the same locally and on S3. Each row says what happened to
 * one file (by full path, with the size and modification time it had); the latest row of a path is its state:
 *
 * <ul>
 *   <li>{@code PENDING}: in the batch of a run that has not finished. Recorded before the run writes anything, so a run
 *       killed half-way leaves its batch named: the next run processes those files again, replacing whatever the
 *       killed run had written for them;
 *   <li>{@code COMMITTED}: processed; skipped until its size or modification time changes;
 *   <li>{@code PAUSED}: processed by a run with {@code job-bookmark-pause}; processed again by the next enabled run;
 *   <li>{@code DUPLICATE}: its content is identical to another file's ({@code duplicate_of}); skipped (orders only);
 *   <li>{@code RESET}: {@code ./glue-etl bookmark reset}; processed again by the next run.
 * </ul>
 *
 * Why a ledger and not Spark's file-stream checkpoint ({@code Trigger.AvailableNow}, the Auto Loader pattern): the
 * checkpoint keys files by path alone, so a file delivered again with new content is never read again; its
 * {@code maxFileAge} (7 days by default) silently ignores late files; it lives in a directory of its own, outside the
 * lake's tables; and it knows nothing of which rows a file contributed. The ledger is a Delta table the jobs already know
 * how to write atomically, readable with SQL, and it tells a replayed or changed file apart from a new one.
 */
public final class Bookmark {
  public static final String TABLE = "landing_files";

  /** The state of a file in the ledger. */
  public enum State {
    PENDING,
    COMMITTED,
    PAUSED,
    DUPLICATE,
    RESET
  }

  /** One ledger row: what a run did with a file. */
  public record Entry(
      String path, long size, long modifiedAt, State state, String runId, Optional<String> contentMd5, Optional<String> duplicateOf) {

    boolean sameFileAs(LandingFile file) {
      return size == file.size() && modifiedAt == file.modifiedAt();
    }
  }

  /**
   * The files one run processes.
   *
   * @param files the landing files to read, by path
   * @param prior the paths among them that an earlier run has processed or started to (changed, replayed, reset or
   *     reprocessed files): their earlier rows are replaced
   * @param skipped listed files the bookmark skips (already committed, unchanged)
   * @param vanished files of an unfinished batch that are no longer in the landing input: what the killed run wrote for
   *     them stays
   */
  public record Batch(List<LandingFile> files, Set<String> prior, int skipped, List<String> vanished) {
    public boolean isEmpty() {
      return files.isEmpty();
    }

    public List<String> paths() {
      return files.stream().map(LandingFile::path).toList();
    }

    /** The batch's size in bytes, from the listing. */
    public long bytes() {
      return files.stream().mapToLong(LandingFile::size).sum();
    }
  }

  static final StructType SCHEMA =
      new StructType()
          .add("path", StringType, false)
          .add("size", LongType, false)
          .add("modified_at", TimestampType, false)
          .add("state", StringType, false)
          .add("run_id", StringType, false)
          .add("recorded_at", TimestampType, false)
          .add("seq", LongType, false)
          .add("content_md5", StringType)
          .add("duplicate_of", StringType);

  private Bookmark() {}

  public static TableId table(String pipeline) {
    return TableId.of(pipeline, Zone.RUNS, TABLE);
  }

  /** The latest entry of every path the ledger knows; empty when there is no ledger yet. */
  public static Map<String, Entry> latest(SparkSession spark, Lake lake, String pipeline) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    List<Row> rows = Ledgers.latest(spark, lake.pathOf(table(pipeline)), "path");
    for (Row row : rows) {
      entries.put(
          row.getAs("path"),
          new Entry(
              row.getAs("path"), row.<Long>getAs("size"), row.<Timestamp>getAs("modified_at").getTime(), State.valueOf(row.getAs("state")),
              row.getAs("run_id"), Optional.ofNullable(row.getAs("content_md5")), Optional.ofNullable(row.getAs("duplicate_of"))));
    }
    return entries;
  }

  /**
   * The batch of a run: with ENABLE and PAUSE the listed files that are new, changed (size or modification time), or
   * not committed (pending from a killed run, paused, reset); with DISABLE every listed file. A file's modification
   * time is compared, never used as a watermark, so a late file with an old time is not skipped.
   */
  public static Batch select(List<LandingFile> listed, Map<String, Entry> latest, BookmarkOption option) {
    List<LandingFile> files = new ArrayList<>();
    Set<String> prior = new LinkedHashSet<>();
    Set<String> listedPaths = new LinkedHashSet<>();
    int skipped = 0;
    for (LandingFile file : listed) {
      listedPaths.add(file.path());
      Entry entry = latest.get(file.path());
      boolean done = entry != null && (entry.state() == State.COMMITTED || entry.state() == State.DUPLICATE) && entry.sameFileAs(file);
      if (option == BookmarkOption.DISABLE || !done) {
        files.add(file);
        if (entry != null) {
          prior.add(file.path());
        }
      } else {
        skipped++;
      }
    }
    List<String> vanished = new ArrayList<>();
    latest.values().stream().filter(e -> e.state() == State.PENDING && !listedPaths.contains(e.path())).forEach(e -> vanished.add(e.path()));
    return new Batch(List.copyOf(files), Set.copyOf(prior), skipped, List.copyOf(vanished));
  }

  /** Appends ledger rows, one Delta commit (created on first use). */
  public static void record(SparkSession spark, TableWrites writes, String pipeline, List<Entry> entries, Instant at) {
    List<Row> rows = new ArrayList<>();
    long seq = 0;
    for (Entry e : entries) {
      rows.add(
          RowFactory.create(
              e.path(), e.size(), new Timestamp(e.modifiedAt()), e.state().name(), e.runId(), Timestamp.from(at), seq++, e.contentMd5().orElse(null),
              e.duplicateOf().orElse(null)));
    }
    writes.append(table(pipeline), SCHEMA, spark.createDataFrame(rows, SCHEMA).coalesce(1));
  }

  /**
   * The latest ledger row of every file, for {@code ./glue-etl bookmark show}: path, state, size, modified_at, run_id,
   * recorded_at, duplicate_of; empty when the pipeline has no ledger yet.
   */
  public static List<Row> show(SparkSession spark, Lake lake, String pipeline) {
    return Ledgers.latest(spark, lake.pathOf(table(pipeline)), "path").stream()
        .map(r -> RowFactory.create(r.getAs("path"), r.getAs("state"), r.getAs("size"), r.getAs("modified_at"), r.getAs("run_id"), r.getAs("recorded_at"), r.getAs("duplicate_of")))
        .toList();
  }

  /**
   * Forgets what was processed: every file the ledger knows is marked RESET, so the next run processes it again,
   * replacing what it gave before (its rows are not doubled). Returns the files marked.
   */
  public static int reset(SparkSession spark, TableWrites writes, Lake lake, String pipeline, String runId, Instant at) {
    Map<String, Entry> latest = latest(spark, lake, pipeline);
    if (latest.isEmpty()) {
      return 0;
    }
    List<Entry> entries = new ArrayList<>();
    latest.values().forEach(e -> entries.add(new Entry(e.path(), e.size(), e.modifiedAt(), State.RESET, runId, e.contentMd5(), Optional.empty())));
    record(spark, writes, pipeline, entries, at);
    return entries.size();
  }

  /** Ledger rows putting every file of {@code files} in {@code state}, for run {@code runId}. */
  public static List<Entry> entries(List<LandingFile> files, State state, String runId) {
    return files.stream().map(f -> new Entry(f.path(), f.size(), f.modifiedAt(), state, runId, Optional.empty(), Optional.empty())).toList();
  }
}
