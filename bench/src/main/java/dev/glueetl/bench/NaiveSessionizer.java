package dev.glueetl.bench;

import static org.apache.spark.sql.functions.col;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The baseline: sessionization as most Spark tutorials write it. Every user's events are grouped with
 * {@code groupByKey}, collected into a Java list, sorted and walked in a loop. Same rule as ours: ordered by
 * ({@code event_time}, {@code event_id}), a new session when the gap is strictly greater than the inactivity gap, an
 * event id seen again for the same user is a duplicate (the earliest copy is kept, as the sort puts it first).
 *
 * <p>This is what we benchmark against, not what we ship: each user's events are deserialized into JVM objects and
 * held in memory at once, and the grouping shuffles whole rows.
 */
public final class NaiveSessionizer {
  /** One row per session; {@code event_dates} are the UTC dates of its events (for daily active users). */
  public static final StructType SESSIONS =
      new StructType()
          .add("user_id", DataTypes.StringType, false)
          .add("session_start", DataTypes.TimestampType, false)
          .add("session_end", DataTypes.TimestampType, false)
          .add("duration_s", DataTypes.DoubleType, false)
          .add("event_count", DataTypes.LongType, false)
          .add("first_event_name", DataTypes.StringType, false)
          .add("last_event_name", DataTypes.StringType, false)
          .add("session_date", DataTypes.DateType, false)
          .add("event_dates", DataTypes.createArrayType(DataTypes.DateType, false), false);

  private NaiveSessionizer() {}

  /** Sessions of trusted, not yet deduplicated events ({@code user_id}, {@code event_id}, {@code event_time}, {@code event_name}). */
  public static Dataset<Row> sessions(Duration inactivityGap, Dataset<Row> trustedEvents) {
    long gapMillis = inactivityGap.toMillis();
    Dataset<Row> slim = trustedEvents.select(col("user_id"), col("event_id"), col("event_time"), col("event_name"));
    return slim.groupByKey((MapFunction<Row, String>) row -> row.getString(0), Encoders.STRING())
        .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (user, rows) -> sessionsOf(user, rows, gapMillis), Encoders.row(SESSIONS));
  }

  private record Event(String id, Timestamp time, String name) {}

  private static Iterator<Row> sessionsOf(String user, Iterator<Row> rows, long gapMillis) {
    List<Event> events = new ArrayList<>();
    while (rows.hasNext()) {
      Row row = rows.next();
      events.add(new Event(row.getString(1), row.getTimestamp(2), row.getString(3)));
    }
    events.sort(Comparator.comparing(Event::time).thenComparing(Event::id));
    List<Row> sessions = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<Event> current = new ArrayList<>();
    for (Event event : events) {
      if (!seen.add(event.id())) {
        continue;
      }
      if (!current.isEmpty() && event.time().getTime() - current.get(current.size() - 1).time().getTime() > gapMillis) {
        sessions.add(session(user, current));
        current = new ArrayList<>();
      }
      current.add(event);
    }
    if (!current.isEmpty()) {
      sessions.add(session(user, current));
    }
    return sessions.iterator();
  }

  private static Row session(String user, List<Event> events) {
    Event first = events.get(0);
    Event last = events.get(events.size() - 1);
    Set<Date> dates = new TreeSet<>();
    for (Event event : events) {
      dates.add(utcDate(event.time()));
    }
    return RowFactory.create(
        user,
        first.time(),
        last.time(),
        (last.time().getTime() - first.time().getTime()) / 1000.0,
        (long) events.size(),
        first.name(),
        last.name(),
        utcDate(first.time()),
        dates.toArray(new Date[0]));
  }

  private static Date utcDate(Timestamp time) {
    return Date.valueOf(time.toInstant().atZone(ZoneOffset.UTC).toLocalDate());
  }
}
