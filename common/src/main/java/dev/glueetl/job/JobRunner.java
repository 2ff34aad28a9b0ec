package dev.glueetl.job;

import dev.glueetl.config.JobArguments;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.config.RunState;
import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.Errors;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.lake.Lake;
import dev.glueetl.lake.LakeCatalog;
import dev.glueetl.lake.LakeEncryption;
import dev.glueetl.spark.SparkSessions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every job's {@code main} does, in order:
 *
 * <ol>
 *   <li>parse the Glue-style arguments and load and validate the pipeline file, failing before Spark starts;
 *   <li>get the Spark session (Glue's, spark-submit's, the caller's, or a local one) and, with {@code --lake-kms-key},
 *       or {@code lake.encryption.kms_key}, make it write the lake with SSE-KMS ({@link LakeEncryption});
 *   <li>take the pipeline's run lock ({@link RunLock}): a second run of the same pipeline fails with CONCURRENT_RUN; a
 *       stale lock (a run that was killed) is taken over and that run recorded as RUN_KILLED;
 *   <li>run the job's body;
 *   <li>append the run record (SUCCEEDED with counts, or FAILED with the error code) to {@code <pipeline>_runs.job_runs};
 *   <li>with {@code --cloudwatch-metrics true}, publish the run's metrics ({@link CloudWatchMetrics}), also when it failed
 *       (from the moment the arguments parse); a publishing failure is a warning, never the run's failure.
 * </ol>
 *
 * A failure is rethrown, so on Glue the run ends FAILED and conditional triggers on SUCCEEDED do not fire.
 */
public final class JobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** The body of a job: reads and writes the lake, returns its counts. */
  @FunctionalInterface
  public interface JobBody {
    JobReport run(JobContext context);
  }

  /** The outcome of a run, for callers that print a summary (the CLI) or assert on it (tests). */
  public record CompletedRun(String job, String runId, JobReport report, double seconds) {}

  private JobRunner() {}

  public static CompletedRun run(String job, String[] rawArgs, JobBody body) {
    long startNanos = System.nanoTime();
    JobArguments args = JobArguments.parse(rawArgs);
    PipelineConfig pipeline;
    JobContext context;
    try {
      // read through file systems of its own (PipelineConfig.read): the lake's KMS key is applied before its first use
      pipeline = PipelineConfig.load(args.pipeline(), SparkSessions.hadoopConfiguration()).withOverrides(args);
    } catch (RuntimeException e) {
      // the pipeline's name is unknown: the file's name stands in (deployments name the file after the pipeline)
      publishFailed(job, args, pipelineFileName(args.pipeline()), startNanos);
      throw e;
    }
    try {
      context = start(job, args, pipeline);
    } catch (RuntimeException e) {
      publishFailed(job, args, pipeline.name(), startNanos);
      throw e;
    }
    try {
      CompletedRun run = runBody(context, body);
      CloudWatchMetrics.publish(
          args.cloudWatch(), job, CloudWatchMetrics.succeeded(pipeline.name(), job, run.report(), secondsSince(startNanos)));
      return run;
    } catch (FailedGate e) {
      CloudWatchMetrics.publish(
          args.cloudWatch(), job, CloudWatchMetrics.failedGate(pipeline.name(), job, e.report, secondsSince(startNanos)));
      throw e.report.failedGate().orElseThrow();
    } catch (Exception e) { // also Scala's AnalysisException, a checked Exception to Java
      publishFailed(job, args, pipeline.name(), startNanos);
      throw Errors.rethrow(e);
    }
  }

  private static JobContext start(String job, JobArguments args, PipelineConfig pipeline) {
    if (!args.ignored().isEmpty()) {
      LOG.warn("[{}] ignoring unknown arguments {} (ours are {})", job, args.ignored(), JobArguments.OWN_KEYS.keySet());
    }
    SparkSession spark = SparkSessions.forJob("glue-etl " + job + " " + pipeline.name());
    // the pipeline's key: --lake-kms-key, else lake.encryption.kms_key of the file (PipelineConfig.withOverrides)
    LakeEncryption.apply(pipeline.lakeKmsKey(), pipeline.lake(), spark.sparkContext().hadoopConfiguration());
    String runId = args.runId().or(args::jobRunId).orElseGet(JobRunner::newRunId);
    Instant startedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Lake lake = Lake.qualified(pipeline.lake(), spark.sparkContext().hadoopConfiguration());
    return new JobContext(job, spark, pipeline, lake, args, runId, args.workflowRunId(), startedAt, new Progress(job, spark));
  }

  /** Takes the run lock, runs the body and records the run; a failure is recorded and rethrown. */
  private static CompletedRun runBody(JobContext context, JobBody body) {
    String job = context.job();
    PipelineConfig pipeline = context.pipeline();
    Lake lake = context.lake();
    SparkSession spark = context.spark();
    String runId = context.runId();
    Instant startedAt = context.startedAt();
    LOG.info("[{}] run {} of pipeline {} ({}) into lake {}", job, runId, pipeline.name(), pipeline.file(), lake.root());
    RunLock lock;
    try {
      lock = RunLock.acquire(lake, pipeline.name(), runId, job, RunLock.lease(longestTimeout(pipeline)), spark.sparkContext().hadoopConfiguration());
    } catch (GlueEtlException e) {
      recordFailure(context, e);
      throw e;
    }
    // No finally: a crash must leave the lock, as a killed process would; the next run takes it over when stale.
    try {
      lock.tookOverFrom().ifPresent(dead -> recordKilled(context, dead));
      JobReport report = body.run(context);
      context.progress().end();
      Optional<Exception> gate = report.failedGate().map(e -> e);
      record(context, gate.isPresent() ? RunState.FAILED : RunState.SUCCEEDED, report.counts(), gate);
      lock.release();
      if (gate.isPresent()) {
        throw new FailedGate(report);
      }
      registerTables(context);
      double seconds = (System.currentTimeMillis() - startedAt.toEpochMilli()) / 1000.0;
      return new CompletedRun(job, runId, report, seconds);
    } catch (FailedGate e) {
      throw e;
    } catch (Exception e) { // also Scala's AnalysisException, a checked Exception to Java
      context.progress().end();
      recordFailure(context, e);
      lock.release();
      throw Errors.rethrow(e);
    }
  }

  private static void publishFailed(String job, JobArguments args, String pipeline, long startNanos) {
    CloudWatchMetrics.publish(args.cloudWatch(), job, CloudWatchMetrics.failed(pipeline, job, secondsSince(startNanos)));
  }

  private static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** {@code s3://bucket/pipelines/app-events.yaml} → {@code app-events}. */
  static String pipelineFileName(String location) {
    String name = location.substring(location.lastIndexOf('/') + 1);
    return name.replaceFirst("\\.(yaml|yml)$", "");
  }

  /** A run that failed its gate once its work was recorded: carries its report from {@link #runBody} to the metrics. */
  private static final class FailedGate extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient JobReport report;

    FailedGate(JobReport report) {
      super(report.failedGate().orElseThrow().getMessage(), null, false, false);
      this.report = report;
    }
  }

  private static void recordFailure(JobContext context, Exception e) {
    try {
      record(context, RunState.FAILED, Map.of(), Optional.of(e));
    } catch (Exception recordFailure) {
      LOG.error("[{}] could not write the run record: {}", context.job(), Errors.rootMessage(recordFailure));
    }
  }

  /** A run that never ended (its lock was stale): recorded FAILED with RUN_KILLED, so the run records say what happened. */
  private static void recordKilled(JobContext context, RunLock.Owner dead) {
    LOG.warn("[{}] run {} ({} since {}) stopped without ending: taking over its lock; this run replaces what it left half-done",
        context.job(), dead.runId(), dead.job(), dead.startedAt());
    RunRecords.append(
        context.spark(),
        context.lake(),
        new RunRecords.RunRecord(
            Optional.empty(), dead.runId(), context.pipeline().name(), dead.job(), Optional.empty(), RunState.FAILED, dead.startedAt(), Instant.now(), java.util.List.of(),
            Map.of(), Optional.of(ErrorCode.RUN_KILLED.name()),
            Optional.of("stopped without ending (killed, out of memory or timed out); run " + context.runId() + " took over its lock")));
  }

  /** The longest timeout of the pipeline's jobs: no run of it lasts longer on Glue. */
  private static int longestTimeout(PipelineConfig pipeline) {
    return pipeline.workflow().jobs().values().stream().mapToInt(j -> j.timeoutMinutes()).max().orElse(60);
  }

  /**
   * Registers the pipeline's tables in the session catalog (with Glue's --enable-glue-datacatalog: the Glue Data
   * Catalog, for Athena). A failure here does not fail the run: the data is written; the warning says what to fix.
   */
  private static void registerTables(JobContext context) {
    try {
      int tables = LakeCatalog.registerPipeline(context.spark(), context.lake(), context.pipeline().name()).size();
      LOG.info("[{}] {} tables registered in the catalog as {}_<zone>.<table>", context.job(), tables, context.pipeline().name().replace('-', '_'));
    } catch (Exception e) {
      LOG.warn("[{}] could not register the tables in the catalog: {}", context.job(), Errors.rootMessage(e));
    }
  }

  private static void record(JobContext context, RunState state, Map<String, Long> counts, Optional<Exception> error) {
    RunRecords.append(
        context.spark(),
        context.lake(),
        new RunRecords.RunRecord(
            context.workflowRunId(),
            context.runId(),
            context.pipeline().name(),
            context.job(),
            context.args().jobName(),
            state,
            context.startedAt(),
            Instant.now(),
            context.args().raw(),
            counts,
            error.map(e -> e instanceof GlueEtlException g ? g.code().name() : "INTERNAL_ERROR"),
            error.map(e -> e instanceof GlueEtlException ? e.getMessage() : Errors.rootMessage(e))));
  }

  /** A sortable, unique run id: {@code 20261125T120102Z-3fa9c1}. */
  static String newRunId() {
    return RUN_ID_TIME.format(Instant.now()) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(0x1000000));
  }
}
