package dev.glueetl.bench;

import dev.glueetl.config.PipelineConfig;
import dev.glueetl.config.SourceConfig;
import dev.glueetl.config.SourceFormat;
import dev.glueetl.config.TimeFormat;
import dev.glueetl.error.Errors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The single-machine yardstick: DuckDB (in-process, through JDBC) computing what preprocess and aggregate compute, from
 * the same JSON lines, with SQL window functions, and writing its results as Parquet.
 *
 * <ul>
 *   <li>the same cleaning: lines read as text and parsed one by one; fields at the pipeline's JSON paths, trimmed,
 *       empty as NULL; an event id derived from the line when it has none; epoch-millisecond times; lines that are not
 *       JSON and records without user, name or a parseable in-range time are left out;
 *   <li>the same deduplication: one record per event id, the earliest time first;
 *   <li>the same sessions: per user ordered by (event_time, event_id), a new session when the gap is strictly greater
 *       than the inactivity gap;
 *   <li>the same {@code daily_active_users} (per date and platform plus 'all', with new users) and
 *       {@code sessions_daily} figures as the metric SQL of the app-events pipeline.
 * </ul>
 *
 * Supported source settings: JSON lines and {@code time_format: epoch_millis}.
 */
public final class DuckDbBaseline {
  private static final String BLANKS = "chr(32) || chr(9) || chr(13) || chr(10)";

  private DuckDbBaseline() {}

  /** What one run produced: the figures and the Parquet files written under the output directory. */
  public record Result(Figures figures, long trustedEvents, List<Path> outputs) {}

  /**
   * Computes trusted events, sessions, daily active users and sessions per day from {@code inputGlob}, writes them as
   * Parquet under {@code outDir}, and returns the figures.
   */
  public static Result run(PipelineConfig pipeline, String inputGlob, Path outDir, Instant runStartedAt, int threads, String memoryLimit) {
    SourceConfig source = pipeline.source();
    if (source.format() != SourceFormat.JSON
        || source.timeFormats().size() != 1 || source.timeFormats().get(0).kind() != TimeFormat.Kind.EPOCH_MILLIS) {
      throw Errors.usage("the DuckDB baseline supports JSON-lines sources with time_format epoch_millis");
    }
    try {
      Files.createDirectories(outDir);
      Path spill = Files.createDirectories(outDir.resolve("duckdb-tmp"));
      try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
          Statement sql = connection.createStatement()) {
        sql.execute("SET threads = " + threads);
        sql.execute("SET memory_limit = '" + memoryLimit + "'");
        sql.execute("SET temp_directory = '" + spill + "'");
        for (String statement : statements(pipeline, inputGlob, runStartedAt)) {
          sql.execute(statement);
        }
        List<Path> outputs = new ArrayList<>();
        for (String table : List.of("events", "sessions", "daily_active_users", "sessions_daily")) {
          Path file = outDir.resolve(table + ".parquet");
          sql.execute("COPY " + table + " TO '" + file + "' (FORMAT parquet)");
          outputs.add(file);
        }
        return new Result(figures(sql), single(sql, "SELECT count(*) FROM events"), outputs);
      }
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException("DuckDB baseline failed on " + inputGlob + ": " + e.getMessage(), e);
    }
  }

  /** The SQL, in order: read and conform, deduplicate, sessionize, sessions, the two metric tables. */
  static List<String> statements(PipelineConfig pipeline, String inputGlob, Instant runStartedAt) {
    SourceConfig source = pipeline.source();
    Map<String, String> fields = new LinkedHashMap<>();
    for (String field : List.of("event_id", "user_id", "event_time", "event_name", "platform")) {
      fields.put(field, source.maps(field) ? source.columnsOf(field).get(0) : null);
    }
    long gapMicros = pipeline.sessions().inactivityGap().toNanos() / 1_000L;
    LocalDateTime earliest = LocalDateTime.ofInstant(pipeline.validation().minTime(), ZoneOffset.UTC);
    LocalDateTime latest = LocalDateTime.ofInstant(runStartedAt.plus(pipeline.validation().maxAhead()), ZoneOffset.UTC);
    List<String> statements = new ArrayList<>();
    // Lines are read as text and parsed per line, as preprocess does: read_json's ignore_errors would let a cut-off
    // line swallow the valid line after it (its parser reads on across the newline), silently losing events.
    List<String> paths = new ArrayList<>();
    Map<String, String> element = new LinkedHashMap<>();
    fields.forEach((field, path) -> {
      if (path != null) {
        paths.add("'$." + path.replace("'", "''") + "'");
        element.put(field, "NULLIF(trim(f[" + paths.size() + "], " + BLANKS + "), '')");
      } else {
        element.put(field, "CAST(NULL AS VARCHAR)");
      }
    });
    statements.add(
        "CREATE TEMP TABLE conformed AS SELECT "
            + "COALESCE(" + element.get("event_id") + ", md5(trim(line, " + BLANKS + "))) AS event_id, "
            + element.get("user_id") + " AS user_id, "
            + element.get("event_name") + " AS event_name, "
            + "COALESCE(" + element.get("platform") + ", 'unknown') AS platform, "
            + "source_file, "
            + "CASE WHEN regexp_full_match(" + element.get("event_time") + ", '-?[0-9]{1,15}(\\.[0-9]+)?') "
            + "THEN epoch_ms(CAST(trunc(CAST(" + element.get("event_time") + " AS DECIMAL(20,3))) AS BIGINT)) END AS event_time "
            + "FROM (SELECT line, filename AS source_file, "
            + "CASE WHEN json_valid(line) THEN json_extract_string(line, [" + String.join(", ", paths) + "]) END AS f "
            + "FROM read_csv('" + inputGlob.replace("'", "''") + "', columns = {'line': 'VARCHAR'}, header = false, auto_detect = false, "
            + "delim = chr(1), quote = '', escape = '', filename = true) WHERE trim(line, " + BLANKS + ") <> '')");
    statements.add(
        "CREATE TEMP TABLE events AS SELECT event_id, user_id, event_time, CAST(event_time AS DATE) AS event_date, event_name, platform, source_file "
            + "FROM conformed WHERE event_id IS NOT NULL AND user_id IS NOT NULL AND event_name IS NOT NULL AND event_time IS NOT NULL "
            + "AND event_time >= TIMESTAMP '" + earliest + "' AND event_time <= TIMESTAMP '" + latest + "' "
            + "QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY event_time, source_file, user_id, event_name) = 1");
    statements.add(
        "CREATE TEMP TABLE sessionized AS SELECT *, "
            + "sum(starts) OVER (PARTITION BY user_id ORDER BY event_time, event_id ROWS UNBOUNDED PRECEDING) AS session_number FROM ("
            + "SELECT *, CASE WHEN lag(event_time) OVER by_user IS NULL "
            + "OR epoch_us(event_time) - epoch_us(lag(event_time) OVER by_user) > " + gapMicros + " THEN 1 ELSE 0 END AS starts "
            + "FROM events WINDOW by_user AS (PARTITION BY user_id ORDER BY event_time, event_id))");
    statements.add(
        "CREATE TEMP TABLE sessions AS SELECT user_id, min(event_time) AS session_start, max(event_time) AS session_end, "
            + "(epoch_us(max(event_time)) - epoch_us(min(event_time))) / 1e6 AS duration_s, count(*) AS event_count, "
            + "first(event_name ORDER BY event_time, event_id) AS first_event_name, "
            + "last(event_name ORDER BY event_time, event_id) AS last_event_name, "
            + "CAST(min(event_time) AS DATE) AS session_date "
            + "FROM sessionized GROUP BY user_id, session_number");
    statements.add(
        "CREATE TEMP TABLE daily_active_users AS "
            + "WITH first_seen AS (SELECT user_id, min(event_date) AS first_date FROM events GROUP BY user_id), "
            + "day_users AS (SELECT DISTINCT event_date AS date, platform, user_id FROM events) "
            + "SELECT d.date, d.platform, count(*) AS dau, count(*) FILTER (WHERE f.first_date = d.date) AS new_users "
            + "FROM day_users d JOIN first_seen f USING (user_id) GROUP BY d.date, d.platform "
            + "UNION ALL "
            + "SELECT d.date, 'all' AS platform, count(DISTINCT d.user_id) AS dau, "
            + "count(DISTINCT CASE WHEN f.first_date = d.date THEN d.user_id END) AS new_users "
            + "FROM day_users d JOIN first_seen f USING (user_id) GROUP BY d.date");
    statements.add(
        "CREATE TEMP TABLE sessions_daily AS SELECT session_date AS date, count(*) AS sessions, count(DISTINCT user_id) AS users, "
            + "avg(duration_s) AS avg_duration_s, quantile_cont(duration_s, 0.5) AS p50_duration_s, "
            + "quantile_cont(duration_s, 0.9) AS p90_duration_s, avg(event_count) AS avg_events_per_session, "
            + "avg(CASE WHEN event_count = 1 THEN 1.0 ELSE 0.0 END) AS bounce_rate FROM sessions GROUP BY session_date");
    return statements;
  }

  /** The figures of the tables made by {@link #statements}. */
  static Figures figures(Statement sql) throws SQLException {
    long sessions = single(sql, "SELECT count(*) FROM sessions");
    long totalMillis = single(sql, "SELECT COALESCE(sum(epoch_ms(session_end) - epoch_ms(session_start)), 0) FROM sessions");
    return new Figures(
        sessions,
        totalMillis,
        byDay(sql, "SELECT CAST(date AS VARCHAR), dau FROM daily_active_users WHERE platform = 'all'"),
        byDay(sql, "SELECT CAST(date AS VARCHAR), sessions FROM sessions_daily"));
  }

  private static long single(Statement sql, String query) throws SQLException {
    try (ResultSet result = sql.executeQuery(query)) {
      result.next();
      return result.getLong(1);
    }
  }

  private static TreeMap<String, Long> byDay(Statement sql, String query) throws SQLException {
    TreeMap<String, Long> values = new TreeMap<>();
    try (ResultSet result = sql.executeQuery(query)) {
      while (result.next()) {
        values.put(result.getString(1), result.getLong(2));
      }
    }
    return values;
  }
}
