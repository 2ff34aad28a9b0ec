package dev.glueetl.jobs.aggregate;

import static dev.glueetl.testing.DataFrameAssert.assertThatDataFrame;

import dev.glueetl.config.MetricConfig;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.testing.JobRuns;
import dev.glueetl.testing.EventFiles;
import dev.glueetl.testing.EventsFullRecompute;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
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
 * Incremental equals full through the jobs' real entry points, as a scheduled workflow runs them: random event files
 * ({@link EventFiles}) land in two batches, each followed by the preprocess job and the aggregate job with Glue's
 * arguments (bookmark on, run lock, run records, catalog); after each, the lake equals one full recompute. One seed: what
 * this adds is the entry points, which do not depend on the split; the many random splits (24 per run) are
 * {@code common}'s {@code IncrementalEqualsFullTest}, through the library, where each costs a fraction of a job run.
 */
@Tag("slow")
class IncrementalJobsEqualsFullTest {
  private static final Instant STARTED = Instant.parse("2024-04-01T00:00:00Z");
  /** More seeds replay more splits here (each costs two preprocess and two aggregate runs, about 15 s). */
  private static final List<Long> SEEDS = List.of(7L);

  @TempDir Path work;

  private final SparkSession spark = SparkTestSession.get();

  @Test
  void aRandomSplitThroughTheJobsMainEqualsAFullRecompute() throws Exception {
    for (long seed : SEEDS) {
      Random random = new Random(seed);
      Path dir = work.resolve("seed-" + seed);
      Path landing = Files.createDirectories(dir.resolve("landing"));
      Path source = Files.createDirectories(dir.resolve("files"));
      List<List<String>> files = EventFiles.generate(random, 5);
      List<String> names = new ArrayList<>();
      for (int f = 0; f < files.size(); f++) {
        names.add(String.format("f%02d.jsonl", f));
        Files.write(source.resolve(names.get(f)), files.get(f), StandardCharsets.UTF_8);
      }
      Collections.shuffle(names, random);
      int cut = 1 + random.nextInt(names.size() - 1);
      Path pipelineFile = pipeline(dir, landing);
      PipelineConfig pipeline = PipelineConfig.load(pipelineFile.toString(), spark.sparkContext().hadoopConfiguration());
      for (List<String> batch : List.of(names.subList(0, cut), names.subList(cut, names.size()))) {
        for (String name : batch) {
          Files.copy(source.resolve(name), landing.resolve(name));
        }
        String[] args = {"--JOB_NAME", "inc", "--pipeline", pipelineFile.toString(), "--lake", dir.resolve("lake").toString()};
        JobRuns.preprocess(args);
        AggregateJob.run(args);
        String what = "seed " + seed + " after " + batch;
        EventsFullRecompute full = EventsFullRecompute.of(spark, pipeline, STARTED);
        compare(what + ": events", table(dir, "trusted/inc/events").drop("run_id", "ingested_at"), full.events().drop("run_id", "ingested_at"));
        compare(what + ": sessions", table(dir, "trusted/inc/sessions").drop("run_id"), full.sessions().drop("run_id"));
        compare(what + ": quarantine", table(dir, "quarantine/inc/events").drop("run_id", "ingested_at"), full.quarantine().drop("run_id", "ingested_at"));
        full.asMetricViews(spark);
        for (MetricConfig metric : pipeline.metrics()) {
          compare(what + ": " + metric.table(), table(dir, "curated/inc/" + metric.table()), spark.sql(metric.sql()));
        }
      }
    }
  }

  private static void compare(String what, Dataset<Row> actual, Dataset<Row> expected) {
    try {
      assertThatDataFrame(actual).ignoringColumnOrder().withTolerance(1e-9).isEqualTo(expected);
    } catch (AssertionError e) {
      throw new AssertionError(what + ": " + e.getMessage(), e);
    }
  }

  private Dataset<Row> table(Path dir, String relative) {
    return spark.read().format("delta").load(dir.resolve("lake").resolve(relative).toString());
  }

  /** app-events over {@code landing} with two of its metrics, as a pipeline file next to the landing folder. */
  private static Path pipeline(Path dir, Path landing) throws Exception {
    return ProjectFiles.pipelineCopy("app-events", dir, yaml -> {
      String head = yaml.substring(0, yaml.indexOf("\nmetrics:") + 1).replace("name: app-events", "name: inc").replace("path: test-data/app-events", "path: " + landing);
      String metricsDir = ProjectFiles.root().resolve("pipelines").toString();
      return head
          + "metrics:\n"
          + "  - {table: daily_active_users, sql: " + metricsDir + "/metrics/app-events/daily_active_users.sql, key: [date, platform], reach: first_seen user_id}\n"
          + "  - {table: active_users_rolling, sql: " + metricsDir + "/metrics/app-events/active_users_rolling.sql, key: [date], reach: rolling 30d}\n";
    });
  }
}
