package dev.glueetl.bench;

import dev.glueetl.error.Errors;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.local.CliOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code ./glue-etl bench [--events N] [--seed S] [--runs R] [--cases C,C] [--work DIR] [--report FILE] [--results DIR]}: runs
 * {@link Benchmark} at one size, prints the report section and writes it into the report file.
 */
public final class BenchCli {
  static final String USAGE =
      String.join(
          "\n",
          "usage: ./glue-etl bench [--events N] [--seed S] [--runs R] [--cases C,C] [--work DIR] [--report FILE] [--results DIR]",
          "  --events N      events to generate (default 1000000; duplicates and broken lines come on top)",
          "  --seed S        generator seed (default 42); the input is reused when N and S match an earlier run",
          "  --runs R        runs per case, the median is reported (default 3)",
          "  --cases C,C     only these cases (of " + String.join(", ", Benchmark.CASES) + "); for comparing a change,",
          "                  the report is then printed, not written (default: all)",
          "  --work DIR      scratch space for the input and every case's output (default bench/work)",
          "  --report FILE   Markdown report to update (default BENCHMARKS.md)",
          "  --results DIR   medians per size, for the scaling table (default bench/results)");
  private static final Set<String> OPTIONS = Set.of("--events", "--seed", "--runs", "--cases", "--work", "--report", "--results");

  private final PrintStream out;
  private final PrintStream err;

  BenchCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    int code = new BenchCli(System.out, System.err).run(args);
    System.exit(code);
  }

  int run(String[] args) {
    try {
      CliOptions options = CliOptions.parse("bench", List.of(args), OPTIONS, Set.of("--help"));
      if (options.flag("--help") || options.operands().equals(List.of("help"))) {
        out.println(USAGE);
        return 0;
      }
      options.expectOperands(0, USAGE);
      Path home = Path.of(System.getProperty("glueetl.home", ".")).toAbsolutePath().normalize();
      Benchmark.Settings settings =
          new Benchmark.Settings(
              options.longOption("--events", 1_000_000),
              options.longOption("--seed", 42),
              (int) options.longOption("--runs", 3),
              home,
              path(options, "--work", home.resolve("bench/work")),
              options.option("--cases").map(BenchCli::cases).orElse(Set.copyOf(Benchmark.CASES)));
      Path report = path(options, "--report", home.resolve("BENCHMARKS.md"));
      Path results = path(options, "--results", home.resolve("bench/results"));
      Benchmark.Outcome outcome = new Benchmark(settings, out).run();
      if (!settings.allCases()) {
        out.println();
        out.print(BenchReport.casesTable(outcome));
        out.print(BenchReport.stageTables(outcome));
        out.println("bench: a subset of the cases ran: " + report + " and " + results + " left as they were");
        return 0;
      }
      BenchReport.saveMedians(outcome, results);
      BenchReport.update(report, outcome, results);
      out.println();
      out.print(BenchReport.section(outcome));
      out.println("bench: report written to " + report);
      return 0;
    } catch (GlueEtlException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("error: bench failed: " + e.getClass().getSimpleName() + ": " + Errors.rootMessage(e));
      return 1;
    }
  }

  private static Set<String> cases(String list) {
    Set<String> cases = new java.util.LinkedHashSet<>();
    for (String name : list.split(",")) {
      if (!name.isBlank()) {
        cases.add(name.trim());
      }
    }
    return cases;
  }

  private static Path path(CliOptions options, String name, Path fallback) {
    return options.option(name).map(value -> Path.of(value).toAbsolutePath()).orElse(fallback);
  }
}
