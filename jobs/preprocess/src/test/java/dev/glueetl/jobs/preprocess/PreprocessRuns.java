package dev.glueetl.jobs.preprocess;

import static dev.glueetl.testing.DataFrameAssert.assertThatDataFrame;

import dev.glueetl.job.CommitPoints;
import dev.glueetl.job.JobRunner;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests of preprocess run after run share: the bundled landing files, lakes under one temporary directory by
 * name, the job through its real {@code main}, and table comparisons without the per-run columns.
 */
abstract class PreprocessRuns {
  static final Path EVENTS = ProjectFiles.testData("app-events");
  static final Path CAFE = ProjectFiles.testData("cafe-orders");
  static final String DAY1 = "events-2024-03-01.jsonl";
  static final String DAY2 = "events-2024-03-02.jsonl";
  static final String LATE = "late-batch.jsonl";
  static final List<String> EVENT_TABLES = List.of("trusted/app-events/events", "trusted/app-events/sessions", "quarantine/app-events/events");
  static final List<String> CAFE_TABLES = List.of("trusted/cafe-orders/orders", "trusted/cafe-orders/order_items", "quarantine/cafe-orders/orders");

  @TempDir Path work;

  final SparkSession spark = SparkTestSession.get();

  @AfterEach
  void noCrashLeftArmed() {
    System.clearProperty(CommitPoints.CRASH_AT);
    CommitPoints.listen(null);
  }

  JobRunner.CompletedRun events(String runId, Path input, String lake, String... extra) {
    return run("app-events", runId, input, lake, extra);
  }

  JobRunner.CompletedRun cafe(String runId, Path input, String lake, String... extra) {
    return run("cafe-orders", runId, input, lake, extra);
  }

  JobRunner.CompletedRun run(String pipeline, String runId, Path input, String lake, String... extra) {
    List<String> args = new ArrayList<>(List.of(
        "--JOB_NAME", pipeline + "-preprocess", "--JOB_RUN_ID", runId, "--pipeline", ProjectFiles.pipeline(pipeline).toString(),
        "--lake", work.resolve(lake).toString(), "--input", input.toString()));
    args.addAll(List.of(extra));
    return PreprocessJob.run(args.toArray(new String[0]));
  }

  void assertSameTable(String table, String lake, String expectedLake) {
    try {
      assertThatDataFrame(withoutRunColumns(table(lake, table))).isEqualTo(withoutRunColumns(table(expectedLake, table)));
    } catch (AssertionError e) {
      throw new AssertionError(table + " in " + lake + " differs from " + expectedLake + ": " + e.getMessage(), e);
    }
  }

  static Dataset<Row> withoutRunColumns(Dataset<Row> data) {
    return data.drop("run_id", "ingested_at");
  }

  Dataset<Row> table(String lake, String relative) {
    return spark.read().format("delta").load(work.resolve(lake).resolve(relative).toString());
  }

  void copyLake(String from, String to) throws Exception {
    Path source = work.resolve(from);
    try (var walk = Files.walk(source)) {
      for (Path path : walk.toList()) {
        Path target = work.resolve(to).resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else if (!path.getFileName().toString().equals("_run.lock")) {
          Files.copy(path, target);
        }
      }
    }
  }

  static void copy(Path from, Path landing, String... files) throws Exception {
    for (String file : files) {
      Files.copy(from.resolve(file), landing.resolve(file));
    }
  }

  static String event(String id, String user, long time) {
    return "{\"meta\":{\"id\":\"" + id + "\",\"type\":\"ui.activity.started\",\"timestamp\":" + time + "},\"data\":{\"userId\":\"" + user + "\"}}";
  }

  static void await(CountDownLatch latch) {
    try {
      latch.await(3, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
