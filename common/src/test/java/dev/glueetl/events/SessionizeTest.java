package dev.glueetl.events;

import static dev.glueetl.testing.DataFrameAssert.assertThatDataFrame;
import static dev.glueetl.testing.EventFixtures.event;
import static dev.glueetl.testing.EventFixtures.events;
import static dev.glueetl.testing.EventFixtures.ts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.SparkTestSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class SessionizeTest {
  private static final Duration THIRTY_MINUTES = Duration.ofMinutes(30);

  @Test
  void aGapOfExactlyThirtyMinutesStaysAndOneMillisecondMoreSplits() {
    Dataset<Row> input =
        events(
            event("e1", "u1", "2024-03-01T10:00:00.000Z", "open"),
            event("e2", "u1", "2024-03-01T10:30:00.000Z", "save"),
            event("e3", "u1", "2024-03-01T11:00:00.001Z", "close"));

    assertThat(sessionMembers(THIRTY_MINUTES, input)).containsExactly(List.of("e1", "e2"), List.of("e3"));
  }

  @Test
  void eventsSharingATimestampAreOrderedByEventId() {
    Dataset<Row> input =
        events(
            event("c-2", "u1", "2024-03-01T12:00:00Z", "started"),
            event("c-1", "u1", "2024-03-01T12:00:00Z", "signedIn"),
            event("c-3", "u1", "2024-03-01T12:00:00Z", "stopped"));

    Dataset<Row> sessions = Sessionize.sessions("run-1", Sessionize.sessionize(THIRTY_MINUTES, input));

    assertThatDataFrame(sessions.select("user_id", "session_start", "session_end", "duration_s", "event_count", "first_event_name", "last_event_name"))
        .hasRows(RowFactory.create("u1", ts("2024-03-01T12:00:00Z"), ts("2024-03-01T12:00:00Z"), 0.0, 3L, "signedIn", "stopped"));
  }

  @Test
  void aSingleEventIsASessionOfZeroSeconds() {
    Dataset<Row> sessions =
        Sessionize.sessions("run-1", Sessionize.sessionize(THIRTY_MINUTES, events(event("e1", "u1", "2024-03-01T08:00:00Z", "open"))));

    assertThatDataFrame(sessions.select("user_id", "session_start", "session_end", "duration_s", "event_count", "first_event_name", "last_event_name", "session_date"))
        .hasRows(
            RowFactory.create(
                "u1", ts("2024-03-01T08:00:00Z"), ts("2024-03-01T08:00:00Z"), 0.0, 1L, "open", "open", java.sql.Date.valueOf("2024-03-01")));
  }

  @Test
  void aSessionCrossingMidnightIsNotSplitAndBelongsToItsStartDate() {
    Dataset<Row> input =
        events(
            event("b1", "u1", "2024-03-01T23:50:00Z", "started"),
            event("b2", "u1", "2024-03-02T00:05:00Z", "saved"),
            event("b3", "u1", "2024-03-02T00:20:00Z", "stopped"));

    Dataset<Row> sessions = Sessionize.sessions("run-1", Sessionize.sessionize(THIRTY_MINUTES, input));

    assertThatDataFrame(sessions.select("session_start", "session_end", "duration_s", "event_count", "session_date"))
        .hasRows(RowFactory.create(ts("2024-03-01T23:50:00Z"), ts("2024-03-02T00:20:00Z"), 1800.0, 3L, java.sql.Date.valueOf("2024-03-01")));
  }

  @Test
  void inputOrderDoesNotMatter() {
    Dataset<Row> input =
        events(
            event("e4", "u1", "2024-03-01T12:00:00Z", "d"),
            event("e1", "u1", "2024-03-01T10:00:00Z", "a"),
            event("e3", "u1", "2024-03-01T11:31:00Z", "c"),
            event("e2", "u1", "2024-03-01T10:20:00Z", "b"));

    // gaps: 20:00, 71:00 (split), 29:00
    assertThat(sessionMembers(THIRTY_MINUTES, input)).containsExactly(List.of("e1", "e2"), List.of("e3", "e4"));
  }

  @Test
  void usersAreSessionizedIndependently() {
    Dataset<Row> input =
        events(
            event("a1", "alice", "2024-03-01T10:00:00Z", "open"),
            event("b1", "bob", "2024-03-01T10:10:00Z", "open"),
            event("a2", "alice", "2024-03-01T10:45:00Z", "open"),
            event("b2", "bob", "2024-03-01T10:20:00Z", "open"),
            event("c1", "carol", "2024-03-01T10:44:00Z", "open"),
            event("a3", "alice", "2024-03-01T11:00:00Z", "open"));

    // alice: 10:00 | 10:45, 11:00 (45-minute gap splits even though bob and carol are active in between)
    assertThat(sessionMembers(THIRTY_MINUTES, input))
        .containsExactly(List.of("a1"), List.of("a2", "a3"), List.of("b1", "b2"), List.of("c1"));
  }

  @Test
  void theGapIsConfigurable() {
    Dataset<Row> input =
        events(
            event("e1", "u1", "2024-03-01T10:00:00Z", "a"),
            event("e2", "u1", "2024-03-01T10:05:00Z", "b"),
            event("e3", "u1", "2024-03-01T10:10:00.001Z", "c"),
            event("e4", "u1", "2024-03-01T10:14:00Z", "d"));

    assertThat(sessionMembers(Duration.ofMinutes(5), input)).containsExactly(List.of("e1", "e2"), List.of("e3", "e4"));
    assertThat(sessionMembers(THIRTY_MINUTES, input)).containsExactly(List.of("e1", "e2", "e3", "e4"));
  }

  @Test
  void sessionIdIsTheMd5OfUserAndStartMicros() throws Exception {
    Dataset<Row> sessionized = Sessionize.sessionize(THIRTY_MINUTES, events(event("e1", "u1", "2024-03-01T10:00:00.123Z", "a")));

    long startMicros = Instant.parse("2024-03-01T10:00:00.123Z").toEpochMilli() * 1000;
    String expected =
        HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(("u1|" + startMicros).getBytes(StandardCharsets.UTF_8)));
    assertThat(sessionized.select("session_id").first().getString(0)).isEqualTo(expected);
  }

  @Test
  void sessionsCarryTheDescriptiveFieldsOfTheirFirstEvent() {
    Dataset<Row> input =
        events(
            event("e2", "u1", "2024-03-01T10:10:00Z", "b", "ios"),
            event("e1", "u1", "2024-03-01T10:00:00Z", "a", null),
            event("e3", "u1", "2024-03-01T10:20:00Z", "c", "android"));

    Dataset<Row> sessions = Sessionize.sessions("run-9", Sessionize.sessionize(THIRTY_MINUTES, input));

    assertThatDataFrame(sessions.select("first_event_name", "last_event_name", "platform", "duration_s", "run_id"))
        .hasRows(RowFactory.create("a", "c", null, 1200.0, "run-9"));
    assertThat(sessions.schema().fieldNames()).containsExactly(EventSchemas.SESSIONS.fieldNames());
  }

  /** The event ids of each session, each session's ids in time order, sessions ordered by user and start. */
  private static List<List<String>> sessionMembers(Duration gap, Dataset<Row> input) {
    Map<String, List<String>> bySession = new TreeMap<>();
    Map<String, String> sortKey = new TreeMap<>();
    for (Row row : Sessionize.sessionize(gap, input).orderBy("user_id", "event_time", "event_id").collectAsList()) {
      String session = row.getAs("session_id");
      bySession.computeIfAbsent(session, k -> new ArrayList<>()).add(row.getAs("event_id"));
      sortKey.putIfAbsent(session, row.getAs("user_id") + "|" + row.getAs("event_time"));
    }
    List<String> sessions = new ArrayList<>(bySession.keySet());
    sessions.sort((a, b) -> sortKey.get(a).compareTo(sortKey.get(b)));
    List<List<String>> members = new ArrayList<>();
    sessions.forEach(s -> members.add(bySession.get(s)));
    return members;
  }

  static {
    SparkTestSession.get();
  }
}
