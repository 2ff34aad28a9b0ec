package dev.glueetl.bench;

import dev.glueetl.error.Errors;
import dev.glueetl.error.GlueEtlException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./glue-etl bench [--events N] [--seed S] [--runs R] [--work DIR] [--report FILE] [--results DIR]}: runs
 * {@link Benchmark} at one size, prints the report section and writes it into the report file.
 */
public final class BenchCli {
  static final String USAGE =
      String.join(
          "\n",
          "usage: ./glue-etl bench [--events N] [--seed S] [--runs R] [--work DIR] [--report FILE] [--results DIR]",
          "  --events N      events to generate (default 1000000; duplicates and broken lines come on top)",
          "  --seed S        generator seed (default 42); the input is reused when N and S match an earlier run",
          "  --runs R        runs per case, the median is reported (default 3)",
          "  --work DIR      scratch space for the input and every case's output (default bench/work)",
          "  --report FILE   Markdown report to update (default BENCHMARKS.md)",
          "  --results DIR   medians per size, for the scaling table (default bench/results)");
  private static final List<String> OPTIONS = List.of("--events", "--seed", "--runs", "--work", "--report", "--results");

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
      Map<String, String> options = parse(args);
      if (options.containsKey("help")) {
        out.println(USAGE);
        return 0;
      }
      Path home = Path.of(System.getProperty("glueetl.home", ".")).toAbsolutePath().normalize();
      Benchmark.Settings settings =
          new Benchmark.Settings(
              number(options, "--events", 1_000_000),
              number(options, "--seed", 42),
              (int) number(options, "--runs", 3),
              home,
              path(options, "--work", home.resolve("bench/work")));
      Path report = path(options, "--report", home.resolve("BENCHMARKS.md"));
      Path results = path(options, "--results", home.resolve("bench/results"));
      Benchmark.Outcome outcome = new Benchmark(settings, out).run();
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

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h") || arg.equals("help")) {
        options.put("help", "");
        continue;
      }
      if (!OPTIONS.contains(arg)) {
        throw Errors.usage("bench: unknown argument '" + arg + "'\n" + USAGE);
      }
      if (i + 1 >= args.length) {
        throw Errors.usage("bench: " + arg + " needs a value\n" + USAGE);
      }
      options.put(arg, args[++i]);
    }
    return options;
  }

  private static long number(Map<String, String> options, String name, long fallback) {
    String value = options.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value.replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw Errors.usage("bench: " + name + " expects a whole number, got '" + value + "'");
    }
  }

  private static Path path(Map<String, String> options, String name, Path fallback) {
    return options.containsKey(name) ? Path.of(options.get(name)).toAbsolutePath() : fallback;
  }
}
