package dev.glueetl.jobs.preprocess;

import dev.glueetl.job.JobRunner;
import dev.glueetl.preprocess.Preprocess;

/**
 * Glue entry point of the preprocess job: landing data to trusted tables.
 *
 * <pre>
 * --pipeline s3://bucket/pipelines/app-events.yaml [--lake s3://bucket/lake] [--input s3://bucket/landing/x]
 * [--run-id ID]   (Glue's own arguments are accepted and ignored)
 * </pre>
 */
public final class PreprocessJob {
  private PreprocessJob() {}

  public static void main(String[] args) {
    run(args);
  }

  /** Runs the job and returns what it did; throws when it fails (so Glue marks the run FAILED). */
  public static JobRunner.CompletedRun run(String[] args) {
    return JobRunner.run(Preprocess.JOB, args, Preprocess::run);
  }
}
