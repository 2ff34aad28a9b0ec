package dev.glueetl.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.job.JobReport;
import dev.glueetl.jobs.preprocess.PreprocessJob;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preprocess job with its pipeline file, its input and its lake on a real S3 API server (s3proxy), through S3A. */
@Tag("slow")
class S3EndToEndIT {
  @TempDir static Path work;
  private static S3ProxyServer server;
  private static SparkSession spark;

  @BeforeAll
  static void startServerAndUpload() throws Exception {
    server = S3ProxyServer.start(work, "glue-etl");
    spark = SparkTestSession.get();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    server.configure(conf);
    FileSystem s3 = new org.apache.hadoop.fs.Path("s3a://glue-etl/").getFileSystem(conf);
    // the pipeline file and what it names (metric SQL, rulesets), as deploy.sh uploads them
    s3.copyFromLocalFile(new org.apache.hadoop.fs.Path(ProjectFiles.root().resolve("pipelines").toUri()), new org.apache.hadoop.fs.Path("s3a://glue-etl/pipelines"));
    s3.copyFromLocalFile(
        new org.apache.hadoop.fs.Path(ProjectFiles.testData("app-events").toUri()), new org.apache.hadoop.fs.Path("s3a://glue-etl/landing/app-events"));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void readsThePipelineAndInputFromS3AndWritesTheLakeThere() {
    JobReport report =
        PreprocessJob.run(
                new String[] {
                  "--JOB_NAME", "app-events-preprocess",
                  "--pipeline", "s3a://glue-etl/pipelines/app-events.yaml",
                  "--lake", "s3a://glue-etl/lake",
                  "--input", "s3a://glue-etl/landing/app-events/*.jsonl"
                })
            .report();

    assertThat(report.count("read")).isEqualTo(23);
    assertThat(report.count("trusted")).isEqualTo(13);
    assertThat(report.count("quarantined")).isEqualTo(7);
    assertThat(report.count("sessions")).isEqualTo(6);
    assertThat(spark.read().format("delta").load("s3a://glue-etl/lake/trusted/app-events/sessions").count()).isEqualTo(6);
    assertThat(spark.read().format("delta").load("s3a://glue-etl/lake/quarantine/app-events/events").where("source_file like 's3a://glue-etl/landing/%'").count())
        .isEqualTo(7);
    assertThat(server.baseDir().resolve("glue-etl/lake/trusted/app-events/events/_delta_log")).isDirectory();
  }
}
