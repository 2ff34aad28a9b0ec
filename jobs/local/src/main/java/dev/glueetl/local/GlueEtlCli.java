package dev.glueetl.local;

import dev.glueetl.config.JobArguments;
import dev.glueetl.config.PipelineConfig;
import dev.glueetl.error.Errors;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.job.JobReport;
import dev.glueetl.job.JobRunner;
import dev.glueetl.job.RunLock;
import dev.glueetl.job.TableWrites;
import dev.glueetl.landing.Bookmark;
import dev.glueetl.lake.Lake;
import dev.glueetl.lake.LakeCatalog;
import dev.glueetl.lake.TableId;
import dev.glueetl.local.generate.EventGenerator;
import dev.glueetl.spark.SparkSessions;
import dev.glueetl.workflow.CloudFormationTemplate;
import dev.glueetl.workflow.WorkflowRunner;
import org.apache.hadoop.conf.Configuration;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code ./glue-etl} command line: runs the Glue jobs in Spark local mode and queries the lake.
 *
 * <pre>
 * run &lt;pipeline&gt; [--lake DIR] [--input PATH] [--from JOB] [--workflow-run-id ID]
 * deploy-template &lt;pipeline&gt; [--out FILE] [--strict]
 * job &lt;name&gt; &lt;glue-style args...&gt;
 * sql [--lake DIR] [--format table|csv|json] [--limit N] "&lt;query&gt;"
 * tables [--lake DIR]
 * bookmark show|reset &lt;pipeline&gt; [--lake DIR]
 * generate app-events --events N --out DIR [--seed S] [--users U] [--files F]
 * </pre>
 *
 * {@code ./glue-etl bench} is dispatched by the launcher script to the bench module's {@code BenchCli}.
 *
 * Exit codes: 0 success, 1 a job failed, 2 a usage or configuration error. Errors are one line on stderr.
 */
public final class GlueEtlCli {
  static final String USAGE =
      String.join(
          "\n",
          "usage: ./glue-etl <command> ...",
          "  run <pipeline> [--lake DIR] [--input PATH] [--jdbc-url URL] [--from JOB] [--workflow-run-id ID] [--job-bookmark-option job-bookmark-enable|disable|pause]",
          "                                                             run the pipeline's workflow locally",
          "  deploy-template <pipeline> [--out FILE] [--strict]         the CloudFormation template of the pipeline's workflow",
          "  job <name> <--key value ...>                               run one job exactly as Glue would",
          "  sql [--lake DIR] [--format table|csv|json] [--limit N] \"<query>\"   query lake tables by catalog name",
          "  tables [--lake DIR]                                        list the lake's tables with row counts",
          "  bookmark show|reset <pipeline> [--lake DIR]                the landing files preprocess has processed; reset: process all again",
          "  generate app-events --events N --out DIR [--seed S] [--users U] [--files F]",
          "  bench [--events N] [--seed S] [--runs R]                   benchmarks into BENCHMARKS.md (./glue-etl bench --help)",
          "<pipeline> is a YAML path or a built-in name: " + String.join(", ", Pipelines.builtIns()));

  private final PrintStream out;
  private final PrintStream err;

  GlueEtlCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    int code = new GlueEtlCli(System.out, System.err).execute(args);
    System.exit(code);
  }

  /** Runs one command; returns the process exit code. */
  int execute(String[] args) {
    if (args.length == 0 || Set.of("help", "--help", "-h").contains(args[0])) {
      out.println(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    try {
      switch (args[0]) {
        case "run":
          return run(CliOptions.parse("run", rest, Set.of("--lake", "--input", "--jdbc-url", "--from", "--workflow-run-id", "--job-bookmark-option")));
        case "deploy-template":
          return deployTemplate(CliOptions.parse("deploy-template", rest, Set.of("--out"), Set.of("--strict")));
        case "job":
          return job(rest);
        case "sql":
          return sql(CliOptions.parse("sql", rest, Set.of("--lake", "--format", "--limit")));
        case "tables":
          return tables(CliOptions.parse("tables", rest, Set.of("--lake")));
        case "bookmark":
          return bookmark(CliOptions.parse("bookmark", rest, Set.of("--lake")));
        case "generate":
          return generate(CliOptions.parse("generate", rest, Set.of("--events", "--out", "--seed", "--users", "--files")));
        default:
          throw Errors.usage("unknown command '" + args[0] + "'\n" + USAGE);
      }
    } catch (GlueEtlException e) {
      err.println("error: " + e.getMessage());
      return e.code().exitStatus();
    } catch (Exception e) { // Scala's AnalysisException is a checked Exception to Java
      err.println("error: " + e.getClass().getSimpleName() + ": " + Errors.rootMessage(e));
      return 1;
    }
  }

  private int run(CliOptions options) {
    options.expectOperands(1, "run <pipeline> [--lake DIR] [--input PATH] [--from JOB] [--workflow-run-id ID]");
    String pipelineFile = Pipelines.resolve(options.operand(0, "<pipeline> (a YAML path or a built-in name)"));
    List<String> args = new ArrayList<>(List.of("--pipeline", pipelineFile));
    options.option("--lake").ifPresent(v -> args.addAll(List.of("--lake", v)));
    options.option("--input").ifPresent(v -> args.addAll(List.of("--input", v)));
    options.option("--job-bookmark-option").ifPresent(v -> args.addAll(List.of("--job-bookmark-option", v)));
    options.option("--jdbc-url").ifPresent(v -> args.addAll(List.of("--jdbc-url", v)));
    SparkSession spark = localSession();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    PipelineConfig pipeline = PipelineConfig.load(pipelineFile, hadoop);
    Optional<Path> demoScript = options.option("--jdbc-url").isPresent() || !Pipelines.isBuiltIn(pipelineFile) ? Optional.empty() : DemoDatabase.script(pipeline);
    try (DemoDatabase demo = demoScript.map(script -> DemoDatabase.start(pipeline, script, out::println)).orElse(null)) {
      if (demo != null) {
        args.addAll(List.of("--jdbc-url", demo.url()));
      }
      return runWorkflow(options, spark, pipeline.withOverrides(JobArguments.parse(args.toArray(new String[0]))), args);
    }
  }

  private int runWorkflow(CliOptions options, SparkSession spark, PipelineConfig pipeline, List<String> args) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Lake lake = Lake.qualified(pipeline.lake(), hadoop);
    WorkflowRunner runner =
        new WorkflowRunner(
            spark, pipeline, lake, args,
            (type, jobArgs) -> {
              JobRunner.CompletedRun run = Jobs.run(type.yamlName(), jobArgs);
              printSummary(run);
              return run;
            },
            out::println);
    WorkflowRunner.Result result =
        options.option("--from").isPresent() ? runner.resume(options.option("--from").get(), options.option("--workflow-run-id")) : runner.run();
    for (WorkflowRunner.JobOutcome outcome : result.outcomes().values()) {
      if (outcome.state() == dev.glueetl.config.RunState.FAILED && !outcome.error().isEmpty()) {
        err.println("error: " + outcome.job() + " failed: " + outcome.error());
      }
    }
    if (result.failed()) {
      err.println(
          "workflow run " + result.workflowRunId() + " has failed jobs; fix the cause and resume with: ./glue-etl run " + options.operand(0, "<pipeline>")
              + " --from <job> --workflow-run-id " + result.workflowRunId());
    }
    return result.exitStatus();
  }

  private int deployTemplate(CliOptions options) {
    options.expectOperands(1, "deploy-template <pipeline> [--out FILE] [--strict]");
    String pipelineFile = Pipelines.resolve(options.operand(0, "<pipeline> (a YAML path or a built-in name)"));
    PipelineConfig pipeline = PipelineConfig.load(pipelineFile, new Configuration());
    List<String> warnings = CloudFormationTemplate.deploymentWarnings(pipeline);
    if (options.flag("--strict") && !warnings.isEmpty()) {
      throw Errors.deploymentUnsafe(pipelineFile, warnings);
    }
    warnings.forEach(warning -> err.println("warning: " + warning));
    String template = CloudFormationTemplate.yaml(pipeline);
    if (options.option("--out").isPresent()) {
      try {
        java.nio.file.Files.writeString(Path.of(options.option("--out").get()), template);
      } catch (java.io.IOException e) {
        throw Errors.usage("deploy-template: cannot write " + options.option("--out").get() + ": " + e.getMessage());
      }
      out.println("wrote " + options.option("--out").get());
    } else {
      out.print(template);
    }
    return 0;
  }

  private int job(List<String> rest) {
    if (rest.isEmpty()) {
      throw Errors.usage("job: missing <name>; usage: job <name> --pipeline <yaml> [--lake DIR] ...");
    }
    localSession();
    JobRunner.CompletedRun run = Jobs.run(rest.get(0), rest.subList(1, rest.size()).toArray(new String[0]));
    printSummary(run);
    return 0;
  }

  private int sql(CliOptions options) {
    options.expectOperands(1, "sql [--lake DIR] [--format table|csv|json] [--limit N] \"<query>\"");
    String query = options.operand(0, "\"<query>\"");
    ResultPrinter.Format format;
    try {
      format = ResultPrinter.Format.valueOf(options.option("--format", "table").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Errors.usage("sql: --format expects table, csv or json");
    }
    long limit = options.longOption("--limit", 1000);
    SparkSession spark = localSession();
    LakeCatalog.registerAll(spark, Lake.qualified(options.option("--lake", "lake"), spark.sparkContext().hadoopConfiguration()));
    Dataset<Row> result;
    try {
      result = spark.sql(query);
    } catch (Exception e) {
      throw Errors.invalidSql(Errors.rootMessage(e));
    }
    ResultPrinter.print(result, format, (int) Math.min(Integer.MAX_VALUE, limit), out);
    return 0;
  }

  private int tables(CliOptions options) {
    options.expectOperands(0, "tables [--lake DIR]");
    SparkSession spark = localSession();
    Lake lake = Lake.qualified(options.option("--lake", "lake"), spark.sparkContext().hadoopConfiguration());
    List<TableId> tables = LakeCatalog.registerAll(spark, lake);
    int width = tables.stream().mapToInt(t -> t.catalogName().length()).max().orElse(5);
    out.println(String.format("%-" + width + "s  %10s  %s", "table", "rows", "location"));
    for (TableId table : tables) {
      long rows = spark.table(table.catalogName()).count();
      out.println(String.format("%-" + width + "s  %10d  %s", table.catalogName(), rows, lake.pathOf(table)));
    }
    out.println("(" + tables.size() + " tables)");
    return 0;
  }

  private int bookmark(CliOptions options) {
    options.expectOperands(2, "bookmark show|reset <pipeline> [--lake DIR]");
    String action = options.operand(0, "show or reset");
    String pipelineFile = Pipelines.resolve(options.operand(1, "<pipeline> (a YAML path or a built-in name)"));
    SparkSession spark = localSession();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<String> args = new ArrayList<>(List.of("--pipeline", pipelineFile));
    options.option("--lake").ifPresent(v -> args.addAll(List.of("--lake", v)));
    PipelineConfig pipeline = PipelineConfig.load(pipelineFile, hadoop).withOverrides(JobArguments.parse(args.toArray(new String[0])));
    Lake lake = Lake.qualified(pipeline.lake(), hadoop);
    switch (action) {
      case "show" -> {
        List<Row> rows = Bookmark.show(spark, lake, pipeline.name());
        out.println(String.format(Locale.ROOT, "%-10s %10s  %-19s  %-24s  %s", "state", "bytes", "modified", "run", "file"));
        for (Row row : rows) {
          String copyOf = row.isNullAt(6) ? "" : "  (copy of " + row.getString(6) + ")";
          out.println(String.format(Locale.ROOT, "%-10s %10d  %-19s  %-24s  %s%s", row.getString(1), row.getLong(2),
              row.getTimestamp(3).toInstant().toString().substring(0, 19), row.getString(4), row.getString(0), copyOf));
        }
        out.println("(" + rows.size() + " files in " + lake.pathOf(Bookmark.table(pipeline.name())) + ")");
      }
      case "reset" -> {
        String runId = "bookmark-reset-" + java.time.Instant.now().getEpochSecond();
        RunLock lock = RunLock.acquire(lake, pipeline.name(), runId, "bookmark-reset", RunLock.lease(5), hadoop);
        int files = Bookmark.reset(spark, new TableWrites(spark, lake), lake, pipeline.name(), runId, java.time.Instant.now());
        int tables = dev.glueetl.records.JdbcWatermarks.reset(spark, new TableWrites(spark, lake), lake, pipeline.name(), runId, java.time.Instant.now());
        lock.release();
        out.println(files + " files marked RESET: the next preprocess run processes them again, replacing what they gave");
        if (tables > 0) {
          out.println(tables + " database watermarks reset: the next preprocess run reads those tables whole, merging by key");
        }
      }
      default -> throw Errors.usage("bookmark: unknown action '" + action + "' (show or reset)");
    }
    return 0;
  }

  private int generate(CliOptions options) {
    options.expectOperands(1, "generate app-events --events N --out DIR [--seed S]");
    String kind = options.operand(0, "what to generate (app-events)");
    if (!kind.equals("app-events")) {
      throw Errors.usage("generate: unknown data set '" + kind + "' (known: app-events)");
    }
    long events = options.longOption("--events", 100_000);
    String outDir = options.option("--out").orElseThrow(() -> Errors.usage("generate: --out DIR is required"));
    EventGenerator.Settings settings =
        EventGenerator.Settings.defaults(events, options.longOption("--seed", 42))
            .withUsers(options.longOption("--users", 0))
            .withFiles((int) options.longOption("--files", 0));
    EventGenerator.Result result = EventGenerator.generate(settings, Path.of(outDir));
    out.println(
        "generated " + result.lines() + " lines (" + result.events() + " events, " + settings.users() + " users) in "
            + result.files() + " files under " + outDir + " (" + String.format(Locale.ROOT, "%.1f", result.seconds()) + " s)");
    return 0;
  }

  private void printSummary(JobRunner.CompletedRun run) {
    out.println(run.job() + " run " + run.runId() + " finished in " + String.format(Locale.ROOT, "%.1f", run.seconds()) + " s");
    Map<String, Long> counts = run.report().counts();
    for (Map.Entry<String, Long> count : counts.entrySet()) {
      String name = count.getKey();
      if (name.contains(".") || (name.equals("rows") && !run.report().tables().isEmpty())) {
        continue;
      }
      List<String> details = new ArrayList<>();
      counts.forEach(
          (detailName, value) -> {
            if (detailName.startsWith(name + ".") && value > 0) {
              details.add(detailName.substring(name.length() + 1) + " " + value);
            }
          });
      out.println(
          String.format(Locale.ROOT, "  %-14s %10d", name.replace('_', ' '), count.getValue())
              + (details.isEmpty() ? "" : "   (" + String.join(", ", details) + ")"));
    }
    run.report().notes().forEach(note -> out.println("  " + note));
    // records pipelines count per table (<table>.read, <table>.trusted, ...): one line each
    List<String> recordTables = counts.keySet().stream().filter(k -> k.endsWith(".read")).map(k -> k.substring(0, k.length() - ".read".length())).toList();
    if (!recordTables.isEmpty()) {
      int width = Math.max(5, recordTables.stream().mapToInt(String::length).max().orElse(5));
      List<String> columns = List.of("read", "trusted", "quarantined", "duplicates", "superseded");
      out.println(String.format(Locale.ROOT, "  %-" + width + "s", "table") + columns.stream().map(c -> String.format(Locale.ROOT, " %11s", c)).reduce("", String::concat));
      for (String table : recordTables) {
        out.println(
            String.format(Locale.ROOT, "  %-" + width + "s", table)
                + columns.stream().map(c -> String.format(Locale.ROOT, " %11d", counts.getOrDefault(table + "." + c, 0L))).reduce("", String::concat));
      }
    }
    if (!run.report().tables().isEmpty()) {
      int width = run.report().tables().stream().mapToInt(t -> t.table().length()).max().orElse(5);
      out.println(String.format(Locale.ROOT, "  %-" + width + "s %10s %9s %8s", "table", "rows", "replaced", "seconds"));
      for (JobReport.TableSummary table : run.report().tables()) {
        out.println(String.format(Locale.ROOT, "  %-" + width + "s %10d %9d %8.1f", table.table(), table.rows(), table.replaced(), table.seconds()));
      }
    }
  }

  /** The local Spark session every command shares: all cores, UI off. */
  private static SparkSession localSession() {
    return SparkSessions.local("glue-etl", System.getProperty("glueetl.master", "local[*]"), Map.of());
  }
}
