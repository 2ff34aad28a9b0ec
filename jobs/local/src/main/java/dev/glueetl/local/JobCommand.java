package dev.glueetl.local;

import dev.glueetl.job.JobRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ./glue-etl job <name> <glue-style args...>}: one job exactly as Glue runs it, the same main class with the same
 * arguments. The arguments after the name are passed through as they are, unparsed: the job reads them (and ignores,
 * with a warning, the Glue system arguments it does not use).
 */
@Command(
    name = "job",
    modelTransformer = CliCommand.OptionsAsOperands.class,
    description = {
      "Runs one job exactly as Glue would.",
      "The same main class, the same Glue-style arguments (--key value or --key=value), passed to the job as given:"
          + " they are not options of this command. docs/cli.md lists them under 'Job arguments'."
    })
final class JobCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "<name>", description = "the job: ${COMPLETION-CANDIDATES}", completionCandidates = Jobs.Names.class)
  String name;

  @Parameters(index = "1..*", paramLabel = "<glue-args>", description = "the job's arguments, e.g. --pipeline pipelines/app-events.yaml --lake /tmp/lake")
  List<String> glueArguments = new ArrayList<>();

  @Override
  public Integer call() {
    Function<String[], JobRunner.CompletedRun> job = Jobs.named(name);
    localSession();
    JobRunner.CompletedRun run = job.apply(glueArguments.toArray(new String[0]));
    JobSummary.print(run, out());
    return 0;
  }
}
