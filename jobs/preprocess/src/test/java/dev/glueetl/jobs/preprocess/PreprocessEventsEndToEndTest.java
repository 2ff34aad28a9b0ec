package dev.glueetl.jobs.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.job.JobRunner;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessEventsEndToEndTest {
  @TempDir Path lake;

  @Test
  void runsOnBundledData() {
    SparkSession spark = SparkTestSession.get();
    JobRunner.JobRun run =
        PreprocessJob.run(
            new String[] {
              "--JOB_NAME", "app-events-preprocess",
              "--pipeline", ProjectFiles.pipeline("app-events").toString(),
              "--lake", lake.toString(),
              "--input", ProjectFiles.testData("app-events").toString()
            });
    System.out.println(run);
    spark.read().format("delta").load(lake + "/trusted/app-events/events").orderBy("user_id", "event_time").show(100, false);
    spark.read().format("delta").load(lake + "/trusted/app-events/sessions").orderBy("user_id", "session_start").show(100, false);
    spark.read().format("delta").load(lake + "/quarantine/app-events/events").show(100, false);
    spark.read().format("delta").load(lake + "/runs/app-events/job_runs").show(100, false);
    assertThat(run.report().count("read")).isEqualTo(23);
  }
}
