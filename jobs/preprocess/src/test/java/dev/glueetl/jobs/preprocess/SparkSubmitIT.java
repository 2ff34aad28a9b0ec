package dev.glueetl.jobs.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.ChildJvm;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar run the way a user with a stock Spark 3.5 runs it: {@code spark-submit}, whose main class is
 * {@code org.apache.spark.deploy.SparkSubmit}, in a JVM of its own with Spark and Delta on the classpath (the artifacts
 * Glue provides, as resolved by the build: {@code spark-*}, {@code delta-spark_2.12}, {@code delta-storage}, Hadoop,
 * Scala) and nothing of this project but the jar; the Delta extension and catalog set by {@code --conf} as the docs
 * (docs/spark-submit.md) tell users to. One preprocess run over the bundled app events.
 */
class SparkSubmitIT {
  private static final Path JAR = Path.of(System.getProperty("glueetl.job.jar"));

  @TempDir Path dir;

  @Test
  void preprocessRunsThroughSparkSubmitWithDeltaFromTheClasspath() throws Exception {
    List<String> sparkAndDelta = Arrays.asList(String.join(File.pathSeparator, ChildJvm.glueProvidedClasspath()).split(File.pathSeparator));
    assertThat(sparkAndDelta)
        .as("the classpath holds Spark, Delta and its storage module, and none of this project's classes")
        .anyMatch(jar -> jar.contains("spark-core_2.12-3.5."))
        .anyMatch(jar -> jar.contains("delta-spark_2.12-3.3."))
        .anyMatch(jar -> jar.contains("delta-storage-3.3."))
        .noneMatch(jar -> jar.contains("glue-etl") || jar.endsWith("classes"));
    Path lake = dir.resolve("lake");
    Path log = dir.resolve("spark-submit.log");

    int exit =
        ChildJvm.spark("org.apache.spark.deploy.SparkSubmit")
            .classpath(sparkAndDelta)
            .args(
                "--master", "local[2]",
                "--class", "dev.glueetl.jobs.preprocess.PreprocessJob",
                "--conf", "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension",
                "--conf", "spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.sql.shuffle.partitions=2",
                // the job registers its tables in the session catalog: its databases go here, not into the working directory
                "--conf", "spark.sql.warehouse.dir=" + dir.resolve("warehouse").toUri(),
                JAR.toString(),
                "--pipeline", ProjectFiles.pipeline("app-events").toString(),
                "--input", ProjectFiles.testData("app-events").toString(),
                "--lake", lake.toString())
            .run(log, Duration.ofMinutes(4));

    assertThat(exit).as("spark-submit's exit status; log:\n%s", ChildJvm.tail(log)).isZero();
    SparkSession spark = SparkTestSession.get();
    // by hand from test-data/app-events: 23 records; 13 distinct valid events (3 duplicates); 7 rejected (2 not JSON,
    // 2 without a user, 1 unparseable time, 2 before 2000 or after max_ahead); 6 sessions (alice and carol twice, a
    // gap of just over 30 minutes; bob across midnight once; dave once)
    assertThat(spark.read().format("delta").load(lake.resolve("trusted/app-events/events").toString()).count()).isEqualTo(13);
    assertThat(spark.read().format("delta").load(lake.resolve("trusted/app-events/sessions").toString()).count()).isEqualTo(6);
    assertThat(spark.read().format("delta").load(lake.resolve("quarantine/app-events/events").toString()).count()).isEqualTo(7);
    assertThat(dir.resolve("warehouse/app_events_trusted.db")).as("the catalog database the job created").isDirectory();
  }
}
