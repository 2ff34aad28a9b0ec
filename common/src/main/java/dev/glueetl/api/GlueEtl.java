package dev.glueetl.api;

import dev.glueetl.config.Durations;
import dev.glueetl.error.Errors;
import dev.glueetl.events.Sessionize;
import dev.glueetl.lake.Lake;
import dev.glueetl.lake.LakeCatalog;
import dev.glueetl.lake.TableId;
import dev.glueetl.lake.Zone;
import dev.glueetl.quality.DataQuality;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The library's entry points for notebooks and shells, with nothing but DataFrames and strings in their signatures so
 * they are called the same way from Java, Scala (spark-shell, Glue interactive sessions with {@code %extra_jars}) and
 * PySpark through the JVM gateway ({@code spark._jvm.dev.glueetl.api.GlueEtl.sessionize(df._jdf, "30m")}).
 *
 * <pre>
 * GlueEtl.registerLake(spark, "s3://my-lake/lake", "app-events");          // app_events_trusted.events, ...
 * Dataset&lt;Row&gt; events = spark.table("app_events_trusted.events");
 * Dataset&lt;Row&gt; sessions = GlueEtl.sessions(GlueEtl.sessionize(events, "10m"));
 * GlueEtl.evaluate(sessions, "Rules = [ ColumnValues \"duration_s\" &gt;= 0 ]").show();
 * </pre>
 */
public final class GlueEtl {
  private GlueEtl() {}

  /**
   * Adds {@code session_id} to events with {@code user_id}, {@code event_time} and {@code event_id} (the columns of
   * a trusted events table): a new session starts after a gap strictly greater than {@code inactivityGap} (30m, 90s,
   * 2h, PT30M), exactly as the preprocess job does.
   */
  public static Dataset<Row> sessionize(Dataset<Row> events, String inactivityGap) {
    Duration gap =
        Durations.parse(inactivityGap)
            .filter(d -> !d.isNegative() && !d.isZero())
            .orElseThrow(() -> Errors.usage("GlueEtl.sessionize: inactivity gap '" + inactivityGap + "' is not " + Durations.EXPECTED));
    return Sessionize.sessionize(gap, events);
  }

  /** One row per session of sessionized events, in the shape of the trusted {@code sessions} table. */
  public static Dataset<Row> sessions(Dataset<Row> sessionizedEvents) {
    return Sessionize.sessions("notebook", sessionizedEvents);
  }

  /**
   * Evaluates a DQDL ruleset: one row per rule with {@code rule}, {@code outcome} (Passed, Failed, Error),
   * {@code failure_reason}, {@code evaluated_metrics} and {@code notes}.
   */
  public static Dataset<Row> evaluate(Dataset<Row> data, String dqdl) {
    return DataQuality.evaluate(data, dqdl);
  }

  /**
   * Registers a pipeline's tables of a lake (a directory, s3:// or s3a:// root) in the session catalog as
   * {@code <pipeline>_<zone>.<table>} and returns their names.
   */
  public static List<String> registerLake(SparkSession spark, String lakeRoot, String pipeline) {
    Lake lake = Lake.qualified(lakeRoot, spark.sparkContext().hadoopConfiguration());
    return LakeCatalog.registerPipeline(spark, lake, pipeline).stream().map(TableId::catalogName).toList();
  }

  /** One table of a lake, read from its Delta location: {@code table(spark, "lake", "app-events", "trusted", "events")}. */
  public static Dataset<Row> table(SparkSession spark, String lakeRoot, String pipeline, String zone, String table) {
    Zone parsed;
    try {
      parsed = Zone.valueOf(zone.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Errors.usage("GlueEtl.table: '" + zone + "' is not a zone: use trusted, curated, quarantine, quality or runs");
    }
    Lake lake = Lake.qualified(lakeRoot, spark.sparkContext().hadoopConfiguration());
    String path = lake.pathOf(TableId.of(pipeline, parsed, table));
    if (!io.delta.tables.DeltaTable.isDeltaTable(spark, path)) {
      throw Errors.tableNotFound(pipeline.replace('-', '_') + "_" + zone + "." + table, path, "run the pipeline first (./glue-etl run " + pipeline + ")");
    }
    return spark.read().format("delta").load(path);
  }
}
