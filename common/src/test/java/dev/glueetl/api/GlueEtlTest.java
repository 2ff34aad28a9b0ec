package dev.glueetl.api;

import static dev.glueetl.testing.EventFixtures.event;
import static dev.glueetl.testing.EventFixtures.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.glueetl.events.EventSchemas;
import dev.glueetl.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notebook entry points, called with only DataFrames and strings, as PySpark's gateway calls them. */
class GlueEtlTest {
  private final SparkSession spark = SparkTestSession.get();

  // u1: gaps of 20 and 25 minutes; u2: one event
  private final Dataset<Row> trustedEvents =
      events(
          event("e1", "u1", "2024-03-01T10:00:00Z", "open"),
          event("e2", "u1", "2024-03-01T10:20:00Z", "save"),
          event("e3", "u1", "2024-03-01T10:45:00Z", "close"),
          event("e4", "u2", "2024-03-01T11:00:00Z", "open"));

  private static List<String> sessionSizes(Dataset<Row> sessions) {
    return sessions.orderBy("user_id", "session_start").selectExpr("concat(user_id, ':', event_count)").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }

  @Test
  void sessionizeTakesTheGapAsTextAndSplitsOnlyOnLongerGaps() {
    assertThat(sessionSizes(GlueEtl.sessions(GlueEtl.sessionize(trustedEvents, "30m")))).containsExactly("u1:3", "u2:1");
    assertThat(sessionSizes(GlueEtl.sessions(GlueEtl.sessionize(trustedEvents, "20m")))).containsExactly("u1:2", "u1:1", "u2:1");
    assertThat(sessionSizes(GlueEtl.sessions(GlueEtl.sessionize(trustedEvents, "PT10M")))).containsExactly("u1:1", "u1:1", "u1:1", "u2:1");
    assertThat(GlueEtl.sessions(GlueEtl.sessionize(trustedEvents, "30m")).schema().fieldNames()).containsExactly(EventSchemas.SESSIONS.fieldNames());
  }

  @Test
  void aGapThatIsNotADurationIsAClearError() {
    assertThat(catchThrowable(() -> GlueEtl.sessionize(trustedEvents, "half an hour")))
        .hasMessage("[USAGE] GlueEtl.sessionize: inactivity gap 'half an hour' is not a positive duration such as 30m, 90s, 2h, 1d, 500ms or PT30M");
    assertThat(catchThrowable(() -> GlueEtl.sessionize(trustedEvents, "0s"))).hasMessageContaining("'0s' is not a positive duration");
  }

  @Test
  void evaluateReturnsOneRowPerRuleInGlueDataQualitysShape() {
    Dataset<Row> sessions = GlueEtl.sessions(GlueEtl.sessionize(trustedEvents, "20m"));

    List<Row> results = GlueEtl.evaluate(sessions, "Rules = [ RowCount = 3, ColumnValues \"event_count\" > 1 ]").collectAsList();

    assertThat(results).extracting(r -> r.getString(0) + " " + r.getString(1))
        .containsExactly("RowCount = 3 Passed", "ColumnValues \"event_count\" > 1 Failed");
    assertThat(results.get(0).<String, Double>getJavaMap(3)).containsEntry("Dataset.*.RowCount", 3.0);
  }

  @Test
  void registerLakeAndTableOpenWhatTheJobsWrote(@TempDir Path lake) {
    trustedEvents.write().format("delta").save(lake.resolve("trusted/app-events/events").toString());

    assertThat(GlueEtl.registerLake(spark, lake.toString(), "app-events")).containsExactly("app_events_trusted.events");
    assertThat(spark.table("app_events_trusted.events").count()).isEqualTo(4);
    assertThat(GlueEtl.table(spark, lake.toString(), "app-events", "trusted", "events").count()).isEqualTo(4);
    assertThat(catchThrowable(() -> GlueEtl.table(spark, lake.toString(), "app-events", "curated", "daily_active_users")))
        .hasMessageStartingWith("[TABLE_NOT_FOUND] no table app_events_curated.daily_active_users at ")
        .hasMessageEndingWith(": run the pipeline first (./glue-etl run app-events)");
    assertThat(catchThrowable(() -> GlueEtl.table(spark, lake.toString(), "app-events", "gold", "x")))
        .hasMessage("[USAGE] GlueEtl.table: 'gold' is not a zone: use trusted, curated, quarantine, quality or runs");
  }
}
