package dev.glueetl.events;

import static dev.glueetl.testing.DataFrameAssert.assertThatDataFrame;
import static dev.glueetl.testing.EventFixtures.event;
import static dev.glueetl.testing.EventFixtures.events;
import static dev.glueetl.testing.EventFixtures.ts;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class DeduplicateEventsTest {

  @Test
  void keepsTheEarliestRecordOfEachEventId() {
    Dataset<Row> input =
        events(
            event("e1", "u1", "2024-03-01T10:00:05Z", "resent"),
            event("e1", "u1", "2024-03-01T10:00:00Z", "original"),
            event("e2", "u1", "2024-03-01T11:00:00Z", "only"));

    assertThatDataFrame(DeduplicateEvents.keepEarliest(input).select("event_id", "event_time", "event_name"))
        .hasRows(
            RowFactory.create("e1", ts("2024-03-01T10:00:00Z"), "original"),
            RowFactory.create("e2", ts("2024-03-01T11:00:00Z"), "only"));
  }

  @Test
  void tiesOnTimeAreBrokenBySourceFileThenContent() {
    Dataset<Row> input =
        events(event("e1", "u1", "2024-03-01T10:00:00Z", "x"), event("e1", "u1", "2024-03-01T10:00:00Z", "y"))
            .withColumn("source_file", when(col("event_name").equalTo("x"), lit("file:/b.json")).otherwise(lit("file:/a.json")));

    // same time: the record from a.json wins although it comes second
    assertThatDataFrame(DeduplicateEvents.keepEarliest(input).select("event_name", "source_file"))
        .hasRows(RowFactory.create("y", "file:/a.json"));
    // and the outcome does not depend on input order
    assertThatDataFrame(DeduplicateEvents.keepEarliest(input.orderBy(col("event_name").desc())).select("event_name"))
        .hasRows(RowFactory.create("y"));
  }

  @Test
  void marksEveryRecordButTheKeptOneAsDuplicate() {
    Dataset<Row> input =
        events(
            event("e1", "u1", "2024-03-01T10:00:00Z", "a"),
            event("e1", "u1", "2024-03-01T10:00:00Z", "a"),
            event("e1", "u2", "2024-03-01T09:00:00Z", "a"));

    // an event is (user_id, event_id): u2's e1 is another event, and of u1's two copies one is kept
    assertThatDataFrame(DeduplicateEvents.markDuplicates(input).select("user_id", "is_duplicate"))
        .hasRows(RowFactory.create("u2", false), RowFactory.create("u1", false), RowFactory.create("u1", true));
  }
}
