package dev.glueetl.jobs.aggregate;

import dev.glueetl.events.EventSchemas;
import dev.glueetl.events.EventsPreprocess;
import dev.glueetl.job.TableWrites;
import dev.glueetl.lake.Lake;
import dev.glueetl.spark.Schemas;
import dev.glueetl.testing.SparkTestSession;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Trusted event and session tables written straight into a lake, the way preprocess writes them (same schemas, same
 * partitioned Delta commits), so metric tests control every event and every session duration.
 */
final class TrustedEventsFixture {
  /** Device of an event: platform, os, os_version, brand, model, app_version, language. */
  static final String[] SAMSUNG = {"android", "Android", "14", "Samsung", "Galaxy S23", "3.4.1", "en-GB"};
  static final String[] PIXEL = {"android", "Android", "14", "Google", "Pixel 8", "3.4.1", "de-DE"};
  static final String[] IPHONE = {"ios", "iOS", "17.3", "Apple", "iPhone 14", "3.4.0", "en-US"};
  static final String[] NO_DEVICE = {null, null, null, null, null, null, null};

  private final List<Row> events = new ArrayList<>();
  private final List<Row> sessions = new ArrayList<>();

  TrustedEventsFixture event(String id, String user, String time, String name, String[] device) {
    Instant at = Instant.parse(time);
    events.add(
        row(
            EventSchemas.TRUSTED_EVENTS,
            id, user, "s-" + user + "-" + time.substring(0, 10), Timestamp.from(at), Date.valueOf(time.substring(0, 10)), name,
            device[0], device[1], device[2], device[3], device[4], device[5], device[6], null, "{}", "fixture.jsonl", "run-fixture",
            Timestamp.from(at)));
    return this;
  }

  TrustedEventsFixture session(String user, String start, String end, long events, String first, String last, String[] device) {
    Instant from = Instant.parse(start);
    Instant to = Instant.parse(end);
    sessions.add(
        row(
            EventSchemas.SESSIONS,
            "s-" + user + "-" + start, user, Timestamp.from(from), Timestamp.from(to), (to.toEpochMilli() - from.toEpochMilli()) / 1000.0, events,
            first, last, device[0], device[1], device[2], device[3], device[4], device[5], device[6], null, Date.valueOf(start.substring(0, 10)),
            "run-fixture"));
    return this;
  }

  /** Writes (replacing the dates present) both tables of pipeline {@code app-events} under {@code lake}. */
  void writeTo(String lake) {
    SparkSession spark = SparkTestSession.get();
    TableWrites writes = new TableWrites(spark, new Lake(lake));
    writes.ensureTable(EventsPreprocess.trustedEvents("app-events"), EventSchemas.TRUSTED_EVENTS, "event_date");
    writes.ensureTable(EventsPreprocess.sessions("app-events"), EventSchemas.SESSIONS, "session_date");
    if (!events.isEmpty()) {
      writes.replacePartitions(
          EventsPreprocess.trustedEvents("app-events"), Schemas.conform(spark.createDataFrame(events, EventSchemas.TRUSTED_EVENTS), EventSchemas.TRUSTED_EVENTS), "event_date");
    }
    if (!sessions.isEmpty()) {
      writes.replacePartitions(
          EventsPreprocess.sessions("app-events"), Schemas.conform(spark.createDataFrame(sessions, EventSchemas.SESSIONS), EventSchemas.SESSIONS), "session_date");
    }
  }

  private static Row row(StructType schema, Object... values) {
    if (values.length != schema.fields().length) {
      throw new IllegalArgumentException(schema.fields().length + " values expected, got " + values.length);
    }
    return RowFactory.create(values);
  }
}
