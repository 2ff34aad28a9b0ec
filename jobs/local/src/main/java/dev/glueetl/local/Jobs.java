package dev.glueetl.local;

import dev.glueetl.error.Errors;
import dev.glueetl.job.JobRunner;
import dev.glueetl.jobs.aggregate.AggregateJob;
import dev.glueetl.jobs.preprocess.PreprocessJob;
import dev.glueetl.jobs.quality.QualityJob;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The Glue jobs the CLI can run, by name, through the same entry points Glue calls. */
final class Jobs {
  private static final Map<String, Function<String[], JobRunner.JobRun>> JOBS = new LinkedHashMap<>();

  static {
    JOBS.put("preprocess", PreprocessJob::run);
    JOBS.put("aggregate", AggregateJob::run);
    JOBS.put("quality", QualityJob::run);
  }

  /** One step of the local chain: a job and the arguments it adds to the pipeline's. */
  record Step(String name, String job, List<String> args) {}

  /** The chain ./glue-etl run walks: each step starts only when the one before succeeded. */
  static final List<Step> CHAIN =
      List.of(
          new Step("preprocess", "preprocess", List.of()),
          new Step("quality-trusted", "quality", List.of("--zone", "trusted")),
          new Step("aggregate", "aggregate", List.of()),
          new Step("quality-curated", "quality", List.of("--zone", "curated")));

  private Jobs() {}

  static JobRunner.JobRun run(String name, String[] args) {
    Function<String[], JobRunner.JobRun> job = JOBS.get(name);
    if (job == null) {
      throw Errors.usage("unknown job '" + name + "' (jobs: " + String.join(", ", JOBS.keySet()) + ")");
    }
    return job.apply(args);
  }

}
