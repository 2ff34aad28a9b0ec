package dev.glueetl.job;

import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a job's stages: a log line when each starts and ends (with seconds), and the stage as Spark job description,
 * so the Spark and Glue UIs show which step runs.
 */
public final class Progress {
  private static final Logger LOG = LoggerFactory.getLogger("dev.glueetl.progress");

  private final String job;
  private final SparkSession spark;
  private String stage = "";
  private long stageStartNanos;

  public Progress(String job, SparkSession spark) {
    this.job = job;
    this.spark = spark;
  }

  /** Starts a stage, ending the previous one. */
  public void stage(String name, String description) {
    end();
    stage = name;
    stageStartNanos = System.nanoTime();
    spark.sparkContext().setJobDescription(job + ": " + name + " - " + description);
    LOG.info("[{}] {}: {}", job, name, description);
  }

  /** A fact worth a line (counts, decisions), under the current stage. */
  public void info(String message) {
    LOG.info("[{}] {}", job, message);
  }

  public void warn(String message) {
    LOG.warn("[{}] {}", job, message);
  }

  /** Ends the current stage, logging how long it took. */
  public void end() {
    if (!stage.isEmpty()) {
      LOG.info("[{}] {} done in {}s", job, stage, String.format(Locale.ROOT, "%.1f", (System.nanoTime() - stageStartNanos) / 1e9));
      stage = "";
      spark.sparkContext().setJobDescription(null);
    }
  }
}
