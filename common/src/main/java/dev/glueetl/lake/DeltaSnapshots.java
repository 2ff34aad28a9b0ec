package dev.glueetl.lake;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import scala.Option;

/**
 * Facts about a Delta table's latest version read from its log alone: one listing of {@code _delta_log}, no Spark job.
 * ({@code DeltaTable.history} and {@code detail} each run a Spark job; a run asks these questions a dozen times, and on
 * small data those jobs were most of its time.)
 */
public final class DeltaSnapshots {
  private DeltaSnapshots() {}

  /** The latest version, or -1 when there is no table at {@code path}. */
  public static long version(SparkSession spark, String path) {
    return latest(spark, path).version();
  }

  public static boolean exists(SparkSession spark, String path) {
    return version(spark, path) >= 0;
  }

  /** The number of data files of the latest version (0 for an empty or missing table). */
  public static long files(SparkSession spark, String path) {
    Snapshot snapshot = latest(spark, path);
    return snapshot.version() < 0 ? 0 : snapshot.numOfFiles();
  }

  /** The bytes of the latest version's data files (0 for an empty or missing table). */
  public static long bytes(SparkSession spark, String path) {
    Snapshot snapshot = latest(spark, path);
    return snapshot.version() < 0 ? 0 : snapshot.sizeInBytes();
  }

  /** The table's id, which a table deleted and created again at the same path does not share. */
  public static String tableId(SparkSession spark, String path) {
    return latest(spark, path).metadata().id();
  }

  private static Snapshot latest(SparkSession spark, String path) {
    return DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty());
  }
}
