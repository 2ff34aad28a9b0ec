package dev.glueetl.job;

import dev.glueetl.config.JobArguments;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.lake.Lake;
import java.time.Instant;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Everything one job run needs: the session, the validated pipeline (with argument overrides applied), its arguments,
 * the run's identity and the progress reporter.
 *
 * @param lake the lake root, qualified (relative directories made absolute)
 * @param startedAt the run's start; also the reference for "time in the future" checks and {@code ingested_at}
 */
public record JobContext(
    String job,
    SparkSession spark,
    PipelineConfig pipeline,
    Lake lake,
    JobArguments args,
    String runId,
    Optional<String> workflowRunId,
    Instant startedAt,
    Progress progress) {
}
