package dev.glueetl.testing;

import dev.glueetl.job.JobRunner;
import dev.glueetl.preprocess.Preprocess;

/**
 * The preprocess job for tests of the jobs after it (aggregate, quality): exactly what {@code PreprocessJob.main} runs
 * ({@code JobRunner.run(Preprocess.JOB, args, Preprocess::run)}), so those modules' tests need not wait for the
 * preprocess module's own tests to finish before they start.
 */
public final class JobRuns {
  private JobRuns() {}

  public static JobRunner.CompletedRun preprocess(String... args) {
    return JobRunner.run(Preprocess.JOB, args, Preprocess::run);
  }
}
