package dev.glueetl.jobs.quality;

import dev.glueetl.job.JobRunner;
import dev.glueetl.quality.QualityCheck;

/**
 * Glue entry point of the quality job: the pipeline's DQDL rulesets evaluated on its tables; a ruleset with
 * {@code action: fail} that fails makes the job fail, so nothing downstream runs.
 *
 * <pre>
 * --pipeline s3://bucket/pipelines/app-events.yaml --zone trusted|curated [--lake s3://bucket/lake] [--run-id ID]
 * </pre>
 */
public final class QualityJob {
  private QualityJob() {}

  public static void main(String[] args) {
    run(args);
  }

  /** Runs the job and returns what it did; throws when it fails or its gate fails (so Glue marks the run FAILED). */
  public static JobRunner.CompletedRun run(String[] args) {
    return JobRunner.run(QualityCheck.JOB, args, QualityCheck::run);
  }
}
