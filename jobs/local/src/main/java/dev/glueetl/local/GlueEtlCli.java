package dev.glueetl.local;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code ./glue-etl} command line: runs the Glue jobs in Spark local mode and queries the lake.
 *
 * <p>Each command is one class, a picocli {@code @Command} extending {@link CliCommand}, listed once in {@code
 * subcommands} below: adding a command is writing its class and adding it to that list. {@code ./glue-etl <command>
 * --help} prints a command's usage; {@code ./glue-etl --version} the versions it runs with. Errors and exit statuses are
 * {@link CliCommandLine}'s: one line {@code error: [CODE] ...} on stderr; 0 success, 1 a job failed, 2 a usage or
 * configuration error, 3 data or a failed quality gate, 4 retry later.
 *
 * <p>{@code ./glue-etl bench} is dispatched by the launcher script to the bench module's {@code BenchCli}; {@link
 * BenchCommand} only lists it here.
 */
@Command(
    name = "glue-etl",
    mixinStandardHelpOptions = true,
    versionProvider = CliVersion.class,
    description = "Runs the AWS Glue jobs of a pipeline in Spark local mode, and queries the lake they write.",
    subcommands = {
      CommandLine.HelpCommand.class,
      RunCommand.class,
      DeployTemplateCommand.class,
      JobCommand.class,
      SqlCommand.class,
      TablesCommand.class,
      BookmarkCommand.class,
      GraphCommand.class,
      ReportCommand.class,
      ProfileCommand.class,
      GenerateCommand.class,
      BenchCommand.class,
    },
    footer = {
      "",
      "<pipeline> is a pipeline YAML or the name of a built-in pipeline (listed by './glue-etl run --help').",
      "'./glue-etl <command> --help' describes a command; docs/cli.md describes them all.",
      "Exit status: 0 success, 1 a job failed, 2 usage or configuration error, 3 bad data or a failed quality gate, 4 retry"
          + " later (another run holds the pipeline, or a source is unreachable)."
    })
public final class GlueEtlCli implements Callable<Integer> {
  final PrintStream out;
  final PrintStream err;

  @Spec CommandSpec spec;

  GlueEtlCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    int code = new GlueEtlCli(System.out, System.err).execute(args);
    System.exit(code);
  }

  /** Runs one command; returns the process exit status. */
  int execute(String[] args) {
    return CliCommandLine.execute(commandLine(), args, out, err);
  }

  /** The command line of this CLI: every command, option and parameter (tests check the docs against it). */
  CommandLine commandLine() {
    return CliCommandLine.of(this, out, err);
  }

  /** No command: the overview, and exit 2 (a script that forgot the command should not look successful). */
  @Override
  public Integer call() {
    spec.commandLine().usage(out);
    return 2;
  }
}
