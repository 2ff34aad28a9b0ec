package dev.glueetl.job;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import dev.glueetl.config.JobArguments;
import dev.glueetl.config.RunState;
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
 * The run records of a pipeline: rows in the Delta table {@code <pipeline>_runs.job_runs}, with state, timings,
 * arguments (values of secret-looking keys stored as {@code ***}) and counts. A job appends one when it ends (SUCCEEDED
 * or FAILED); the local workflow runner appends a RUNNING one when it starts a job. {@code job} is the job type
 * (preprocess, aggregate, quality), {@code job_name} the Glue job name ({@code --JOB_NAME}), which locally is the
 * workflow's job name ({@code quality-trusted}).
 */
public final class RunRecords {
  public static final String TABLE = "job_runs";

  public static final StructType SCHEMA =
      new StructType()
          .add("workflow_run_id", StringType)
          .add("run_id", StringType, false)
          .add("pipeline", StringType, false)
          .add("job", StringType, false)
          .add("job_name", StringType)
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

  /**
   * One job run: RUNNING (written by the local workflow runner when it starts a job; no end), SUCCEEDED or FAILED.
   * {@code arguments} are the job's arguments as passed; {@link #append} stores them {@link JobArguments#redact
   * redacted}, secret-looking values as {@code ***}, whoever builds the record.
   */
  public record RunRecord(
      Optional<String> workflowRunId,
      String runId,
      String pipeline,
      String job,
      Optional<String> jobName,
      RunState state,
      Instant startedAt,
      Instant endedAt,
      List<String> arguments,
      Map<String, Long> counts,
      Optional<String> errorCode,
      Optional<String> errorMessage) {}

  /**
   * The latest state of every job run of one workflow run: run record rows of {@code workflowRunId}, the last one per
   * job (a RUNNING row is followed by the final one).
   */
  public static Map<String, RunState> latestStates(SparkSession spark, Lake lake, String pipeline, String workflowRunId) {
    String path = lake.pathOf(table(pipeline));
    Map<String, RunState> states = new java.util.LinkedHashMap<>();
    if (!io.delta.tables.DeltaTable.isDeltaTable(spark, path)) {
      return states;
    }
    for (Row row :
        spark.read().format("delta").load(path).where(org.apache.spark.sql.functions.col("workflow_run_id").equalTo(workflowRunId))
            .orderBy("started_at", "ended_at").select("job_name", "state").collectAsList()) {
      if (!row.isNullAt(0)) {
        states.put(row.getString(0), RunState.valueOf(row.getString(1)));
      }
    }
    return states;
  }

  /** The most recent workflow run id of a pipeline, if any. */
  public static Optional<String> latestWorkflowRun(SparkSession spark, Lake lake, String pipeline) {
    String path = lake.pathOf(table(pipeline));
    if (!io.delta.tables.DeltaTable.isDeltaTable(spark, path)) {
      return Optional.empty();
    }
    List<Row> rows =
        spark.read().format("delta").load(path).where(org.apache.spark.sql.functions.col("workflow_run_id").isNotNull())
            .orderBy(org.apache.spark.sql.functions.col("started_at").desc()).select("workflow_run_id").limit(1).collectAsList();
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0).getString(0));
  }

  public static void append(SparkSession spark, Lake lake, RunRecord run) {
    Row row =
        RowFactory.create(
            run.workflowRunId().orElse(null),
            run.runId(),
            run.pipeline(),
            run.job(),
            run.jobName().orElse(null),
            run.state().name(),
            Timestamp.from(run.startedAt()),
            run.endedAt() == null ? null : Timestamp.from(run.endedAt()),
            run.endedAt() == null ? null : (run.endedAt().toEpochMilli() - run.startedAt().toEpochMilli()) / 1000.0,
            String.join(" ", JobArguments.redact(run.arguments())),
            new java.util.LinkedHashMap<>(run.counts()),
            run.errorCode().orElse(null),
            run.errorMessage().orElse(null));
    spark
        .createDataFrame(List.of(row), SCHEMA)
        .coalesce(1)
        .write()
        .format("delta")
        .mode("append")
        .option("mergeSchema", "true") // a lake whose records predate job_name gains the column
        .save(lake.pathOf(table(run.pipeline())));
  }
}
