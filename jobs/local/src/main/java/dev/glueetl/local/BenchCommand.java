package dev.glueetl.local;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ./glue-etl bench}, as the command list shows it. The benchmarks live in the bench module (they bring DuckDB):
 * the launcher script runs its {@code dev.glueetl.bench.BenchCli} for {@code ./glue-etl bench ...}, so this command only
 * runs when this class's main is started directly, and then says where the bench is.
 */
@Command(
    name = "bench",
    modelTransformer = CliCommand.OptionsAsOperands.class,
    description = {
      "Benchmarks the jobs and updates BENCHMARKS.md.",
      "Against a read-write floor, DuckDB and a naive sessionizer.",
      "The launcher runs it from the bench module: './glue-etl bench --help' lists its options."
    })
final class BenchCommand extends CliCommand {
  @Parameters(paramLabel = "<bench-args>", description = "the bench's options (see ./glue-etl bench --help)")
  List<String> benchArguments = new ArrayList<>();

  @Override
  public Integer call() {
    throw usageError("the bench runs from the bench module: use ./glue-etl bench (the launcher script), not this class's main");
  }
}
