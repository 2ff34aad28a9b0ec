package dev.glueetl.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Turns an {@link Benchmark.Outcome} into Markdown: a section per size in {@code BENCHMARKS.md} (replaced between its
 * markers on every run, the rest of the file is left as written) plus a scaling section over every size measured so far,
 * whose medians are kept in {@code bench/results/events-N.properties}.
 */
public final class BenchReport {
  /** AWS Glue's price per DPU-hour (us-east-1, G.1X = 1 DPU = 4 vCPU, 16 GiB). */
  static final double DPU_HOUR_USD = 0.44;
  static final int VCPU_PER_DPU = 4;
  private static final List<String> CASES =
      List.of(Benchmark.FLOOR, Benchmark.PREPROCESS, Benchmark.AGGREGATE, Benchmark.INCREMENTAL, Benchmark.DUCKDB, Benchmark.NAIVE);
  private static final Map<String, String> WHAT =
      Map.of(
          Benchmark.FLOOR, "read the landing JSON as preprocess does, write it as Delta",
          Benchmark.PREPROCESS, "our preprocess job: conform, deduplicate, quarantine, sessionize, write events + sessions",
          Benchmark.AGGREGATE, "our aggregate job: the 7 curated metric tables",
          Benchmark.DUCKDB, "DuckDB: same cleaning, dedup, sessions, DAU and sessions_daily, written as Parquet",
          Benchmark.NAIVE, "Spark groupByKey + a Java loop per user, sessions written as Delta",
          Benchmark.INCREMENTAL, "1 % more events in a new file (late, over all dates) merged into the full load: preprocess + aggregate");

  private BenchReport() {}

  /** The table of the cases that ran: median and every run's seconds, throughput, peak memory. */
  public static String casesTable(Benchmark.Outcome outcome) {
    Benchmark.Settings settings = outcome.settings();
    Map<String, Benchmark.CaseResult> cases = outcome.cases();
    StringBuilder md = new StringBuilder();
    md.append("| case | what it does | median s | every run s | events/s | peak heap MiB | peak RSS MiB |\n");
    md.append("|---|---|---:|---|---:|---:|---:|\n");
    for (String name : CASES) {
      Benchmark.CaseResult result = cases.get(name);
      if (result == null) {
        continue;
      }
      List<String> runs = new ArrayList<>();
      result.seconds().forEach(s -> runs.add(String.format(Locale.ROOT, "%.1f", s)));
      md.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %s | %,.0f | %,d | %,d |%n",
          name, WHAT.get(name), result.median(), String.join(", ", runs),
          (name.equals(Benchmark.INCREMENTAL) ? Math.max(100, settings.events() / 100) : settings.events()) / result.median(),
          Benchmark.mib(result.peakHeapBytes()), Benchmark.mib(result.peakRssBytes())));
    }
    return md.toString();
  }

  /** Spark's stage metrics of each case's last run, summed per call site. */
  public static String stageTables(Benchmark.Outcome outcome) {
    Map<String, Benchmark.CaseResult> cases = outcome.cases();
    StringBuilder md = new StringBuilder();
    md.append("\nWhere the time goes: Spark's stage metrics of the last run, summed per call site; task s is summed over cores, so it can exceed wall s.\n");
    for (String name : List.of(Benchmark.PREPROCESS, Benchmark.FLOOR, Benchmark.NAIVE, Benchmark.AGGREGATE)) {
      if (!cases.containsKey(name)) {
        continue;
      }
      List<StageMetrics.Step> steps = cases.get(name).steps();
      int shown = name.equals(Benchmark.PREPROCESS) ? 8 : 4;
      md.append("\n").append(name).append(":\n\n");
      md.append("| call site | stages | tasks | wall s | task s | CPU s | GC s | input MiB | shuffle read MiB | shuffle write MiB | spill MiB |\n");
      md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (StageMetrics.Step step : steps.subList(0, Math.min(shown, steps.size()))) {
        md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
            step.callSite().replace("|", "\\|"), step.stages(), step.tasks(), step.wallSeconds(), step.taskSeconds(), step.cpuSeconds(),
            step.gcSeconds(), step.inputBytes() / 1048576.0, step.shuffleReadBytes() / 1048576.0, step.shuffleWriteBytes() / 1048576.0,
            step.spilledBytes() / 1048576.0));
      }
    }
    return md.toString();
  }

  /** The Markdown section for one size, between its markers. */
  public static String section(Benchmark.Outcome outcome) {
    Benchmark.Settings settings = outcome.settings();
    Map<String, Benchmark.CaseResult> cases = outcome.cases();
    StringBuilder md = new StringBuilder();
    md.append(begin(settings.events())).append('\n');
    md.append("### ").append(String.format(Locale.ROOT, "%,d", settings.events())).append(" events\n\n");
    md.append(String.format(Locale.ROOT,
        "Measured %s · seed %d · %d run%s per case, median reported · input %,d lines in %d file%s (%.1f MiB)%n%n",
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(outcome.finishedAt().atZone(ZoneOffset.UTC)),
        settings.seed(), settings.runs(), settings.runs() == 1 ? "" : "s", outcome.input().lines(), outcome.input().files(),
        outcome.input().files() == 1 ? "" : "s", outcome.input().bytes() / 1048576.0));
    md.append(casesTable(outcome));
    double floor = cases.get(Benchmark.FLOOR).median();
    double preprocess = cases.get(Benchmark.PREPROCESS).median();
    double aggregate = cases.get(Benchmark.AGGREGATE).median();
    double duckdb = cases.get(Benchmark.DUCKDB).median();
    double naive = cases.get(Benchmark.NAIVE).median();
    Benchmark.CaseResult incrementalCase = cases.get(Benchmark.INCREMENTAL);
    md.append("\n| target | measured | |\n|---|---:|---|\n");
    // the performance targets: preprocess within 2.5x of the floor at 1 M events and 1.5x from 10 M on; the rest as set for 10 M
    double floorGoal = settings.events() >= 10_000_000 ? 1.5 : 2.5;
    md.append(target(String.format(Locale.ROOT, "preprocess within %.1f× of the floor", floorGoal), "preprocess / floor", preprocess / floor,
        preprocess / floor <= floorGoal));
    md.append(target("the naive sessionizer at least 3× slower than ours (goal set at 10 M)", "naive / preprocess", naive / preprocess, naive / preprocess >= 3));
    md.append(target("(preprocess + aggregate) within 1.5× of DuckDB (goal set at 10 M)", "(preprocess + aggregate) / DuckDB", (preprocess + aggregate) / duckdb,
        (preprocess + aggregate) / duckdb <= 1.5));
    if (incrementalCase != null) {
      double incremental = incrementalCase.median();
      md.append(target(
          String.format(Locale.ROOT, "an incremental run with 1 %% new files at most 10 %% of the full run (%.1f s beside %.1f s)", incremental, preprocess + aggregate),
          "incremental / (preprocess + aggregate)", incremental / (preprocess + aggregate), incremental / (preprocess + aggregate) <= 0.1));
    }
    Figures ours = outcome.figures().get("ours");
    md.append(String.format(Locale.ROOT,
        "%nCross-check (equal in ours, DuckDB and naive, or the bench fails): %,d sessions, %,d ms total session duration, "
            + "%,d user-days of daily active users over %d days.%n",
        ours.sessions(), ours.totalDurationMillis(), ours.userDays(), ours.dailyActiveUsers().size()));
    Map<String, Long> counts = outcome.preprocessCounts();
    md.append(String.format(Locale.ROOT,
        "Preprocess accounted for every line: read %,d = trusted %,d + duplicates %,d + quarantined %,d.%n",
        counts.getOrDefault("read", 0L), counts.getOrDefault("trusted", 0L), counts.getOrDefault("duplicates", 0L),
        counts.getOrDefault("quarantined", 0L)));

    md.append(stageTables(outcome));

    int cores = Integer.parseInt(outcome.machine().get("cores"));
    double secondsPerMillion = (preprocess + aggregate) / (settings.events() / 1e6);
    double dpuHours = secondsPerMillion * cores / VCPU_PER_DPU / 3600.0;
    md.append(String.format(Locale.ROOT,
        "%nAWS Glue cost per million events, **an estimate**: preprocess + aggregate took %.1f s per million events on %d cores; "
            + "at the same speed per vCPU that is %.4f DPU-hours on G.1X (4 vCPU per DPU), × $%.2f = **$%.4f per million events**. "
            + "Not included: job start-up (about 10–30 s per job on Glue 5.1), the 1-minute minimum billed per job run, and the quality jobs.%n",
        secondsPerMillion, cores, dpuHours, DPU_HOUR_USD, dpuHours * DPU_HOUR_USD));
    md.append("\nMachine: ");
    List<String> machine = new ArrayList<>();
    outcome.machine().forEach((k, v) -> machine.add(k + " " + v));
    md.append(String.join(" · ", machine)).append(".  \nSettings: ");
    List<String> spark = new ArrayList<>();
    outcome.sparkSettings().forEach((k, v) -> spark.add("`" + k + "` = " + v));
    md.append(String.join(" · ", spark)).append(".\n");
    md.append(end(settings.events())).append('\n');
    return md.toString();
  }

  private static String target(String goal, String formula, double value, boolean met) {
    return String.format(Locale.ROOT, "| %s | %s = %.2f | %s |%n", goal, formula, value, met ? "met" : "**missed**");
  }

  /** The scaling section over every size with saved medians. */
  public static String scaling(Path resultsDir) {
    TreeMap<Long, Properties> sizes = new TreeMap<>();
    if (Files.isDirectory(resultsDir)) {
      try (Stream<Path> files = Files.list(resultsDir)) {
        for (Path file : files.filter(p -> p.getFileName().toString().matches("events-\\d+\\.properties")).toList()) {
          Properties medians = new Properties();
          try (Reader reader = Files.newBufferedReader(file)) {
            medians.load(reader);
          }
          sizes.put(Long.parseLong(medians.getProperty("events")), medians);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + resultsDir, e);
      }
    }
    StringBuilder md = new StringBuilder("<!-- bench:scaling -->\n");
    md.append("### Scaling\n\nMedian seconds per case at each size measured (from `bench/results/`), and the growth from the smallest to the largest size");
    if (sizes.size() < 2) {
      md.append(" (needs two sizes; run the bench at another --events).\n");
      return md.append("<!-- /bench:scaling -->\n").toString();
    }
    long smallest = sizes.firstKey();
    long largest = sizes.lastKey();
    md.append(String.format(Locale.ROOT, " (%,d → %,d events, %.0f× the data; target: preprocess grows no more than linearly).%n%n",
        smallest, largest, (double) largest / smallest));
    md.append("| case |");
    sizes.keySet().forEach(n -> md.append(String.format(Locale.ROOT, " %,d s |", n)));
    md.append(" growth |\n|---|");
    sizes.keySet().forEach(n -> md.append("---:|"));
    md.append("---:|\n");
    for (String name : CASES) {
      md.append("| ").append(name).append(" |");
      for (Properties medians : sizes.values()) {
        md.append(String.format(Locale.ROOT, " %.1f |", Double.parseDouble(medians.getProperty(name + ".median_s", "NaN"))));
      }
      double growth = Double.parseDouble(sizes.get(largest).getProperty(name + ".median_s", "NaN"))
          / Double.parseDouble(sizes.get(smallest).getProperty(name + ".median_s", "NaN"));
      md.append(String.format(Locale.ROOT, " %.2f× |%n", growth));
    }
    return md.append("<!-- /bench:scaling -->\n").toString();
  }

  /** Saves the medians of one size for the scaling section. */
  public static void saveMedians(Benchmark.Outcome outcome, Path resultsDir) {
    Properties medians = new Properties();
    medians.setProperty("events", Long.toString(outcome.settings().events()));
    medians.setProperty("seed", Long.toString(outcome.settings().seed()));
    medians.setProperty("runs", Integer.toString(outcome.settings().runs()));
    outcome.cases().forEach((name, result) -> medians.setProperty(name + ".median_s", String.format(Locale.ROOT, "%.3f", result.median())));
    try {
      Files.createDirectories(resultsDir);
      try (Writer writer = Files.newBufferedWriter(resultsDir.resolve("events-" + outcome.settings().events() + ".properties"))) {
        medians.store(writer, "glue-etl bench medians (seconds); written by ./glue-etl bench");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + resultsDir, e);
    }
  }

  /**
   * Replaces (or appends) the section for this size and the scaling section in {@code report}; the rest of the file is
   * kept as written.
   */
  public static void update(Path report, Benchmark.Outcome outcome, Path resultsDir) {
    try {
      String text = Files.exists(report) ? Files.readString(report) : "# Benchmarks\n\n";
      text = replace(text, begin(outcome.settings().events()), end(outcome.settings().events()), section(outcome));
      text = replace(text, "<!-- bench:scaling -->", "<!-- /bench:scaling -->", scaling(resultsDir));
      Files.writeString(report, text);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + report, e);
    }
  }

  static String replace(String text, String beginMarker, String endMarker, String section) {
    int from = text.indexOf(beginMarker);
    int to = text.indexOf(endMarker);
    if (from >= 0 && to > from) {
      int after = text.indexOf('\n', to);
      return text.substring(0, from) + section + (after < 0 ? "" : text.substring(after + 1));
    }
    return text + (text.endsWith("\n\n") ? "" : "\n") + section;
  }

  private static String begin(long events) {
    return "<!-- bench:events=" + events + " -->";
  }

  private static String end(long events) {
    return "<!-- /bench:events=" + events + " -->";
  }
}
