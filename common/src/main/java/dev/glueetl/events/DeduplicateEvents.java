package dev.glueetl.events;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Deduplicates events by their identity, ({@code user_id}, {@code event_id}), keeping the earliest {@code event_time}.
 * Ties are broken by source file (full path), event name and payload, so the same input always keeps the same record.
 * An id reused by two users is two events. Partitioned by user first, this shares its shuffle with sessionization
 * ({@link Sessionize}), which partitions by user too.
 *
 * <pre>
 * user_id  event_id  event_time  source_file   is_duplicate
 * u1       e1        10:00:05    b.json        true
 * u1       e1        10:00:00    a.json        false
 * u1       e1        10:00:00    b.json        true
 * u2       e1        10:00:00    b.json        false
 * u1       e2        11:00:00    a.json        false
 * </pre>
 */
public final class DeduplicateEvents {
  private static final WindowSpec BY_EVENT_ID =
      Window.partitionBy("user_id", "event_id")
          .orderBy(col("event_time"), col("source_file"), col("event_name"), col("payload").asc_nulls_first());

  private DeduplicateEvents() {}

  /** Adds {@code is_duplicate}: true for every record of an event id but the one kept. */
  public static Dataset<Row> markDuplicates(Dataset<Row> events) {
    return events.withColumn("is_duplicate", row_number().over(BY_EVENT_ID).gt(1));
  }

  /** The records kept: one per event id. */
  public static Dataset<Row> keepEarliest(Dataset<Row> events) {
    return markDuplicates(events).filter(col("is_duplicate").equalTo(false)).drop("is_duplicate");
  }
}
