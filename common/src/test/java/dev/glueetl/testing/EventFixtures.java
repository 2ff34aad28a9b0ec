package dev.glueetl.testing;

import dev.glueetl.events.EventSchemas;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Test data that reads like the domain: {@code events(event("e1", "u1", "2024-03-01T10:00:00Z", "open"), ...)}. */
public final class EventFixtures {
  private EventFixtures() {}

  /** One conformed event: id, user, UTC time (ISO-8601), name; device fields empty. */
  public static Row event(String eventId, String userId, String isoTime, String eventName) {
    return event(eventId, userId, isoTime, eventName, null);
  }

  /** One conformed event with a platform (the first device field). */
  public static Row event(String eventId, String userId, String isoTime, String eventName, String platform) {
    Instant time = Instant.parse(isoTime);
    List<Object> values = new ArrayList<>();
    for (String field : EventSchemas.CONFORMED.fieldNames()) {
      switch (field) {
        case "event_id" -> values.add(eventId);
        case "user_id" -> values.add(userId);
        case "event_time" -> values.add(Timestamp.from(time));
        case "event_date" -> values.add(java.sql.Date.valueOf(time.atZone(java.time.ZoneOffset.UTC).toLocalDate()));
        case "event_name" -> values.add(eventName);
        case "platform" -> values.add(platform);
        case "source_file" -> values.add("file:/landing/a.json");
        case "run_id" -> values.add("run-1");
        case "ingested_at" -> values.add(Timestamp.from(Instant.parse("2024-04-01T00:00:00Z")));
        default -> values.add(null);
      }
    }
    return RowFactory.create(values.toArray());
  }

  public static Dataset<Row> events(Row... rows) {
    SparkSession spark = SparkTestSession.get();
    return spark.createDataFrame(Arrays.asList(rows), EventSchemas.CONFORMED);
  }

  public static Timestamp ts(String isoTime) {
    return Timestamp.from(Instant.parse(isoTime));
  }
}
