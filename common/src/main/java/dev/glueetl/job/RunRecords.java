package dev.glueetl.job;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import dev.glueetl.lake.Lake;
import dev.glueetl.lake.TableId;
import dev.glueetl.lake.Zone;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The run records of a pipeline: one row per job run in the Delta table {@code <pipeline>_runs.job_runs}, with state,
 * timings, arguments and counts. Appended once when the run ends (succeeded or failed).
 */
public final class RunRecords {
  public static final String TABLE = "job_runs";

  public static final StructType SCHEMA =
      new StructType()
          .add("workflow_run_id", StringType)
          .add("run_id", StringType, false)
          .add("pipeline", StringType, false)
          .add("job", StringType, false)
          .add("state", StringType, false)
          .add("started_at", TimestampType, false)
          .add("ended_at", TimestampType)
          .add("duration_s", DoubleType)
          .add("arguments", StringType)
          .add("counts", createMapType(StringType, LongType))
          .add("error_code", StringType)
          .add("error_message", StringType);

  private RunRecords() {}

  public static TableId table(String pipeline) {
    return TableId.of(pipeline, Zone.RUNS, TABLE);
  }

  /** One finished run. {@code state} is SUCCEEDED or FAILED. */
  public record JobRun(
      Optional<String> workflowRunId,
      String runId,
      String pipeline,
      String job,
      String state,
      Instant startedAt,
      Instant endedAt,
      List<String> arguments,
      Map<String, Long> counts,
      Optional<String> errorCode,
      Optional<String> errorMessage) {}

  public static void append(SparkSession spark, Lake lake, JobRun run) {
    Row row =
        RowFactory.create(
            run.workflowRunId().orElse(null),
            run.runId(),
            run.pipeline(),
            run.job(),
            run.state(),
            Timestamp.from(run.startedAt()),
            Timestamp.from(run.endedAt()),
            (run.endedAt().toEpochMilli() - run.startedAt().toEpochMilli()) / 1000.0,
            String.join(" ", run.arguments()),
            new java.util.LinkedHashMap<>(run.counts()),
            run.errorCode().orElse(null),
            run.errorMessage().orElse(null));
    spark
        .createDataFrame(List.of(row), SCHEMA)
        .coalesce(1)
        .write()
        .format("delta")
        .mode("append")
        .save(lake.pathOf(table(run.pipeline())));
  }
}
