package dev.glueetl.events;

import static dev.glueetl.testing.DataFrameAssert.assertThatDataFrame;
import static org.apache.spark.sql.functions.col;

import dev.glueetl.aggregate.Aggregate;
import dev.glueetl.config.JobArguments;
import dev.glueetl.config.MetricConfig;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.job.JobContext;
import dev.glueetl.job.Progress;
import dev.glueetl.lake.Lake;
import dev.glueetl.preprocess.Preprocess;
import dev.glueetl.spark.Schemas;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental equals full: random files of events (duplicates within and across files, an id reused by another user,
 * sessions crossing midnight and batch boundaries, gaps of exactly the inactivity gap and one millisecond more, equal
 * timestamps, bad lines) land in random batches, in random order, and after every batch (preprocess, then aggregate,
 * through the library's entry points, bookmark on) every table equals one full recompute over the files landed so far:
 * the same transformations applied to all of them at once, in memory ({@code exceptAll} both ways). The seed of a
 * failing split is in the failure message; {@code -Dincremental.seed=N} replays one.
 */
class IncrementalEqualsFullTest {
  private static final int SPLITS = Integer.getInteger("incremental.splits", 20);
  private static final Instant STARTED = Instant.parse("2024-04-01T00:00:00Z");
  private static final Duration GAP = Duration.ofMinutes(30);

  @TempDir Path work;

  private final SparkSession spark = SparkTestSession.get();

  @Test
  void afterEveryBatchTheLakeEqualsAFullRecompute() throws Exception {
    Long only = Long.getLong("incremental.seed");
    long first = only != null ? only : 20241130L;
    int splits = only != null ? 1 : SPLITS;
    // Two splits at a time, each in its own session (its own temporary views and settings): on tiny data a run is
    // mostly driver work, so two threads keep both cores busy.
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<?>> results = new ArrayList<>();
      for (int i = 0; i < splits; i++) {
        long seed = first + i;
        results.add(threads.submit(() -> {
          SparkSession session = spark.newSession();
          dev.glueetl.spark.SparkSessions.configureRuntime(session);
          try {
            runSplit(session, seed, work.resolve("split-" + seed));
          } catch (AssertionError e) {
            throw new AssertionError("split with seed " + seed + " (replay: -Dincremental.seed=" + seed + "): " + e.getMessage(), e);
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> result : results) {
        try {
          result.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private void runSplit(SparkSession spark, long seed, Path dir) throws Exception {
    Random random = new Random(seed);
    List<List<String>> files = dev.glueetl.testing.EventFiles.generate(random, 6);
    Path source = Files.createDirectories(dir.resolve("files"));
    for (int f = 0; f < files.size(); f++) {
      Files.write(source.resolve(String.format("f%02d.jsonl", f)), files.get(f), StandardCharsets.UTF_8);
    }
    List<Path> order = new ArrayList<>();
    try (var list = Files.list(source)) {
      list.sorted().forEach(order::add);
    }
    Collections.shuffle(order, random);
    int batches = random.nextInt(4) == 0 ? 3 : 2;
    List<Integer> cuts = new ArrayList<>();
    for (int b = 1; b < batches; b++) {
      cuts.add(1 + random.nextInt(order.size() - 1));
    }
    cuts.add(order.size());
    cuts = cuts.stream().distinct().sorted().toList();

    Path landing = Files.createDirectories(dir.resolve("landing"));
    PipelineConfig pipeline = pipeline(landing, dir.resolve("lake"));
    int landed = 0;
    for (int cut : cuts) {
      for (Path file : order.subList(landed, cut)) {
        Files.copy(file, landing.resolve(file.getFileName()));
      }
      landed = cut;
      Lake lake = Lake.qualified(pipeline.lake(), spark.sparkContext().hadoopConfiguration());
      Preprocess.run(context(spark, "preprocess", pipeline, lake, "r" + seed + "-" + cut));
      Aggregate.run(context(spark, "aggregate", pipeline, lake, "a" + seed + "-" + cut));
      String batch = "after batch " + order.subList(0, cut).stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(","));
      checkEqualsFull(spark, pipeline, lake, batch);
    }
  }

  private static void checkEqualsFull(SparkSession spark, PipelineConfig pipeline, Lake lake, String batch) {
    FullRecompute full = FullRecompute.of(spark, pipeline, STARTED);
    compare(batch + ": trusted.events", read(spark, lake, "trusted/inc/events").drop("run_id", "ingested_at"), full.events().drop("run_id", "ingested_at"));
    compare(batch + ": trusted.sessions", read(spark, lake, "trusted/inc/sessions").drop("run_id"), full.sessions().drop("run_id"));
    compare(batch + ": quarantine.events", read(spark, lake, "quarantine/inc/events").drop("run_id", "ingested_at"), full.quarantine().drop("run_id", "ingested_at"));
    full.events().createOrReplaceTempView("events");
    full.sessions().createOrReplaceTempView("sessions");
    spark.sql("select distinct session_date as date from sessions union select distinct event_date from events").createOrReplaceTempView("affected_dates");
    for (MetricConfig metric : pipeline.metrics()) {
      Dataset<Row> curated = read(spark, lake, "curated/inc/" + metric.table());
      Dataset<Row> expected = spark.sql(metric.sql());
      compare(batch + ": curated." + metric.table(), curated, expected);
    }
  }

  private static void compare(String what, Dataset<Row> actual, Dataset<Row> expected) {
    try {
      assertThatDataFrame(actual).ignoringColumnOrder().withTolerance(1e-9).isEqualTo(expected);
    } catch (AssertionError e) {
      throw new AssertionError(what + ": " + e.getMessage(), e);
    }
  }

  private static Dataset<Row> read(SparkSession spark, Lake lake, String table) {
    return spark.read().format("delta").load(lake.root() + "/" + table);
  }

  private static JobContext context(SparkSession spark, String job, PipelineConfig pipeline, Lake lake, String runId) {
    JobArguments args = JobArguments.parse("--pipeline", pipeline.file());
    return new JobContext(job, spark, pipeline, lake, args, runId, java.util.Optional.empty(), STARTED, new Progress(job, spark));
  }

  /**
   * app-events' mapping and two of its metrics, over {@code landing}, into {@code lake}: the reaches that go beyond a
   * changed date (a user's first day, a rolling window); sessions are compared as a table.
   */
  private static PipelineConfig pipeline(Path landing, Path lake) throws IOException {
    String builtIn = Files.readString(ProjectFiles.pipeline("app-events"));
    String yaml =
        builtIn.substring(0, builtIn.indexOf("\nmetrics:") + 1)
            .replace("name: app-events", "name: inc")
            .replace("path: test-data/app-events", "path: " + landing)
            .replace("lake: lake", "lake: " + lake)
            + "metrics:\n"
            + "  - {table: daily_active_users, sql: metrics/app-events/daily_active_users.sql, key: [date, platform], reach: first_seen user_id}\n"
            + "  - {table: active_users_rolling, sql: metrics/app-events/active_users_rolling.sql, key: [date], reach: rolling 30d}\n";
    return PipelineConfig.parse(ProjectFiles.pipeline("app-events").toString(), yaml);
  }

  /** One run's transformations over every landed file at once: what a full recompute leaves. */
  record FullRecompute(Dataset<Row> events, Dataset<Row> sessions, Dataset<Row> quarantine) {
    static FullRecompute of(SparkSession spark, PipelineConfig pipeline, Instant started) {
      Dataset<Row> conformed =
          ConformEvents.conform(pipeline.source(), pipeline.validation(), "full", started, EventLanding.read(spark, pipeline.source())).localCheckpoint();
      Dataset<Row> events =
          Schemas.conform(Sessionize.sessionize(GAP, DeduplicateEvents.keepEarliest(conformed.where(col("reason").isNull()))), EventSchemas.TRUSTED_EVENTS)
              .localCheckpoint();
      return new FullRecompute(
          events,
          Schemas.conform(Sessionize.sessions("full", events), EventSchemas.SESSIONS).localCheckpoint(),
          Schemas.conform(conformed.where(col("reason").isNotNull().and(col("reason").notEqual(ConformEvents.BLANK_LINE))), EventSchemas.QUARANTINE));
    }
  }
}
