package dev.glueetl.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.config.JobArguments;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.Errors;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.error.InvariantViolation;
import dev.glueetl.lake.DeltaSnapshots;
import dev.glueetl.lake.Lake;
import dev.glueetl.lake.TableId;
import dev.glueetl.lake.Zone;
import dev.glueetl.testing.ProjectFiles;
import dev.glueetl.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run wrapper: a failure of any kind restores the tables; what it rethrows says whose failure it is. */
class JobStepsTest {
  private static final StructType SCHEMA = new StructType().add("n", DataTypes.LongType, false);
  private static final TableId TABLE = TableId.of("app-events", Zone.TRUSTED, "numbers");

  @TempDir Path dir;
  private final SparkSession spark = SparkTestSession.get();
  private JobContext context;
  private String path;

  @BeforeEach
  void aTableOfThreeRows() {
    PipelineConfig pipeline = PipelineConfig.load(ProjectFiles.pipeline("app-events").toString(), new Configuration());
    Lake lake = new Lake(dir.toString());
    context =
        new JobContext(
            "test", spark, pipeline, lake, JobArguments.parse("--pipeline", pipeline.file()), "jr_t", Optional.empty(), Instant.now(), new Progress("test", spark));
    path = lake.pathOf(TABLE);
    new TableWrites(spark, lake).append(TABLE, SCHEMA, spark.range(3).toDF("n"));
    assertThat(rows()).isEqualTo(3);
  }

  @Test
  void aSparkOrDeltaFailureIsWriteFailedNamingTheStepAndTheTablesAreRestored() {
    long before = DeltaSnapshots.version(spark, path);
    assertThatThrownBy(() -> JobSteps.run(context, failingAfterAWrite("merge", new IllegalArgumentException("disk full"))))
        .isInstanceOfSatisfying(GlueEtlException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.WRITE_FAILED);
          assertThat(e.getMessage()).contains("writing merge failed (disk full)").contains("numbers (version " + before + ")");
        });
    assertThat(rows()).isEqualTo(3);
  }

  @Test
  void aUsersErrorPassesThroughUnchangedAfterTheRestore() {
    GlueEtlException usersError = Errors.invalidArgument("--input", "no such file");
    assertThatThrownBy(() -> JobSteps.run(context, failingAfterAWrite("read", usersError))).isSameAs(usersError);
    assertThat(rows()).isEqualTo(3);
  }

  @Test
  void anInternalErrorIsNeverReportedAsAFailedWrite() {
    InvariantViolation bug = new InvariantViolation("read 3 != trusted 2");
    assertThatThrownBy(() -> JobSteps.run(context, failingAfterAWrite("events", bug))).isSameAs(bug).hasMessageStartingWith("internal error");
    NullPointerException npe = new NullPointerException("x");
    assertThatThrownBy(() -> JobSteps.run(context, failingAfterAWrite("events", npe))).isSameAs(npe);
    assertThat(rows()).isEqualTo(3);
  }

  @Test
  void anErrorIsAKillNothingIsRestoredButCleanupsRun() {
    List<String> cleaned = new ArrayList<>();
    Function<JobSteps, JobReport> crashing = steps -> {
      steps.onEnd(() -> cleaned.add("cache released"));
      steps.writes().append(TABLE, SCHEMA, spark.range(10, 12).toDF("n"));
      throw new CommitPoints.SimulatedCrash("test:point");
    };
    assertThatThrownBy(() -> JobSteps.run(context, crashing)).isInstanceOf(CommitPoints.SimulatedCrash.class);
    assertThat(rows()).as("a killed run restores nothing: the next run replaces what it wrote").isEqualTo(5);
    assertThat(cleaned).containsExactly("cache released");
  }

  @Test
  void aSuccessfulBodyKeepsItsWritesAndReturnsItsReport() {
    JobReport report = JobSteps.run(context, steps -> {
      steps.stage("append", "two more rows");
      JobReport counts = new JobReport();
      counts.count("written", steps.writes().append(TABLE, SCHEMA, spark.range(10, 12).toDF("n")));
      return counts;
    });
    assertThat(report.count("written")).isEqualTo(2);
    assertThat(rows()).isEqualTo(5);
  }

  private Function<JobSteps, JobReport> failingAfterAWrite(String step, RuntimeException failure) {
    return steps -> {
      steps.step(step);
      steps.writes().append(TABLE, SCHEMA, spark.range(10, 12).toDF("n"));
      throw failure;
    };
  }

  private long rows() {
    return spark.read().format("delta").load(path).count();
  }
}
