package dev.glueetl.bench;

import dev.glueetl.local.CliCommandLine;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./glue-etl bench [--events N] [--seed S] [--runs R] [--cases C,C] [--work DIR] [--report FILE] [--results DIR]}: runs
 * {@link Benchmark} at one size, prints the report section and writes it into the report file. Errors and exit statuses
 * are those of every {@code ./glue-etl} command ({@link CliCommandLine}).
 */
@Command(
    name = "glue-etl bench",
    sortOptions = false,
    subcommands = CommandLine.HelpCommand.class,
    description = {
      "Benchmarks the jobs at one size and updates BENCHMARKS.md.",
      "Generates the events (reused when N and S match an earlier run), runs each case --runs times and reports the median,"
          + " after checking that the implementations agree on the results."
    })
public final class BenchCli implements Callable<Integer> {
  private final PrintStream out;
  private final PrintStream err;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean helpRequested;

  @Option(names = "--events", paramLabel = "N", defaultValue = "1000000", description = "events to generate (default: ${DEFAULT-VALUE}; duplicates and broken lines come on top)")
  long events;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "generator seed (default: ${DEFAULT-VALUE}); the input is reused when N and S match an earlier run")
  long seed;

  @Option(names = "--runs", paramLabel = "R", defaultValue = "3", description = "runs per case, the median is reported (default: ${DEFAULT-VALUE})")
  int runs;

  @Option(
      names = "--cases",
      paramLabel = "CASE",
      split = ",",
      description = "only these cases (of ${COMPLETION-CANDIDATES}); the report is then printed, not written (default: all)",
      completionCandidates = Cases.class)
  List<String> cases = new ArrayList<>();

  @Option(names = "--work", paramLabel = "DIR", description = "scratch space for the input and every case's output (default: bench/work)")
  Path work;

  @Option(names = "--report", paramLabel = "FILE", description = "Markdown report to update (default: BENCHMARKS.md)")
  Path report;

  @Option(names = "--results", paramLabel = "DIR", description = "medians per size, for the scaling table (default: bench/results)")
  Path results;

  BenchCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    int code = new BenchCli(System.out, System.err).run(args);
    System.exit(code);
  }

  /** Runs the bench with {@code args}; returns the process exit status. */
  int run(String[] args) {
    return CliCommandLine.execute(commandLine(), args, out, err);
  }

  /** The bench's command line: its options (tests check the docs against them). */
  CommandLine commandLine() {
    return CliCommandLine.of(this, out, err);
  }

  @Override
  public Integer call() {
    Path home = Path.of(System.getProperty("glueetl.home", ".")).toAbsolutePath().normalize();
    Benchmark.Settings settings =
        new Benchmark.Settings(
            events,
            seed,
            runs,
            home,
            orDefault(work, home.resolve("bench/work")),
            cases.isEmpty() ? Set.copyOf(Benchmark.CASES) : cases(cases));
    Path reportFile = orDefault(report, home.resolve("BENCHMARKS.md"));
    Path resultsDir = orDefault(results, home.resolve("bench/results"));
    Benchmark.Outcome outcome = new Benchmark(settings, out).run();
    if (!settings.allCases()) {
      out.println();
      out.print(BenchReport.casesTable(outcome));
      out.print(BenchReport.stageTables(outcome));
      out.println("bench: a subset of the cases ran: " + reportFile + " and " + resultsDir + " left as they were");
      return 0;
    }
    BenchReport.saveMedians(outcome, resultsDir);
    BenchReport.update(reportFile, outcome, resultsDir);
    out.println();
    out.print(BenchReport.section(outcome));
    out.println("bench: report written to " + reportFile);
    return 0;
  }

  private static Set<String> cases(List<String> names) {
    Set<String> cases = new LinkedHashSet<>();
    for (String name : names) {
      if (!name.isBlank()) {
        cases.add(name.trim());
      }
    }
    return cases;
  }

  private static Path orDefault(Path given, Path fallback) {
    return given == null ? fallback : given.toAbsolutePath();
  }

  /** The case names, for the help of {@code --cases}. */
  static final class Cases implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Benchmark.CASES.iterator();
    }
  }
}
