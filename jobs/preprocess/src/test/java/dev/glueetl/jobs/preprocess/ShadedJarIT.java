package dev.glueetl.jobs.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.FakeSecretsManager;
import dev.glueetl.testing.GlueJarAssert;
import dev.glueetl.testing.ProjectFiles;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Glue job jar as built by {@code mvn package}: what is inside it, and that it reads its Secrets Manager secret on
 * nothing but what Glue provides (Spark, Delta, Hadoop, Scala). The whole workflow runs from the jars on that classpath
 * in glue-scripts' GlueScriptsIT.
 */
class ShadedJarIT {
  private static final Path JAR = Path.of(System.getProperty("glueetl.job.jar"));

  @Test
  void holdsTheJobCommonAndRelocatedLibrariesButNoRuntimeGlueProvides() throws Exception {
    GlueJarAssert.assertGlueJobJar(
        JAR,
        "dev.glueetl.jobs.preprocess.PreprocessJob",
        "dev/glueetl/jobs/preprocess/PreprocessJob.class",
        "dev/glueetl/events/Sessionize.class",
        "dev/glueetl/config/PipelineConfig.class",
        "dev/glueetl/shaded/org/yaml/snakeyaml/Yaml.class",
        "dev/glueetl/shaded/software/amazon/awssdk/services/secretsmanager/SecretsManagerClient.class");
  }

  @Test
  void readsTheCustomerKeyFromSecretsManagerThroughTheRelocatedSdk(@TempDir Path lake) throws Exception {
    Path pipeline = ProjectFiles.pipelineCopy("cafe-orders", lake, yaml -> yaml.replace("secret_env: CAFE_CUSTOMER_KEY", "secret_id: cafe/customer-key\n    require: true"));
    try (FakeSecretsManager secretsManager = FakeSecretsManager.start().withSecret("cafe/customer-key", "shaded-jar-key")) {
      List<String> properties = new ArrayList<>();
      secretsManager.sdkSystemProperties().forEach((key, value) -> properties.add("-D" + key + "=" + value));
      Path log = lake.resolve("job.log");
      Process process =
          runJar(properties, log, "--pipeline", pipeline.toString(), "--lake", lake.resolve("lake").toString(), "--input", ProjectFiles.testData("cafe-orders").toString());

      assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("job finished within 5 minutes").isTrue();
      assertThat(process.exitValue()).as("exit code; log:\n" + tail(log)).isZero();
      assertThat(secretsManager.requestedIds()).containsExactly("cafe/customer-key");
      assertThat(Files.readString(log)).contains("customer keys from AWS Secrets Manager secret cafe/customer-key").doesNotContain("shaded-jar-key");
    }
  }

  @Test
  void aRunHaltedBetweenItsCommitsIsFinishedByTheNextRun(@TempDir Path work) throws Exception {
    // a JVM that halts between the events and the sessions (no finally block, no shutdown hook runs): as a kill would
    Path log = work.resolve("killed.log");
    Path lake = work.resolve("lake");
    String input = ProjectFiles.testData("app-events").toString();
    String pipeline = ProjectFiles.pipeline("app-events").toString();
    Process killed =
        runJar(List.of("-Dglueetl.crash.at=preprocess:events-written", "-Dglueetl.crash.halt=true"), log,
            "--pipeline", pipeline, "--lake", lake.toString(), "--input", input, "--JOB_RUN_ID", "jr_killed");
    assertThat(killed.waitFor(5, TimeUnit.MINUTES)).as("job finished within 5 minutes").isTrue();
    assertThat(killed.exitValue()).as("exit code; log:\n" + tail(log)).isEqualTo(137);
    assertThat(Files.exists(lake.resolve("runs/app-events/_run.lock"))).as("the lock a killed run leaves").isTrue();

    // the next run, in this JVM: another process held the lock and is gone, so it takes it over and finishes the batch
    PreprocessJob.run(new String[] {"--pipeline", pipeline, "--lake", lake.toString(), "--input", input, "--JOB_RUN_ID", "jr_next"});
    PreprocessJob.run(new String[] {"--pipeline", pipeline, "--lake", work.resolve("whole").toString(), "--input", input, "--JOB_RUN_ID", "jr_whole"});
    org.apache.spark.sql.SparkSession spark = dev.glueetl.testing.SparkTestSession.get();
    for (String table : List.of("trusted/app-events/events", "trusted/app-events/sessions", "quarantine/app-events/events")) {
      dev.glueetl.testing.DataFrameAssert.assertThatDataFrame(spark.read().format("delta").load(lake.resolve(table).toString()).drop("run_id", "ingested_at"))
          .isEqualTo(spark.read().format("delta").load(work.resolve("whole").resolve(table).toString()).drop("run_id", "ingested_at"));
    }
    assertThat(spark.read().format("delta").load(lake.resolve("runs/app-events/job_runs").toString())
            .where("run_id = 'jr_killed'").select("state", "error_code").first().toString())
        .isEqualTo("[FAILED,RUN_KILLED]");
  }

  /** Starts the job jar in its own JVM on what Glue provides. */
  private static Process runJar(List<String> jvmOptions, Path log, String... jobArgs) throws java.io.IOException {
    String provided = Files.readString(Path.of(System.getProperty("glueetl.provided.classpath"))).trim();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-XX:TieredStopAtLevel=1"); // a short run on tiny data: the optimizing compiler costs more than it gains
    command.addAll(Arrays.asList(System.getProperty("glueetl.java.opens").trim().split("\\s+")));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", JAR + File.pathSeparator + provided, "dev.glueetl.jobs.preprocess.PreprocessJob"));
    command.addAll(Arrays.asList(jobArgs));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return builder.start();
  }

  private static String tail(Path log) throws java.io.IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
