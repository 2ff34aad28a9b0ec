package dev.glueetl.jobs.aggregate;

import dev.glueetl.aggregate.Aggregate;
import dev.glueetl.job.JobRunner;

/**
 * Glue entry point of the aggregate job: trusted tables to curated metric tables (and the configured database).
 *
 * <pre>
 * --pipeline s3://bucket/pipelines/app-events.yaml [--lake s3://bucket/lake] [--run-id ID]
 * </pre>
 */
public final class AggregateJob {
  private AggregateJob() {}

  public static void main(String[] args) {
    run(args);
  }

  /** Runs the job and returns what it did; throws when it fails (so Glue marks the run FAILED). */
  public static JobRunner.CompletedRun run(String[] args) {
    return JobRunner.run(Aggregate.JOB, args, Aggregate::run);
  }
}
