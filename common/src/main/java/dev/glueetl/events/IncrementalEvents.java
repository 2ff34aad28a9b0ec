package dev.glueetl.events;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Brings one batch of conformed events into the stored trusted events and sessions so that both end up exactly as one
 * full run over every file seen so far would leave them. Pure transformations: the job writes what they return.
 *
 * <ol>
 *   <li><b>resolve</b>: an event is (user_id, event_id). The batch's events and the stored events with the same keys
 *       (within the dedupe lookback) are ranked together as one run ranks its own: the earliest event_time wins, ties
 *       to the first source file, then name and payload, then the copy already stored. The batch's winners are
 *       inserted; stored rows that lose are superseded; the rows earlier runs took from the batch's own files (a file
 *       delivered again with new content, or the half-done batch of a killed run) are replaced by what the files hold
 *       now. A row deleted and inserted unchanged is left alone.
 *   <li><b>sessions</b>: for each user with a changed event, sessions are recomputed from the start of the user's stored
 *       session that can merge with the earliest change (the first whose end is within the inactivity gap of it), over
 *       the stored events from there plus the inserted ones: an event bridging two sessions merges them, one extending a
 *       session moves its end. {@code session_id} depends on the user and the session's start only, so it stays the same
 *       while the start does.
 * </ol>
 *
 * The results are MERGE sources with an {@value #OP} column: {@code I} insert, {@code U} update, {@code D} delete.
 */
public final class IncrementalEvents {
  public static final String OP = "_op";
  public static final String INSERT = "I";
  public static final String UPDATE = "U";
  public static final String DELETE = "D";
  static final String ORIGIN = "_origin";
  /** Stored rows sort before new ones at a full tie: an identical copy arriving again is the duplicate. */
  static final int STORED = 0;

  static final int NEW = 1;
  static final String RANK = "_rank";
  static final String OLD_SESSION = "_old_session_id";
  static final String FROM = "_recompute_from";

  /** What an event is, apart from its session and the run that wrote it: rows equal in these are the same record. */
  public static final List<String> CONTENT =
      Arrays.stream(EventSchemas.TRUSTED_EVENTS.fieldNames()).filter(f -> !Set.of("session_id", "run_id", "ingested_at").contains(f)).toList();

  private static final WindowSpec BY_EVENT =
      Window.partitionBy("user_id", "event_id")
          .orderBy(col("event_time"), col("source_file"), col("event_name"), col("payload").asc_nulls_first(), col(ORIGIN));

  private IncrementalEvents() {}

  /**
   * The batch and the stored candidates ranked per event: every column of {@link EventSchemas#TRUSTED_EVENTS}, plus
   * {@value #ORIGIN} (0 stored, 1 new) and {@value #RANK} (1 = the winner).
   *
   * @param batch the batch's good records ({@link EventSchemas#CONFORMED} columns)
   * @param storedCandidates stored events with a key of the batch, minus the rows of the batch's own files
   */
  public static Dataset<Row> resolve(Dataset<Row> batch, Dataset<Row> storedCandidates) {
    Dataset<Row> incoming = trustedColumns(batch.withColumn("session_id", lit(null).cast("string"))).withColumn(ORIGIN, lit(NEW));
    Dataset<Row> stored = trustedColumns(storedCandidates).withColumn(ORIGIN, lit(STORED));
    return incoming.unionByName(stored).withColumn(RANK, row_number().over(BY_EVENT));
  }

  /** Stored events that may hold a copy of a batch event: same key, date within {@code lookbackDays} of the batch's. */
  public static Dataset<Row> storedCandidates(Dataset<Row> stored, Dataset<Row> batch, LocalDate first, LocalDate last, long lookbackDays, List<String> batchFiles) {
    Column inRange =
        col("event_date").geq(lit(Date.valueOf(first.minusDays(lookbackDays)))).and(col("event_date").leq(lit(Date.valueOf(last.plusDays(lookbackDays)))));
    Dataset<Row> keys = batch.select("user_id", "event_id").distinct();
    return notFrom(stored.where(inRange), batchFiles).join(keys, scala(List.of("user_id", "event_id")), "left_semi");
  }

  /** The rows earlier runs took from {@code files}: replaced by what the files hold now. */
  public static Dataset<Row> fromFiles(Dataset<Row> stored, List<String> files) {
    return files.isEmpty() ? stored.limit(0) : stored.where(col("source_file").isin(files.toArray()));
  }

  /**
   * The changes to {@code trusted.events}: rows to delete (superseded, or earlier rows of the batch's files) and rows
   * to insert (the batch's winners), with unchanged pairs (deleted and inserted identical) taken out of both.
   */
  public record Changes(Dataset<Row> deletes, Dataset<Row> inserts) {}

  public static Changes changes(Dataset<Row> ranked, Dataset<Row> replaced) {
    Changes all = allChanges(ranked, replaced);
    Dataset<Row> deletes = all.deletes();
    Dataset<Row> inserts = all.inserts();
    return new Changes(without(deletes, inserts, CONTENT), without(inserts, deletes, CONTENT));
  }

  /** The changes with unchanged pairs kept: what the sessions of a user must be recomputed around. */
  public static Changes allChanges(Dataset<Row> ranked, Dataset<Row> replaced) {
    Dataset<Row> winners = ranked.where(col(ORIGIN).equalTo(NEW).and(col(RANK).equalTo(1))).drop(ORIGIN, RANK);
    Dataset<Row> superseded = ranked.where(col(ORIGIN).equalTo(STORED).and(col(RANK).gt(1))).drop(ORIGIN, RANK);
    return new Changes(superseded.unionByName(trustedColumns(replaced)), winners);
  }

  /**
   * Per user with a changed event, where its sessions must be recomputed from ({@value #FROM}): the earliest change,
   * or the start of the stored session that can merge with it when that is earlier.
   */
  public static Dataset<Row> recomputeFrom(Changes changes, Dataset<Row> storedSessions, Duration gap) {
    Dataset<Row> changedFrom =
        changes.deletes().select("user_id", "event_time").unionByName(changes.inserts().select("user_id", "event_time"))
            .groupBy("user_id").agg(min("event_time").as("_changed_from"));
    long gapMicros = gap.toNanos() / 1_000L;
    Dataset<Row> mergeable =
        storedSessions.join(changedFrom, "user_id")
            .where(Sessionize.micros(col("session_end")).geq(Sessionize.micros(col("_changed_from")).minus(lit(gapMicros))))
            .groupBy("user_id").agg(min("session_start").as("_session_from"));
    return changedFrom.join(mergeable, scala(List.of("user_id")), "left")
        .select(col("user_id"), least(col("_changed_from"), org.apache.spark.sql.functions.coalesce(col("_session_from"), col("_changed_from"))).as(FROM));
  }

  /**
   * The events of the recompute window, sessionized: stored events of each affected user from {@value #FROM} on, less
   * the deleted ones, plus the inserted ones; {@value #OLD_SESSION} holds a stored event's session before, NULL for
   * an inserted one.
   */
  public static Dataset<Row> window(Dataset<Row> stored, Dataset<Row> from, Changes changes, Duration gap) {
    Dataset<Row> storedInWindow =
        stored.join(from, "user_id").where(col("event_time").geq(col(FROM))).drop(FROM);
    Dataset<Row> kept = without(storedInWindow, changes.deletes(), CONTENT);
    Dataset<Row> events =
        trustedColumns(kept).withColumn(OLD_SESSION, col("session_id"))
            .unionByName(trustedColumns(changes.inserts()).withColumn(OLD_SESSION, lit(null).cast("string")));
    return Sessionize.sessionize(gap, events.drop("session_id"));
  }

  /** The MERGE source for {@code trusted.events}: deletes, session changes of stored events, inserts. */
  public static Dataset<Row> eventsSource(Dataset<Row> sessionized, Changes changes) {
    Dataset<Row> deletes = trustedColumns(changes.deletes()).withColumn(OP, lit(DELETE));
    Dataset<Row> updates =
        sessionized.where(col(OLD_SESSION).isNotNull().and(col(OLD_SESSION).notEqual(col("session_id"))));
    Dataset<Row> inserts = sessionized.where(col(OLD_SESSION).isNull());
    return deletes
        .unionByName(trustedColumns(updates).withColumn(OP, lit(UPDATE)))
        .unionByName(trustedColumns(inserts).withColumn(OP, lit(INSERT)));
  }

  /**
   * The MERGE source for {@code trusted.sessions}: the window's sessions that are new or changed ({@code U}) and the
   * stored sessions of the window that no longer exist ({@code D}).
   */
  public static Dataset<Row> sessionsSource(Dataset<Row> windowSessions, Dataset<Row> storedSessions, Dataset<Row> from) {
    Dataset<Row> storedInWindow = storedSessions.join(from, "user_id").where(col("session_start").geq(col(FROM))).drop(FROM);
    List<String> content = new ArrayList<>(Arrays.asList(EventSchemas.SESSIONS.fieldNames()));
    content.remove("run_id");
    Dataset<Row> upserts = without(windowSessions, storedInWindow, content);
    Dataset<Row> gone = without(storedInWindow, windowSessions, List.of("session_id"));
    Column[] sessionColumns = Arrays.stream(EventSchemas.SESSIONS.fieldNames()).map(f -> col("`" + f + "`")).toArray(Column[]::new);
    return upserts.select(sessionColumns).withColumn(OP, lit(UPDATE)).unionByName(gone.select(sessionColumns).withColumn(OP, lit(DELETE)));
  }

  /**
   * The MERGE condition of {@code trusted.events}: a session update matches the stored event by its key, a delete
   * matches the stored row with the same content; an insert matches nothing. {@code dates} prunes the partitions read.
   */
  public static String eventsMergeCondition(List<LocalDate> dates) {
    List<String> sameContent = new ArrayList<>();
    for (String column : CONTENT) {
      sameContent.add("t.`" + column + "` <=> s.`" + column + "`");
    }
    return "t.user_id = s.user_id AND t.event_id = s.event_id AND " + datesIn("t.event_date", dates)
        + " AND (s." + OP + " = '" + UPDATE + "' OR (s." + OP + " = '" + DELETE + "' AND " + String.join(" AND ", sameContent) + "))";
  }

  /** A partition filter for a MERGE target: the dates its source touches, so untouched partitions are not read. */
  public static String datesIn(String column, List<LocalDate> dates) {
    if (dates.isEmpty()) {
      return "false";
    }
    StringBuilder sql = new StringBuilder(column).append(" IN (");
    for (int i = 0; i < dates.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("DATE'").append(dates.get(i)).append('\'');
    }
    return sql.append(')').toString();
  }

  /** Rows of {@code stored} not taken from {@code files}. */
  private static Dataset<Row> notFrom(Dataset<Row> stored, List<String> files) {
    return files.isEmpty() ? stored : stored.where(org.apache.spark.sql.functions.not(col("source_file").isin(files.toArray())));
  }

  private static Dataset<Row> trustedColumns(Dataset<Row> data) {
    return data.select(Arrays.stream(EventSchemas.TRUSTED_EVENTS.fieldNames()).map(f -> data.col("`" + f + "`")).toArray(Column[]::new));
  }

  /**
   * The rows of {@code left} with no row of {@code right} equal in {@code columns} (NULL equal to NULL). The right side's
   * columns are renamed first: both sides often come from the same plan, and comparing a column with itself would
   * make every row match.
   */
  static Dataset<Row> without(Dataset<Row> left, Dataset<Row> right, List<String> columns) {
    Column[] renamed = new Column[columns.size()];
    Column same = lit(true);
    for (int i = 0; i < columns.size(); i++) {
      renamed[i] = right.col("`" + columns.get(i) + "`").as("_right_" + i);
      same = same.and(left.col("`" + columns.get(i) + "`").eqNullSafe(col("_right_" + i)));
    }
    return left.join(right.select(renamed), same, "left_anti");
  }

  private static scala.collection.immutable.Seq<String> scala(List<String> columns) {
    return scala.collection.JavaConverters.asScalaBuffer(columns).toList();
  }

  /** The earliest recompute start, to prune the stored events read to the partitions from its date on. */
  public static LocalDate earliestDate(Dataset<Row> from) {
    Row row = from.agg(min(FROM)).first();
    return row.isNullAt(0) ? null : ((Timestamp) row.get(0)).toLocalDateTime().toLocalDate();
  }

}
