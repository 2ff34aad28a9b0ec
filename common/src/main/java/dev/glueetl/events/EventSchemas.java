package dev.glueetl.events;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/** The declared schemas of the event tables: {@code trusted.events}, {@code trusted.sessions}, {@code quarantine.events}. */
public final class EventSchemas {
  private EventSchemas() {}

  /** Optional descriptive fields a mapping may fill; NULL when unmapped. Sessions carry those of their first event. */
  public static final List<String> DEVICE_FIELDS =
      List.of("platform", "os", "os_version", "device_brand", "device_model", "app_version", "language", "country");

  /** Conformed events, before deduplication and sessionization. */
  public static final StructType CONFORMED = withDeviceFields(
          new StructType()
              .add("event_id", StringType, false)
              .add("user_id", StringType, false)
              .add("event_time", TimestampType, false)
              .add("event_date", DateType, false)
              .add("event_name", StringType, false))
      .add("payload", StringType)
      .add("source_file", StringType, false)
      .add("run_id", StringType, false)
      .add("ingested_at", TimestampType, false);

  /** {@code <pipeline>_trusted.events}: one row per unique event, with its session; partitioned by event_date. */
  public static final StructType TRUSTED_EVENTS = withDeviceFields(
          new StructType()
              .add("event_id", StringType, false)
              .add("user_id", StringType, false)
              .add("session_id", StringType, false)
              .add("event_time", TimestampType, false)
              .add("event_date", DateType, false)
              .add("event_name", StringType, false))
      .add("payload", StringType)
      .add("source_file", StringType, false)
      .add("run_id", StringType, false)
      .add("ingested_at", TimestampType, false);

  /** {@code <pipeline>_trusted.sessions}: one row per session; partitioned by session_date. */
  public static final StructType SESSIONS = withDeviceFields(
          new StructType()
              .add("session_id", StringType, false)
              .add("user_id", StringType, false)
              .add("session_start", TimestampType, false)
              .add("session_end", TimestampType, false)
              .add("duration_s", DoubleType, false)
              .add("event_count", LongType, false)
              .add("first_event_name", StringType, false)
              .add("last_event_name", StringType, false))
      .add("session_date", DateType, false)
      .add("run_id", StringType, false);

  /** {@code <pipeline>_quarantine.events}: records that could not be trusted, as received, with a reason code. */
  public static final StructType QUARANTINE = new StructType()
      .add("reason", StringType, false)
      .add("detail", StringType)
      .add("raw_record", StringType)
      .add("source_file", StringType, false)
      .add("run_id", StringType, false)
      .add("ingested_at", TimestampType, false);

  private static StructType withDeviceFields(StructType schema) {
    StructType result = schema;
    for (String field : DEVICE_FIELDS) {
      result = result.add(field, StringType);
    }
    return result;
  }
}
