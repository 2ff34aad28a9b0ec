package dev.glueetl.events;

import static dev.glueetl.testing.DataFrameAssert.assertThatDataFrame;

import dev.glueetl.config.MetricConfig;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.lake.Lake;
import dev.glueetl.testing.EventsFullRecompute;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SplitRuns;
import dev.glueetl.testing.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental equals full: random files of events (duplicates within and across files, an id reused by another user,
 * sessions crossing midnight and batch boundaries, gaps of exactly the inactivity gap and one millisecond more, equal
 * timestamps, bad lines) land in random batches, in random order, and after every batch (preprocess, then aggregate,
 * through the library's entry points, bookmark on) every table equals one full recompute over the files landed so far:
 * the same transformations applied to all of them at once, in memory ({@code exceptAll} both ways).
 *
 * <p>Twenty splits run in lockstep in one lake: each split has users of its own (prefixed by its seed), its own random
 * file order and batches, and batch k of every split lands before the k-th run; a difference names the splits whose
 * users it concerns. Four more splits run on their own, each in its own lake, where only its few dates change per run.
 * A failure names the seed: {@code -Dincremental.seed=N} replays that split alone.
 */
@Tag("slow")
class IncrementalEqualsFullTest {
  private static final int LOCKSTEP_SPLITS = Integer.getInteger("incremental.splits", 20);
  private static final int INDEPENDENT_SPLITS = Integer.getInteger("incremental.independent", 4);
  private static final long FIRST_SEED = 20241130L;
  /** Split seeds appear in the failure message as the prefix of the users or stores they made. */
  private static final java.util.regex.Pattern SEED_IN_MESSAGE = java.util.regex.Pattern.compile("s(\\d{8})-");
  private static final Instant STARTED = Instant.parse("2024-04-01T00:00:00Z");

  @TempDir Path work;

  private final SparkSession spark = SparkTestSession.get();

  @Test
  void twentySplitsInLockstepEqualAFullRecomputeAfterEveryBatch() throws Exception {
    Long only = Long.getLong("incremental.seed");
    List<Split> splits = new ArrayList<>();
    for (int i = 0; i < (only != null ? 1 : LOCKSTEP_SPLITS); i++) {
      splits.add(Split.of(only != null ? only : FIRST_SEED + i, work.resolve("files"), "s" + (only != null ? only : FIRST_SEED + i) + "-"));
    }
    Path landing = Files.createDirectories(work.resolve("lockstep/landing"));
    PipelineConfig pipeline = pipeline(landing, work.resolve("lockstep/lake"));
    int batches = splits.stream().mapToInt(s -> s.batches().size()).max().orElse(0);
    for (int k = 0; k < batches; k++) {
      for (Split split : splits) {
        if (k < split.batches().size()) {
          for (Path file : split.batches().get(k)) {
            Files.copy(file, landing.resolve(file.getFileName()));
          }
        }
      }
      runAndCompare(spark, pipeline, "lockstep run " + (k + 1) + " of " + batches, splits);
    }
  }

  @Test
  void independentSplitsEqualAFullRecomputeAfterEveryBatch() throws Exception {
    // Two splits at a time, each in its own session (its own temporary views and settings): on tiny data a run is
    // mostly driver work, so two threads keep both cores busy.
    SplitRuns.independently(spark, SplitRuns.seeds(FIRST_SEED + 100, INDEPENDENT_SPLITS), (session, seed) -> {
      Split split = Split.of(seed, work.resolve("split-" + seed + "/files"), "");
      Path landing = Files.createDirectories(work.resolve("split-" + seed + "/landing"));
      PipelineConfig pipeline = pipeline(landing, work.resolve("split-" + seed + "/lake"));
      for (int k = 0; k < split.batches().size(); k++) {
        for (Path file : split.batches().get(k)) {
          Files.copy(file, landing.resolve(file.getFileName()));
        }
        runAndCompare(session, pipeline, "split " + seed + " batch " + (k + 1), List.of(split));
      }
    });
  }

  /**
   * One random split: six files of {@link EventFiles} (users prefixed), in random order, cut into two or three batches.
   */
  record Split(long seed, List<List<Path>> batches) {
    static Split of(long seed, Path dir, String prefix) throws IOException {
      Random random = new Random(seed);
      List<List<String>> files = dev.glueetl.testing.EventFiles.generate(random, 6, prefix);
      Files.createDirectories(dir);
      List<Path> order = new ArrayList<>();
      for (int f = 0; f < files.size(); f++) {
        Path file = dir.resolve(String.format("%sf%02d.jsonl", prefix, f));
        Files.write(file, files.get(f), StandardCharsets.UTF_8);
        order.add(file);
      }
      Collections.shuffle(order, random);
      int batches = random.nextInt(4) == 0 ? 3 : 2;
      List<Integer> cuts = new ArrayList<>();
      for (int b = 1; b < batches; b++) {
        cuts.add(1 + random.nextInt(order.size() - 1));
      }
      cuts.add(order.size());
      List<List<Path>> result = new ArrayList<>();
      int from = 0;
      for (int cut : cuts.stream().distinct().sorted().toList()) {
        result.add(order.subList(from, cut));
        from = cut;
      }
      return new Split(seed, result);
    }
  }

  private static void runAndCompare(SparkSession spark, PipelineConfig pipeline, String what, List<Split> splits) {
    SplitRuns.runAndCompare(
        spark, pipeline, STARTED, what, splits.stream().map(Split::seed).toList(), SEED_IN_MESSAGE, lake -> checkEqualsFull(spark, pipeline, lake, what));
  }


  private static void checkEqualsFull(SparkSession spark, PipelineConfig pipeline, Lake lake, String batch) {
    EventsFullRecompute full = EventsFullRecompute.of(spark, pipeline, STARTED);
    compare(batch + ": trusted.events", read(spark, lake, "trusted/inc/events").drop("run_id", "ingested_at"), full.events().drop("run_id", "ingested_at"));
    compare(batch + ": trusted.sessions", read(spark, lake, "trusted/inc/sessions").drop("run_id"), full.sessions().drop("run_id"));
    compare(batch + ": quarantine.events", read(spark, lake, "quarantine/inc/events").drop("run_id", "ingested_at"), full.quarantine().drop("run_id", "ingested_at"));
    full.asMetricViews(spark);
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
}
