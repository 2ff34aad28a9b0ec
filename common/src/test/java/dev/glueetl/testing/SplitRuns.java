package dev.glueetl.testing;

import dev.glueetl.aggregate.Aggregate;
import dev.glueetl.config.JobArguments;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.job.JobContext;
import dev.glueetl.job.Progress;
import dev.glueetl.lake.Lake;
import dev.glueetl.preprocess.Preprocess;
import dev.glueetl.spark.SparkSessions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/**
 * What the incremental property tests share: a batch run (preprocess then aggregate, as the workflow chains them)
 * followed by the comparison with a full recompute, a failure naming the split seeds to replay, and independent splits
 * run two at a time, each in its own session.
 */
public final class SplitRuns {
  /** A split's body, given its own session. */
  @FunctionalInterface
  public interface SplitBody {
    void run(SparkSession session, long seed) throws Exception;
  }

  private SplitRuns() {}

  /**
   * Runs preprocess and aggregate on the lake of {@code pipeline}, then {@code check}; a failed check names the seeds
   * of {@code seeds} (or the seeds found in the message by {@code seedPattern}, group 1) so one can be replayed alone.
   */
  public static void runAndCompare(
      SparkSession spark, PipelineConfig pipeline, Instant started, String what, List<Long> seeds, Pattern seedPattern, Consumer<Lake> check) {
    Lake lake = Lake.qualified(pipeline.lake(), spark.sparkContext().hadoopConfiguration());
    Preprocess.run(context(spark, "preprocess", pipeline, lake, "r-" + what.replace(' ', '-'), started));
    Aggregate.run(context(spark, "aggregate", pipeline, lake, "a-" + what.replace(' ', '-'), started));
    try {
      check.accept(lake);
    } catch (AssertionError e) {
      Set<String> named = new TreeSet<>();
      if (seeds.size() == 1) {
        named.add(String.valueOf(seeds.get(0)));
      } else {
        Matcher found = seedPattern.matcher(String.valueOf(e.getMessage()));
        while (found.find()) {
          named.add(found.group(1));
        }
      }
      throw new AssertionError("split seed(s) " + String.join(", ", named) + " (replay one: -Dincremental.seed=N): " + e.getMessage(), e);
    }
  }

  /** A job's context as the job's {@code main} would make it, with a fixed start (the reference for "future" checks). */
  public static JobContext context(SparkSession spark, String job, PipelineConfig pipeline, Lake lake, String runId, Instant started) {
    return new JobContext(job, spark, pipeline, lake, JobArguments.parse("--pipeline", pipeline.file()), runId, Optional.empty(), started, new Progress(job, spark));
  }

  /**
   * Runs {@code body} for each seed, two at a time, each in a new session of {@code spark} (its own temporary views and
   * settings): on tiny data a run is mostly driver work, so two threads keep both cores busy. The first failure is
   * rethrown.
   */
  /** {@code count} seeds from {@code first} on, one per independent split. */
  public static List<Long> seeds(long first, int count) {
    List<Long> seeds = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      seeds.add(first + i);
    }
    return seeds;
  }

  public static void independently(SparkSession spark, List<Long> seeds, SplitBody body) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (long seed : seeds) {
        results.add(threads.submit(() -> {
          SparkSession session = spark.newSession();
          SparkSessions.configureRuntime(session);
          body.run(session, seed);
          return null;
        }));
      }
      for (Future<?> result : results) {
        try {
          result.get();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
