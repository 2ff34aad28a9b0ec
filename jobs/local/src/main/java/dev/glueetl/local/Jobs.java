package dev.glueetl.local;

import dev.glueetl.error.Errors;
import dev.glueetl.job.JobRunner;
import dev.glueetl.jobs.aggregate.AggregateJob;
import dev.glueetl.jobs.preprocess.PreprocessJob;
import dev.glueetl.jobs.quality.QualityJob;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The Glue jobs the CLI can run, by name, through the same entry points Glue calls. */
final class Jobs {
  private static final Map<String, Function<String[], JobRunner.CompletedRun>> JOBS = new LinkedHashMap<>();

  static {
    JOBS.put("preprocess", PreprocessJob::run);
    JOBS.put("aggregate", AggregateJob::run);
    JOBS.put("quality", QualityJob::run);
  }

  private Jobs() {}

  /** The job names, for {@code ./glue-etl job --help}. */
  static final class Names implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return JOBS.keySet().iterator();
    }
  }

  static JobRunner.CompletedRun run(String name, String[] args) {
    return named(name).apply(args);
  }

  /** The job's entry point (its main, returning the completed run); a usage error for an unknown name. */
  static Function<String[], JobRunner.CompletedRun> named(String name) {
    Function<String[], JobRunner.CompletedRun> job = JOBS.get(name);
    if (job == null) {
      throw Errors.usage("unknown job '" + name + "' (jobs: " + String.join(", ", JOBS.keySet()) + ")");
    }
    return job;
  }

}
