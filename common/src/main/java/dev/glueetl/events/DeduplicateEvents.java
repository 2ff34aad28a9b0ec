package dev.glueetl.events;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Deduplicates events by {@code event_id}, keeping the earliest {@code event_time}. Ties are broken by source file,
 * user, event name and payload, so the same input always keeps the same record.
 *
 * <pre>
 * event_id  event_time  source_file   is_duplicate
 * e1        10:00:05    b.json        true
 * e1        10:00:00    a.json        false
 * e1        10:00:00    b.json        true
 * e2        11:00:00    a.json        false
 * </pre>
 */
public final class DeduplicateEvents {
  private static final WindowSpec BY_EVENT_ID =
      Window.partitionBy("event_id")
          .orderBy(col("event_time"), col("source_file"), col("user_id"), col("event_name"), col("payload").asc_nulls_first());

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
