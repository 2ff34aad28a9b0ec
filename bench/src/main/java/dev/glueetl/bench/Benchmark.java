package dev.glueetl.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import dev.glueetl.config.PipelineConfig;
import dev.glueetl.config.SourceConfig;
import dev.glueetl.error.Errors;
import dev.glueetl.events.ConformEvents;
import dev.glueetl.events.EventLanding;
import dev.glueetl.jobs.aggregate.AggregateJob;
import dev.glueetl.jobs.preprocess.PreprocessJob;
import dev.glueetl.local.generate.EventGenerator;
import dev.glueetl.spark.CodeGeneration;
import dev.glueetl.spark.ShufflePartitions;
import dev.glueetl.spark.SparkSessions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One benchmark run at one size: generate (or reuse) the input, run each case {@code runs} times on it, cross-check
 * that ours, DuckDB and the naive sessionizer agree, and return what was measured. Cases run one after another in one
 * JVM (the driver of Spark's local mode, where DuckDB also runs), so they share the machine and never overlap.
 */
public final class Benchmark {
  public static final String FLOOR = "floor";
  public static final String PREPROCESS = "preprocess";
  public static final String AGGREGATE = "aggregate";
  public static final String DUCKDB = "duckdb";
  public static final String NAIVE = "naive";
  public static final String INCREMENTAL = "incremental";
  /** Every case, in the order they run. */
  public static final List<String> CASES = List.of(FLOOR, PREPROCESS, AGGREGATE, INCREMENTAL, DUCKDB, NAIVE);

  /**
   * @param events generated events (duplicates and broken lines come on top)
   * @param seed generator seed
   * @param runs repetitions per case; the median is reported
   * @param home project root (for the built-in pipeline)
   * @param work scratch directory: generated input (kept for reuse) and every case's output
   * @param cases the cases to run (all of {@link #CASES} for a report); aggregate needs preprocess, incremental both
   */
  public record Settings(long events, long seed, int runs, Path home, Path work, Set<String> cases) {
    public Settings(long events, long seed, int runs, Path home, Path work) {
      this(events, seed, runs, home, work, Set.copyOf(CASES));
    }

    public Settings {
      cases = Set.copyOf(cases);
      for (String name : cases) {
        if (!CASES.contains(name)) {
          throw Errors.usage("bench: unknown case '" + name + "' in --cases; the cases are " + String.join(", ", CASES));
        }
      }
      if (cases.isEmpty()) {
        throw Errors.usage("bench: --cases names no case; the cases are " + String.join(", ", CASES));
      }
      if (cases.contains(AGGREGATE) && !cases.contains(PREPROCESS)) {
        throw Errors.usage("bench: the aggregate case reads what the preprocess case writes: add preprocess to --cases");
      }
      if (cases.contains(INCREMENTAL) && !(cases.contains(PREPROCESS) && cases.contains(AGGREGATE))) {
        throw Errors.usage("bench: the incremental case runs on the lake of the preprocess and aggregate cases: add both to --cases");
      }
      if (events < 1) {
        throw Errors.usage("bench: --events must be at least 1 (got " + events + ")");
      }
      if (runs < 1) {
        throw Errors.usage("bench: --runs must be at least 1 (got " + runs + ")");
      }
    }

    /** Whether every case runs: only then is the report written. */
    public boolean allCases() {
      return cases.containsAll(CASES);
    }
  }

  /** One case: its wall times per run, the peaks over its runs, and the stage metrics of its last run. */
  public record CaseResult(String name, List<Double> seconds, long peakHeapBytes, long peakRssBytes, List<StageMetrics.Step> steps) {
    public double median() {
      List<Double> sorted = new ArrayList<>(seconds);
      sorted.sort(null);
      int n = sorted.size();
      return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
  }

  /** The input: what the generator wrote (or wrote earlier, when reused). */
  public record Input(Path dir, String glob, long lines, long bytes, int files, long expectedTrusted, boolean reused) {}

  /** Everything measured at one size. */
  public record Outcome(
      Settings settings,
      Input input,
      Map<String, CaseResult> cases,
      Map<String, Figures> figures,
      Map<String, Long> preprocessCounts,
      Map<String, String> sparkSettings,
      Map<String, String> machine,
      Instant finishedAt) {}

  private final Settings settings;
  private final PrintStream out;

  public Benchmark(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  public Outcome run() {
    Input input = input();
    for (int run = 1; run <= settings.runs(); run++) {
      delete(lake(run));
    }
    out.printf("bench: %d events, %d lines in %d files (%.1f MiB)%s, %d run(s) per case%n",
        settings.events(), input.lines(), input.files(), input.bytes() / 1048576.0, input.reused() ? ", reused" : "", settings.runs());
    SparkSession spark = SparkSessions.local("glue-etl bench", "local[*]", Map.of());
    StageMetrics stages = StageMetrics.attach(spark);
    Path pipelineFile = settings.home().resolve("pipelines/app-events.yaml");
    PipelineConfig pipeline = PipelineConfig.load(pipelineFile.toString(), spark.sparkContext().hadoopConfiguration());
    SourceConfig source = pipeline.source().withPath(input.glob());
    Map<String, CaseResult> cases = new LinkedHashMap<>();
    Map<String, Figures> figures = new LinkedHashMap<>();
    Map<String, Long> preprocessCounts = new TreeMap<>();
    Map<String, String> sparkSettings = new LinkedHashMap<>();
    int cores = Runtime.getRuntime().availableProcessors();

    try (ProcessMemory memory = new ProcessMemory()) {
      if (runs(FLOOR)) {
        cases.put(FLOOR, measure(FLOOR, spark, stages, memory, run -> floor(spark, source, input.bytes(), scratch("floor"))));
      }

      if (runs(PREPROCESS)) {
        cases.put(PREPROCESS, measure(PREPROCESS, spark, stages, memory, run -> {
          var result = PreprocessJob.run(jobArgs(pipelineFile, lake(run), input.glob()));
          if (run == 1) {
            preprocessCounts.putAll(result.report().counts());
            sparkSettings.put("spark.sql.shuffle.partitions (preprocess, sized to the input)", spark.conf().get("spark.sql.shuffle.partitions"));
          }
        }));
        if (preprocessCounts.getOrDefault("trusted", -1L) != input.expectedTrusted()) {
          throw Errors.benchmarkMismatch(settings.events(), List.of(
              "preprocess kept " + preprocessCounts.get("trusted") + " trusted events, the generator wrote " + input.expectedTrusted()));
        }
      }
      if (runs(AGGREGATE)) {
        cases.put(AGGREGATE, measure(AGGREGATE, spark, stages, memory, run -> AggregateJob.run(jobArgs(pipelineFile, lake(run), input.glob()))));
        figures.put("ours", ours(spark, lake(1)));
      }

      if (runs(INCREMENTAL)) {
        // 1 % more events land in two new files over the same users: 80 % on the last two days, 20 % late, on three days
        // of the first half; each run merges them into a full load (the lake of the preprocess and aggregate runs above)
        // with the bookmark on
        List<Input> more = extraInputs();
        StringBuilder dirs = new StringBuilder("{").append(input.dir());
        more.forEach(m -> dirs.append(',').append(m.dir()));
        String both = dirs.append("}/*.jsonl").toString();
        long moreTrusted = more.stream().mapToLong(Input::expectedTrusted).sum();
        cases.put(INCREMENTAL, measure(INCREMENTAL, spark, stages, memory, run -> {
          PreprocessJob.run(jobArgs(pipelineFile, lake(run), both));
          AggregateJob.run(jobArgs(pipelineFile, lake(run), both));
        }));
        long stored = spark.read().format("delta").load(lake(1).resolve("trusted/app-events/events").toString()).count();
        if (stored != input.expectedTrusted() + moreTrusted) {
          throw Errors.benchmarkMismatch(settings.events(), List.of(
              "after the incremental run trusted.events holds " + stored + " events, the generator wrote " + input.expectedTrusted() + " + " + moreTrusted));
        }
      }

      String duckMemory = "4GB";
      if (runs(DUCKDB)) {
        DuckDbBaseline.Result[] duck = new DuckDbBaseline.Result[1];
        cases.put(DUCKDB, measure(DUCKDB, spark, stages, memory, run -> duck[0] = DuckDbBaseline.run(pipeline, input.glob(), scratch("duckdb"), Instant.now(), cores, duckMemory)));
        figures.put("DuckDB", duck[0].figures());
      }

      if (runs(NAIVE)) {
        Path naiveTable = settings.work().resolve("naive");
        cases.put(NAIVE, measure(NAIVE, spark, stages, memory, run -> runNaive(spark, pipeline, source, input.bytes(), scratch("naive"))));
        figures.put("naive", naiveFigures(spark, naiveTable));
      }

      sparkSettings.put("master", spark.sparkContext().master());
      sparkSettings.put("driver heap (-Xmx)", mib(Runtime.getRuntime().maxMemory()) + " MiB");
      sparkSettings.put("spark.sql.adaptive.enabled", spark.conf().get("spark.sql.adaptive.enabled"));
      sparkSettings.put("spark.sql.files.maxPartitionBytes", spark.conf().get("spark.sql.files.maxPartitionBytes"));
      sparkSettings.put("spark.databricks.delta.snapshotPartitions", spark.conf().get("spark.databricks.delta.snapshotPartitions"));
      sparkSettings.put("DuckDB", "threads " + cores + ", memory_limit " + duckMemory);
    }

    crossCheck(figures);

    return new Outcome(settings, input, cases, figures, preprocessCounts, sparkSettings, Machine.describe(), Instant.now());
  }

  private boolean runs(String name) {
    return settings.cases().contains(name);
  }

  /** Ours, DuckDB and naive agree on every figure (those of the cases that ran), or the bench fails. */
  private void crossCheck(Map<String, Figures> figures) {
    if (figures.size() < 2) {
      out.println("bench: cross-check skipped: it needs ours and DuckDB or naive among the cases");
      return;
    }
    List<String> differences = new ArrayList<>();
    Map.Entry<String, Figures> first = figures.entrySet().iterator().next();
    figures.forEach((name, other) -> {
      if (!name.equals(first.getKey())) {
        differences.addAll(first.getValue().differencesFrom(first.getKey(), name, other));
      }
    });
    if (!differences.isEmpty()) {
      throw Errors.benchmarkMismatch(settings.events(), differences);
    }
    Figures agreed = first.getValue();
    out.printf("bench: cross-check passed: %d sessions, %d ms total duration, %d user-days, equal in %s%n",
        agreed.sessions(), agreed.totalDurationMillis(), agreed.userDays(), String.join(", ", figures.keySet()));
  }

  @FunctionalInterface
  private interface Run {
    void run(int number) throws Exception;
  }

  private CaseResult measure(String name, SparkSession spark, StageMetrics stages, ProcessMemory memory, Run body) {
    List<Double> seconds = new ArrayList<>();
    List<StageMetrics.Step> steps = List.of();
    long peakHeap = 0;
    long peakRss = 0;
    for (int run = 1; run <= settings.runs(); run++) {
      System.gc();
      stages.reset(spark);
      memory.reset();
      long started = System.nanoTime();
      try {
        body.run(run);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(name + " failed: " + e.getMessage(), e);
      }
      double elapsed = (System.nanoTime() - started) / 1e9;
      seconds.add(elapsed);
      steps = stages.steps(spark);
      peakHeap = Math.max(peakHeap, memory.peakHeapBytes());
      peakRss = Math.max(peakRss, memory.peakRssBytes());
      out.printf("bench: %-10s run %d/%d  %8.1f s  %,12.0f events/s%n", name, run, settings.runs(), elapsed, settings.events() / elapsed);
    }
    return new CaseResult(name, seconds, peakHeap, peakRss, steps);
  }

  /** The floor: the landing JSON read exactly as preprocess reads it, written as Delta, nothing else. */
  static void floor(SparkSession spark, SourceConfig source, long inputBytes, Path out) {
    // executed as our jobs execute an input of this size
    CodeGeneration.sizeFor(spark, inputBytes);
    EventLanding.read(spark, source).write().format("delta").mode("overwrite").save(out.toString());
  }

  /**
   * The naive pipeline: the same read, cleaning and shuffle partitions as ours, then the groupByKey sessionizer, written
   * as Delta.
   */
  static void runNaive(SparkSession spark, PipelineConfig pipeline, SourceConfig source, long inputBytes, Path out) {
    CodeGeneration.sizeFor(spark, inputBytes);
    ShufflePartitions.sizeFor(spark, inputBytes);
    Dataset<Row> landing = EventLanding.read(spark, source);
    Dataset<Row> trusted =
        ConformEvents.conform(source, pipeline.validation(), "bench", Instant.now(), landing).filter(col("reason").isNull());
    NaiveSessionizer.sessions(pipeline.sessions().inactivityGap(), trusted).write().format("delta").mode("overwrite").save(out.toString());
  }

  /** Our figures, read back from the tables the jobs wrote. */
  static Figures ours(SparkSession spark, Path lake) {
    Dataset<Row> dau = delta(spark, lake.resolve("curated/app-events/daily_active_users"))
        .where(col("platform").equalTo("all")).selectExpr("cast(date as string)", "dau");
    Dataset<Row> perDay = delta(spark, lake.resolve("curated/app-events/sessions_daily")).selectExpr("cast(date as string)", "sessions");
    return figures(delta(spark, lake.resolve("trusted/app-events/sessions")), dau, perDay);
  }

  /** The naive baseline's figures, from its sessions table. */
  static Figures naiveFigures(SparkSession spark, Path table) {
    Dataset<Row> sessions = delta(spark, table);
    Dataset<Row> dau = sessions.select(col("user_id"), explode(col("event_dates")).as("date"))
        .groupBy("date").agg(countDistinct("user_id")).selectExpr("cast(date as string)", "`count(DISTINCT user_id)`");
    Dataset<Row> perDay = sessions.groupBy("session_date").count().selectExpr("cast(session_date as string)", "count");
    return figures(sessions, dau, perDay);
  }

  /** Session count and exact total duration of {@code sessions}, with the two per-day figures. */
  private static Figures figures(Dataset<Row> sessions, Dataset<Row> dailyActiveUsers, Dataset<Row> sessionsPerDay) {
    Row totals = sessions.agg(count(lit(1)), sum(expr("unix_millis(session_end) - unix_millis(session_start)"))).first();
    return new Figures(totals.getLong(0), totals.isNullAt(1) ? 0 : totals.getLong(1), byDay(dailyActiveUsers), byDay(sessionsPerDay));
  }

  private static Dataset<Row> delta(SparkSession spark, Path table) {
    return spark.read().format("delta").load(table.toString());
  }

  private static TreeMap<String, Long> byDay(Dataset<Row> dayAndValue) {
    TreeMap<String, Long> values = new TreeMap<>();
    for (Row row : dayAndValue.collectAsList()) {
      values.put(row.getString(0), ((Number) row.get(1)).longValue());
    }
    return values;
  }

  private String[] jobArgs(Path pipelineFile, Path lake, String input) {
    return new String[] {"--pipeline", pipelineFile.toString(), "--lake", lake.toString(), "--input", input, "--JOB_NAME", "bench"};
  }

  private Path lake(int run) {
    return settings.work().resolve("lake-" + run);
  }

  /** An emptied output directory under the work directory. */
  private Path scratch(String name) {
    Path dir = settings.work().resolve(name);
    delete(dir);
    return dir;
  }

  /** The generated input for (events, seed): reused when a complete earlier generation exists. */
  Input input() {
    return input(settings.work().resolve("events-" + settings.events() + "-seed-" + settings.seed()),
        EventGenerator.Settings.defaults(settings.events(), settings.seed()));
  }

  /**
   * The incremental case's new files: 1 % of the events (at least 100), from other seeds (so ids of their own), over the
   * same users: 80 % on the last two days of the span, 20 % late, on three days of its first half.
   */
  List<Input> extraInputs() {
    long events = Math.max(100, settings.events() / 100);
    EventGenerator.Settings full = EventGenerator.Settings.defaults(settings.events(), settings.seed());
    String base = "events-" + settings.events() + "-seed-" + settings.seed();
    EventGenerator.Settings recent =
        EventGenerator.Settings.defaults(events * 8 / 10, settings.seed() + 1).withUsers(full.users()).withFiles(1)
            .withWindow(full.start().plus(java.time.Duration.ofDays(full.days() - 3)), 2);
    EventGenerator.Settings late =
        EventGenerator.Settings.defaults(events - events * 8 / 10, settings.seed() + 2).withUsers(full.users()).withFiles(1)
            .withWindow(full.start().plus(java.time.Duration.ofDays(5)), 3);
    return List.of(input(settings.work().resolve(base + "-recent"), recent), input(settings.work().resolve(base + "-late"), late));
  }

  private Input input(Path dir, EventGenerator.Settings generation) {
    Path done = dir.resolve("_GENERATED");
    String glob = dir.resolve("*.jsonl").toString();
    try {
      boolean reused = Files.exists(done);
      long expectedTrusted;
      long lines;
      if (reused) {
        String[] saved = Files.readString(done).trim().split(" ");
        lines = Long.parseLong(saved[0]);
        expectedTrusted = Long.parseLong(saved[1]);
      } else {
        delete(dir);
        out.printf("bench: generating %d events (seed %d) into %s%n", generation.events(), generation.seed(), dir);
        EventGenerator.Result result = EventGenerator.generate(generation, dir);
        lines = result.lines();
        expectedTrusted = result.trusted();
        Files.writeString(done, lines + " " + expectedTrusted + "\n");
      }
      long bytes = 0;
      int files = 0;
      try (Stream<Path> list = Files.list(dir)) {
        for (Path file : list.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
          bytes += Files.size(file);
          files++;
        }
      }
      return new Input(dir, glob, lines, bytes, files, expectedTrusted, reused);
    } catch (IOException e) {
      throw new UncheckedIOException("preparing the benchmark input in " + dir, e);
    }
  }

  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("deleting " + dir, e);
    }
  }

  static long mib(long bytes) {
    return bytes / (1024 * 1024);
  }
}
