package dev.glueetl.testing;

import dev.glueetl.spark.SparkSessions;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** One local Spark session per test JVM, made through the production factory with test-sized settings. */
public final class SparkTestSession {
  private static SparkSession session;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      session =
          SparkSessions.local(
              "glue-etl-tests",
              "local[2]",
              Map.of(
                  "spark.sql.shuffle.partitions", "2",
                  "spark.default.parallelism", "2",
                  "spark.sql.adaptive.coalescePartitions.initialPartitionNum", "2",
                  "spark.databricks.delta.snapshotPartitions", "1",
                  "spark.ui.enabled", "false"));
    }
    SparkSessions.configureRuntime(session);
    return session;
  }
}
