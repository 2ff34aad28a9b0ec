package dev.glueetl.events;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.md5;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Derives user sessions from event times with window functions (one sort per user, no per-user collection in memory).
 *
 * <p>Per user, ordered by ({@code event_time}, {@code event_id}): a new session starts when the gap to the previous
 * event is strictly greater than the inactivity gap, so with 30m a gap of exactly 30:00 stays in the session and
 * 30:00.001 starts a new one. Sessions are not split at midnight. {@code session_id} is the MD5 of the user id and the
 * session start in epoch microseconds: the same input gives the same ids on every run.
 *
 * <pre>
 * user_id  event_time  gap     session_start
 * u1       10:00:00            10:00:00
 * u1       10:30:00    30:00   10:00:00
 * u1       11:00:01    30:01   11:00:01
 * </pre>
 */
public final class Sessionize {
  private static final WindowSpec BY_USER_IN_TIME = Window.partitionBy("user_id").orderBy("event_time", "event_id");

  private Sessionize() {}

  /** Adds {@code session_id} to deduplicated events ({@code user_id}, {@code event_time}, {@code event_id}). */
  public static Dataset<Row> sessionize(Duration inactivityGap, Dataset<Row> events) {
    long gapMicros = inactivityGap.toNanos() / 1_000L;
    Column previous = lag(col("event_time"), 1).over(BY_USER_IN_TIME);
    Column gap = micros(col("event_time")).minus(micros(previous));
    Column startsSession = previous.isNull().or(gap.gt(lit(gapMicros)));
    Column sessionStart =
        max(when(col("_starts_session"), col("event_time")))
            .over(BY_USER_IN_TIME.rowsBetween(Window.unboundedPreceding(), Window.currentRow()));
    return events
        .withColumn("_starts_session", startsSession)
        .withColumn("_session_start", sessionStart)
        .withColumn("session_id", sessionId(col("user_id"), col("_session_start")))
        .drop("_starts_session", "_session_start");
  }

  /** The deterministic id of the session of {@code user} starting at {@code start}. */
  public static Column sessionId(Column user, Column start) {
    return md5(concat_ws("|", user, micros(start).cast("string")));
  }

  /**
   * One row per session ({@link EventSchemas#SESSIONS}) from sessionized events: start and end are the first and last
   * event times, {@code duration_s} their difference (0 for one event), first and last event names and the descriptive
   * fields of the first event, {@code session_date} the UTC date of the start.
   */
  public static Dataset<Row> sessions(String runId, Dataset<Row> sessionizedEvents) {
    Column order = struct(col("event_time"), col("event_id"));
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(max(col("event_time")).as("session_end"));
    aggregates.add(count(lit(1)).as("event_count"));
    aggregates.add(min_by(col("event_name"), order).as("first_event_name"));
    aggregates.add(max_by(col("event_name"), order).as("last_event_name"));
    Column[] deviceColumns = EventSchemas.DEVICE_FIELDS.stream().map(f -> col(f)).toArray(Column[]::new);
    aggregates.add(min_by(struct(deviceColumns), order).as("first_event"));
    Dataset<Row> grouped =
        sessionizedEvents
            .groupBy(col("user_id"), col("session_id"))
            .agg(min(col("event_time")).as("session_start"), aggregates.toArray(new Column[0]));
    List<Column> output = new ArrayList<>();
    for (String name : EventSchemas.SESSIONS.fieldNames()) {
      switch (name) {
        case "duration_s":
          output.add(micros(col("session_end")).minus(micros(col("session_start"))).divide(1e6).as(name));
          break;
        case "session_date":
          output.add(to_date(col("session_start")).as(name));
          break;
        case "run_id":
          output.add(lit(runId).as(name));
          break;
        default:
          output.add(EventSchemas.DEVICE_FIELDS.contains(name) ? col("first_event." + name).as(name) : col(name));
      }
    }
    return grouped.select(output.toArray(new Column[0]));
  }

  static Column micros(Column timestamp) {
    return call_function("unix_micros", timestamp);
  }
}
