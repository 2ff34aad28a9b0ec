package dev.glueetl.local;

import dev.glueetl.spark.SparkSessions;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A {@code ./glue-etl} subcommand: a picocli {@code @Command} whose {@link #call()} returns the exit status. It prints to
 * the streams of the {@link GlueEtlCli} it runs under (the console, or a test's buffers).
 */
abstract class CliCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean helpRequested;

  /** Where results go (the user may pipe them). */
  final PrintStream out() {
    return cli().out;
  }

  /** Where warnings and errors go. */
  final PrintStream err() {
    return cli().err;
  }

  private GlueEtlCli cli() {
    return (GlueEtlCli) spec.root().userObject();
  }

  /** A usage error of this command (exit 2): {@code error: [USAGE] <command>: <problem> (see ... --help)}. */
  final ParameterException usageError(String problem) {
    return new ParameterException(spec.commandLine(), problem);
  }

  /** The local Spark session every command shares: all cores (or {@code -Dglueetl.master}), UI off. */
  static SparkSession localSession() {
    return SparkSessions.local("glue-etl", System.getProperty("glueetl.master", "local[*]"), Map.of());
  }

  /**
   * For a command whose operands are another program's options (Glue's {@code --key value} job arguments): options this
   * command does not declare are operands, passed through in order, not usage errors.
   */
  static final class OptionsAsOperands implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      spec.parser().unmatchedOptionsArePositionalParams(true);
      return spec;
    }
  }
}
