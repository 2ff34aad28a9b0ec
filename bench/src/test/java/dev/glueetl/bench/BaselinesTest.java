package dev.glueetl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.config.PipelineConfig;
import dev.glueetl.config.SourceConfig;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB and the naive sessionizer on the hand-computed cases of the sessionization tests (SessionizeTest), as
 * landing JSON lines with the messy lines preprocess must drop. Expected, by hand (30-minute gap, UTC):
 *
 * <pre>
 * user  events (UTC, 2024-03-01 unless noted)                 sessions
 * u1    e1 10:00 open, e2 10:30 save, e3 11:00:00.001 close    [e1 e2] 1800 s open→save, [e3] 0 s
 *       e2 again at 10:45 (a resend: the 10:30 copy is kept; kept at 10:45 it would join all three)
 * u2    c-2, c-1, c-3 all at 12:00                             one session of 3, 0 s, signedIn→stopped (event id order)
 * u3    a1 08:00 open                                          one event, 0 s
 * u4    b1 23:50, b2 03-02 00:05, b3 03-02 00:20               not split at midnight: 1800 s, dated 03-01
 * -     a cut-off line (just before b1), a line without userId, a text time, a blank line: dropped
 * </pre>
 *
 * So: 5 sessions, 3,600,000 ms in total; daily active users 4 on 03-01 (u1-u4) and 1 on 03-02 (u4); 5 sessions start on 03-01.
 */
class BaselinesTest {
  private static final List<String> EXPECTED_SESSIONS =
      List.of(
          "u1 2024-03-01T10:00:00Z 2024-03-01T10:30:00Z 2 1800.0 open save 2024-03-01",
          "u1 2024-03-01T11:00:00.001Z 2024-03-01T11:00:00.001Z 1 0.0 close close 2024-03-01",
          "u2 2024-03-01T12:00:00Z 2024-03-01T12:00:00Z 3 0.0 signedIn stopped 2024-03-01",
          "u3 2024-03-01T08:00:00Z 2024-03-01T08:00:00Z 1 0.0 open open 2024-03-01",
          "u4 2024-03-01T23:50:00Z 2024-03-02T00:20:00Z 3 1800.0 started stopped 2024-03-01");
  private static final Figures EXPECTED_FIGURES =
      new Figures(5, 3_600_000L, new TreeMap<>(Map.of("2024-03-01", 4L, "2024-03-02", 1L)), new TreeMap<>(Map.of("2024-03-01", 5L)));

  @TempDir static Path work;
  private static Path landing;
  private static PipelineConfig pipeline;

  @BeforeAll
  static void writeLanding() throws Exception {
    landing = Files.createDirectories(work.resolve("landing"));
    Files.writeString(
        landing.resolve("a.jsonl"),
        String.join(
            "\n",
            line("e1", "open", "2024-03-01T10:00:00Z", "u1"),
            line("e2", "save", "2024-03-01T10:30:00Z", "u1"),
            line("e3", "close", "2024-03-01T11:00:00.001Z", "u1"),
            line("c-2", "started", "2024-03-01T12:00:00Z", "u2"),
            line("c-1", "signedIn", "2024-03-01T12:00:00Z", "u2"),
            line("c-3", "stopped", "2024-03-01T12:00:00Z", "u2"),
            // cut off inside an object: a lenient JSON reader reads on into the next line and loses b1 too
            "{\"meta\":{\"id\":\"x1\",\"type\":\"open\",\"timestamp\":1709290000000},\"data\":{\"userId\":\"u9\",\"app\":",
            line("b1", "started", "2024-03-01T23:50:00Z", "u4"),
            "",
            "{\"meta\":{\"id\":\"x2\",\"type\":\"open\",\"timestamp\":1709290000000},\"data\":{\"app\":{\"type\":\"ios\"}}}",
            "{\"meta\":{\"id\":\"x3\",\"type\":\"open\",\"timestamp\":\"soon\"},\"data\":{\"userId\":\"u1\"}}",
            ""));
    Files.writeString(
        landing.resolve("b.jsonl"),
        String.join(
            "\n",
            line("e2", "save", "2024-03-01T10:45:00Z", "u1"),
            line("a1", "open", "2024-03-01T08:00:00Z", " u3 "),
            line("b2", "saved", "2024-03-02T00:05:00Z", "u4"),
            line("b3", "stopped", "2024-03-02T00:20:00Z", "u4"),
            ""));
    pipeline = PipelineConfig.load(ProjectFiles.pipeline("app-events").toString(), new org.apache.hadoop.conf.Configuration());
  }

  private static String line(String id, String type, String isoTime, String user) {
    return "{\"meta\":{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"timestamp\":" + Instant.parse(isoTime).toEpochMilli()
        + "},\"data\":{\"userId\":\"" + user + "\",\"app\":{\"type\":\"android\"}}}";
  }

  @Test
  void duckDbFindsTheHandComputedSessionsAndFigures() throws Exception {
    DuckDbBaseline.Result result = DuckDbBaseline.run(pipeline, landing.resolve("*.jsonl").toString(), work.resolve("duckdb"), Instant.now(), 2, "1GB");

    assertThat(result.figures()).isEqualTo(EXPECTED_FIGURES);
    assertThat(result.trustedEvents()).isEqualTo(10); // 11 good lines, one a resend
    List<String> sessions = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = connection.createStatement();
        ResultSet rows = sql.executeQuery(
            "SELECT user_id, strftime(session_start, '%Y-%m-%dT%H:%M:%S.%gZ'), strftime(session_end, '%Y-%m-%dT%H:%M:%S.%gZ'), event_count, "
                + "duration_s, first_event_name, last_event_name, CAST(session_date AS VARCHAR) FROM '" + work.resolve("duckdb/sessions.parquet")
                + "' ORDER BY user_id, session_start")) {
      while (rows.next()) {
        sessions.add(String.join(" ", rows.getString(1), iso(rows.getString(2)), iso(rows.getString(3)), rows.getString(4),
            Double.toString(rows.getDouble(5)), rows.getString(6), rows.getString(7), rows.getString(8)));
      }
    }
    assertThat(sessions).containsExactlyElementsOf(EXPECTED_SESSIONS);
  }

  @Test
  void theNaiveSessionizerFindsTheSameSessionsAndFigures() {
    SparkSession spark = SparkTestSession.get();
    SourceConfig source = pipeline.source().withPath(landing.resolve("*.jsonl").toString());
    Path table = work.resolve("naive");

    Benchmark.runNaive(spark, pipeline, source, 0, table);

    List<String> sessions = new ArrayList<>();
    for (Row row : spark.read().format("delta").load(table.toString()).orderBy("user_id", "session_start").collectAsList()) {
      sessions.add(String.join(" ", row.getString(0), row.getTimestamp(1).toInstant().toString(), row.getTimestamp(2).toInstant().toString(),
          Long.toString(row.getLong(4)), Double.toString(row.getDouble(3)), row.getString(5), row.getString(6), row.getDate(7).toString()));
    }
    assertThat(sessions).containsExactlyElementsOf(EXPECTED_SESSIONS);
    assertThat(Benchmark.naiveFigures(spark, table)).isEqualTo(EXPECTED_FIGURES);
  }

  @Test
  void figuresNameEveryDifference() {
    Figures other = new Figures(6, 3_600_001L, new TreeMap<>(Map.of("2024-03-01", 4L)), new TreeMap<>(Map.of("2024-03-01", 6L)));

    assertThat(EXPECTED_FIGURES.differencesFrom("ours", "naive", other))
        .containsExactly(
            "sessions: ours 5, naive 6",
            "total session duration (ms): ours 3600000, naive 3600001",
            "daily active users on 2024-03-02: ours 1, naive null",
            "sessions per day on 2024-03-01: ours 5, naive 6");
    assertThat(EXPECTED_FIGURES.differencesFrom("ours", "DuckDB", EXPECTED_FIGURES)).isEmpty();
  }

  /** DuckDB's %g prints milliseconds always: 10:00:00.000Z becomes 10:00:00Z, as Instant prints it. */
  private static String iso(String text) {
    return Instant.parse(text).toString();
  }
}
