package dev.glueetl.local;

import dev.glueetl.config.JobArguments;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.config.RunState;
import dev.glueetl.job.JobRunner;
import dev.glueetl.lake.Lake;
import dev.glueetl.workflow.WorkflowRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./glue-etl run <pipeline>}: the pipeline's workflow in Spark local mode, trigger by trigger as Glue runs it,
 * printing the graph as it goes and a summary per job. Exit status: that of the first failed job.
 *
 * <p>Steps: resolve the pipeline; start the demo database of a built-in pipeline that reads one (unless {@code
 * --jdbc-url}); run (or, with {@code --from}, resume) the workflow; print each failed job's error and how to resume.
 */
@Command(
    name = "run",
    sortOptions = false,
    description = {
      "Runs the pipeline's workflow locally, trigger by trigger as Glue would.",
      "By default: preprocess, quality of the trusted tables, aggregate, quality of the curated tables, each only when the one"
          + " before SUCCEEDED. Prints the graph as it goes and a summary per job (stdout), progress per stage (stderr).",
      "A built-in pipeline that reads a database (cinema) gets a local PostgreSQL with its demo data unless --jdbc-url names one."
    })
final class RunCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "<pipeline>", description = Pipelines.OPERAND, completionCandidates = Pipelines.BuiltIns.class)
  String pipeline;

  @Option(names = "--lake", paramLabel = "DIR", description = "the lake root: a directory, s3:// or s3a:// URI (overrides the pipeline's lake)")
  String lake;

  @Option(names = "--input", paramLabel = "PATH", description = "the landing input (overrides the pipeline's source.path)")
  String input;

  @Option(names = "--jdbc-url", paramLabel = "URL", description = "the database of a records pipeline's database tables (overrides their jdbc.url; a URL holding a password is refused)")
  String jdbcUrl;

  @Option(
      names = "--job-bookmark-option",
      paramLabel = "OPTION",
      description = "which landing files preprocess takes: job-bookmark-enable (default: new and changed ones), job-bookmark-disable (all again), job-bookmark-pause")
  String bookmarkOption;

  @Option(names = "--from", paramLabel = "JOB", description = "resume a workflow run at JOB: the jobs before it keep their recorded states; JOB and what its triggers lead to run again")
  String from;

  @Option(names = "--workflow-run-id", paramLabel = "ID", description = "with --from: the workflow run to resume (default: the latest)")
  String workflowRunId;

  @Override
  public Integer call() {
    if (workflowRunId != null && from == null) {
      throw usageError("--workflow-run-id names the run to resume: it needs --from JOB");
    }
    String pipelineFile = Pipelines.resolve(pipeline);
    List<String> args = new ArrayList<>(List.of("--pipeline", pipelineFile));
    Optional.ofNullable(lake).ifPresent(v -> args.addAll(List.of("--lake", v)));
    Optional.ofNullable(input).ifPresent(v -> args.addAll(List.of("--input", v)));
    Optional.ofNullable(bookmarkOption).ifPresent(v -> args.addAll(List.of("--job-bookmark-option", v)));
    Optional.ofNullable(jdbcUrl).ifPresent(v -> args.addAll(List.of("--jdbc-url", v)));
    SparkSession spark = localSession();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    PipelineConfig config = PipelineConfig.load(pipelineFile, hadoop);
    Optional<Path> demoScript = jdbcUrl != null || !Pipelines.isBuiltIn(pipelineFile) ? Optional.empty() : DemoDatabase.script(config);
    try (DemoDatabase demo = demoScript.map(script -> DemoDatabase.start(config, script, out()::println)).orElse(null)) {
      if (demo != null) {
        args.addAll(List.of("--jdbc-url", demo.url()));
      }
      return runWorkflow(spark, config.withOverrides(JobArguments.parse(args.toArray(new String[0]))), args);
    }
  }

  private int runWorkflow(SparkSession spark, PipelineConfig config, List<String> args) {
    Lake lakeRoot = Lake.qualified(config.lake(), spark.sparkContext().hadoopConfiguration());
    WorkflowRunner runner =
        new WorkflowRunner(
            spark, config, lakeRoot, args,
            (type, jobArgs) -> {
              JobRunner.CompletedRun run = Jobs.run(type.yamlName(), jobArgs);
              JobSummary.print(run, out());
              return run;
            },
            out()::println);
    WorkflowRunner.Result result = from != null ? runner.resume(from, Optional.ofNullable(workflowRunId)) : runner.run();
    for (WorkflowRunner.JobOutcome outcome : result.outcomes().values()) {
      if (outcome.state() == RunState.FAILED && !outcome.error().isEmpty()) {
        err().println("error: " + outcome.job() + " failed: " + outcome.error());
      }
    }
    if (result.failed()) {
      err().println(
          "workflow run " + result.workflowRunId() + " has failed jobs; fix the cause and resume with: ./glue-etl run " + pipeline
              + " --from <job> --workflow-run-id " + result.workflowRunId());
    }
    return result.exitStatus();
  }
}
