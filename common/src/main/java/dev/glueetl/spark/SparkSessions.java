package dev.glueetl.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The one place Spark sessions are made: for jobs on Glue or spark-submit ({@link #forJob}), and in local mode for the
 * CLI and notebooks ({@link #local}). Both apply {@link #configureRuntime} so every job sees the same SQL semantics.
 */
public final class SparkSessions {
  public static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  public static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";
  /** Local {@code file:} paths through {@link NioLocalFileSystem}: no process forked per file written or listed. */
  public static final Map<String, String> LOCAL_FILE_SYSTEM =
      Map.of(
          "spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName(),
          "spark.hadoop.fs.AbstractFileSystem.file.impl", NioLocalFileSystem.Fs.class.getName());

  private SparkSessions() {}

  /**
   * The session of a job: the active one when a caller (CLI, test, notebook) made it, else a new one from the
   * environment (Glue or spark-submit set master and configuration). Delta's extension and catalog are added when the
   * environment has not set them; without a master (a plain {@code java -cp} run) it runs in local mode.
   */
  public static SparkSession forJob(String appName) {
    SparkSession session =
        SparkSession.getActiveSession().isDefined()
            ? SparkSession.getActiveSession().get()
            : SparkSession.getDefaultSession().isDefined() ? SparkSession.getDefaultSession().get() : null;
    if (session == null) {
      SparkConf conf = new SparkConf();
      SparkSession.Builder builder = SparkSession.builder().appName(appName);
      if (!conf.contains("spark.master")) {
        builder.master("local[*]").config("spark.ui.enabled", "false");
        LOCAL_FILE_SYSTEM.forEach((key, value) -> {
          if (!conf.contains(key)) {
            builder.config(key, value);
          }
        });
      }
      if (!conf.contains("spark.sql.extensions")) {
        builder.config("spark.sql.extensions", DELTA_EXTENSION);
      }
      if (!conf.contains("spark.sql.catalog.spark_catalog")) {
        builder.config("spark.sql.catalog.spark_catalog", DELTA_CATALOG);
      }
      session = builder.getOrCreate();
    }
    configureRuntime(session);
    return session;
  }

  /**
   * A local-mode session for the CLI, notebooks and tests: all cores (or {@code master}), UI off, UTC, Delta, few
   * shuffle partitions, and a throw-away warehouse directory so nothing is written into the working directory.
   */
  public static SparkSession local(String appName, String master, Map<String, String> extraConf) {
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName(appName)
            .master(master)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.extensions", DELTA_EXTENSION)
            .config("spark.sql.catalog.spark_catalog", DELTA_CATALOG)
            .config("spark.sql.warehouse.dir", tempWarehouse())
            // Small tables: Delta's default of 50 partitions for reading its own log is pure overhead locally.
            .config("spark.databricks.delta.snapshotPartitions", "2")
            // Locally s3:// is served by S3A too, as on Glue 5.1.
            .config("spark.hadoop.fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
    LOCAL_FILE_SYSTEM.forEach(builder::config);
    extraConf.forEach(builder::config);
    SparkSession session = builder.getOrCreate();
    configureRuntime(session);
    return session;
  }

  /**
   * Runtime SQL settings every job relies on: UTC session time zone (dates are UTC dates), the Spark 3 datetime parser
   * without the legacy fallback that would throw on patterns like {@code d/M/yyyy}, and adaptive execution.
   */
  public static void configureRuntime(SparkSession session) {
    session.conf().set("spark.sql.session.timeZone", "UTC");
    session.conf().set("spark.sql.legacy.timeParserPolicy", "CORRECTED");
    session.conf().set("spark.sql.adaptive.enabled", "true");
    session.conf().set("spark.sql.adaptive.coalescePartitions.enabled", "true");
  }

  /**
   * A Hadoop configuration for reading the pipeline file before any Spark session exists: the active session's when
   * there is one, else one carrying the {@code spark.hadoop.*} settings that Glue or spark-submit put in the JVM.
   */
  public static Configuration hadoopConfiguration() {
    if (SparkSession.getActiveSession().isDefined()) {
      return SparkSession.getActiveSession().get().sparkContext().hadoopConfiguration();
    }
    Configuration conf = new Configuration();
    for (Tuple2<String, String> entry : new SparkConf().getAll()) {
      if (entry._1().startsWith("spark.hadoop.")) {
        conf.set(entry._1().substring("spark.hadoop.".length()), entry._2());
      }
    }
    if (conf.get("fs.s3.impl") == null && conf.get("fs.s3a.impl") != null) {
      conf.set("fs.s3.impl", conf.get("fs.s3a.impl"));
    }
    return conf;
  }

  private static String tempWarehouse() {
    try {
      Path dir = Files.createTempDirectory("glue-etl-warehouse");
      dir.toFile().deleteOnExit();
      return dir.toUri().toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
