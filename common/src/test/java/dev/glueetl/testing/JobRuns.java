package dev.glueetl.testing;

import dev.glueetl.job.JobRunner;
import dev.glueetl.preprocess.Preprocess;

/**
 * The preprocess job for tests of the jobs after it (aggregate, quality), and the quality job for tests of pipelines:
 * exactly what {@code PreprocessJob.main} and {@code QualityJob.main} run
 * ({@code JobRunner.run(Preprocess.JOB, args, Preprocess::run)}), so those modules' tests need not wait for the
 * preprocess module's own tests to finish before they start.
 */
public final class JobRuns {
  private JobRuns() {}

  public static JobRunner.CompletedRun preprocess(String... args) {
    return JobRunner.run(Preprocess.JOB, args, Preprocess::run);
  }

  /** What {@code QualityJob.main} runs, for modules that do not depend on the quality job. */
  public static JobRunner.CompletedRun quality(String... args) {
    return JobRunner.run(dev.glueetl.quality.QualityCheck.JOB, args, dev.glueetl.quality.QualityCheck::run);
  }
}
