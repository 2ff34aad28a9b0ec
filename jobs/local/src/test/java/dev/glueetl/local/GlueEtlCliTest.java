package dev.glueetl.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.error.Errors;
import dev.glueetl.testing.ProjectFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line itself, through {@link GlueEtlCli#execute} with captured streams: help, version, suggestions, usage
 * errors and exit statuses, and {@code job}'s pass-through of Glue arguments. No command here gets as far as starting
 * Spark (GlueEtlCliIT runs the commands for real).
 */
class GlueEtlCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void builtInPipelinesFromTheRepository() {
    System.setProperty("glueetl.home", ProjectFiles.root().toString());
  }

  @Test
  void everyCommandHasItsOwnHelpOnStdoutAndExitsZero() {
    List<List<String>> commands =
        List.of(
            List.of("run"), List.of("deploy-template"), List.of("job"), List.of("sql"), List.of("tables"), List.of("bookmark"),
            List.of("bookmark", "show"), List.of("bookmark", "reset"), List.of("generate"), List.of("generate", "app-events"), List.of("bench"), List.of("profile"));
    for (List<String> command : commands) {
      out.reset();
      String[] args = java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of("--help")).toArray(String[]::new);

      assertThat(execute(args)).as(String.join(" ", args)).isZero();

      assertThat(stdout()).as(String.join(" ", args)).startsWith("Usage: glue-etl " + String.join(" ", command) + " [-h]").contains("  -h, --help ");
      assertThat(stderr()).isEmpty();
    }
  }

  @Test
  void runHelpListsItsOperandAndEveryOption() {
    assertThat(execute("run", "--help")).isZero();

    assertThat(stdout())
        .startsWith(
            "Usage: glue-etl run [-h] [--from=JOB] [--input=PATH] [--jdbc-url=URL]\n"
                + "                    [--job-bookmark-option=OPTION] [--lake=DIR] [--workflow-run-id=ID] <pipeline>\n"
                + "Runs the pipeline's workflow locally, trigger by trigger as Glue would.\n")
        .containsPattern("<pipeline>\\s+a pipeline YAML \\(path or s3:// URI\\) or a built-in pipeline:\\s+academics,\\s+app-events,\\s+cafe-orders,\\s+cinema,\\s+covid\n")
        .contains("--lake=DIR", "--input=PATH", "--jdbc-url=URL", "--job-bookmark-option=OPTION", "--from=JOB", "--workflow-run-id=ID");
    String runHelp = stdout();

    // `help run` is the same text
    out.reset();
    assertThat(execute("help", "run")).isZero();
    assertThat(stdout()).isEqualTo(runHelp);
  }

  @Test
  void sqlHelpShowsTheDefaults() {
    assertThat(execute("sql", "-h")).isZero();

    assertThat(stdout())
        .startsWith("Usage: glue-etl sql [-h] [--format=FORMAT] [--lake=DIR] [--limit=N] \"<query>\"\n")
        .containsPattern("--format=FORMAT\\s+how rows are printed: table, csv, json \\(default: table\\)\n")
        .containsPattern("--limit=N\\s+print at most N rows \\(default: 1000\\)\n")
        .containsPattern("--lake=DIR\\s+the lake root: a directory, s3:// or s3a:// URI \\(default: \\./lake\\)\n");
  }

  @Test
  void noCommandPrintsTheOverviewAndExitsTwoWhileHelpExitsZero() {
    assertThat(execute()).isEqualTo(2);
    String overview = stdout();
    assertThat(overview).startsWith("Usage: glue-etl [-hV] [COMMAND]\n").contains("\nCommands:\n");
    for (String command : List.of("help", "run", "deploy-template", "job", "sql", "tables", "bookmark", "generate", "bench")) {
      assertThat(overview).containsPattern("\n  " + command + " +\\S");
    }

    out.reset();
    assertThat(execute("help")).isZero();
    assertThat(stdout()).isEqualTo(overview);
    out.reset();
    assertThat(execute("--help")).isZero();
    assertThat(stdout()).isEqualTo(overview);
    assertThat(stderr()).isEmpty();
  }

  @Test
  void versionNamesTheBuildAndWhatItRunsWith() throws Exception {
    Matcher parentVersion = Pattern.compile("<artifactId>glue-etl-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(Files.readString(ProjectFiles.root().resolve("pom.xml")));
    assertThat(parentVersion.find()).isTrue();

    assertThat(execute("--version")).isZero();

    assertThat(stdout())
        .isEqualTo(
            "glue-etl " + parentVersion.group(1) + "\n"
                + "Spark 3.5.6 (Scala 2.12.18), Delta Lake 3.3.2\n"
                + "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.home") + ")\n"
                + "built for AWS Glue 5.1: Java 17 bytecode, Spark 3.5.6, Delta Lake 3.3.2\n");
    out.reset();
    assertThat(execute("-V")).isZero();
    assertThat(stdout()).startsWith("glue-etl " + parentVersion.group(1) + "\n");
  }

  @Test
  void aMistypedCommandGetsASuggestion() {
    assertThat(execute("tabels")).isEqualTo(2);
    assertThat(stderr()).isEqualTo("error: [USAGE] unknown command 'tabels'; did you mean 'tables'? (see './glue-etl --help')\n");

    err.reset();
    assertThat(execute("bookmark", "shwo", "app-events")).isEqualTo(2);
    assertThat(stderr()).isEqualTo("error: [USAGE] bookmark: unknown command 'shwo'; did you mean 'show'? (see './glue-etl bookmark --help')\n");

    // nothing close: the commands instead
    err.reset();
    assertThat(execute("frobnicate")).isEqualTo(2);
    assertThat(stderr())
        .isEqualTo("error: [USAGE] unknown command 'frobnicate' (commands: help, run, deploy-template, job, sql, tables, bookmark, graph, report, profile, generate, bench) (see './glue-etl --help')\n");
  }

  @Test
  void aMistypedOptionGetsASuggestion() {
    assertThat(execute("run", "app-events", "--lak", "/tmp/lake")).isEqualTo(2);
    assertThat(stderr()).isEqualTo("error: [USAGE] run: unknown option '--lak'; did you mean '--lake'? (see './glue-etl run --help')\n");

    err.reset();
    assertThat(execute("sql", "--fromat=csv", "select 1")).isEqualTo(2);
    assertThat(stderr()).isEqualTo("error: [USAGE] sql: unknown option '--fromat'; did you mean '--format'? (see './glue-etl sql --help')\n");

    // nothing close: the command's options instead
    err.reset();
    assertThat(execute("tables", "--verbose")).isEqualTo(2);
    assertThat(stderr()).isEqualTo("error: [USAGE] tables: unknown option '--verbose' (options: --help, --lake) (see './glue-etl tables --help')\n");
  }

  @Test
  void usageErrorsAreOneLineWithTheCommandAndExitTwo() {
    assertUsageError(new String[] {"run"}, "run: missing required parameter: '<pipeline>' (see './glue-etl run --help')");
    assertUsageError(new String[] {"sql", "--limit", "ten", "select 1"}, "sql: invalid value for option '--limit': expects a whole number, found 'ten' (see './glue-etl sql --help')");
    assertUsageError(new String[] {"sql", "--format", "xml", "select 1"}, "sql: invalid value for option '--format': expects table, csv or json, found 'xml' (see './glue-etl sql --help')");
    assertUsageError(new String[] {"sql", "select 1", "select 2"}, "sql: unexpected argument 'select 2' (see './glue-etl sql --help')");
    assertUsageError(new String[] {"sql", "--lake"}, "sql: missing required parameter for option '--lake' (DIR) (see './glue-etl sql --help')");
    assertUsageError(new String[] {"tables", "extra"}, "tables: unexpected argument 'extra' (see './glue-etl tables --help')");
    assertUsageError(new String[] {"bookmark"}, "bookmark: missing what to do: show or reset (see './glue-etl bookmark --help')");
    assertUsageError(new String[] {"generate"}, "generate: missing what to generate: app-events (see './glue-etl generate --help')");
    assertUsageError(new String[] {"generate", "app-events", "--events", "10"}, "generate app-events: missing required option: '--out=DIR' (see './glue-etl generate app-events --help')");
    assertUsageError(new String[] {"run", "app-events", "--workflow-run-id", "wr_1"}, "run: --workflow-run-id names the run to resume: it needs --from JOB (see './glue-etl run --help')");
    assertUsageError(new String[] {"job", "preprocss", "--pipeline", "x.yaml"}, "unknown job 'preprocss' (jobs: preprocess, aggregate, quality)");
    assertUsageError(new String[] {"job"}, "job: missing required parameter: '<name>' (see './glue-etl job --help')");
    assertUsageError(new String[] {"help", "nosuch"}, "unknown subcommand 'nosuch' (see './glue-etl --help')");
  }

  @Test
  void anErrorOfOursExitsWithItsCodesStatusAndAnyOtherWithOne() {
    assertThat(execute("run", "no-such-pipeline")).isEqualTo(2);
    assertThat(stderr())
        .isEqualTo("error: [PIPELINE_NOT_FOUND] unknown pipeline 'no-such-pipeline': it is neither a YAML file nor a built-in pipeline (academics, app-events, cafe-orders, cinema, covid)\n");

    // a command that fails the way a job fails: the code's category decides (SOURCE_UNAVAILABLE: 4, retry later)
    err.reset();
    assertThat(executeFailing(Errors.sourceUnavailable("crm.customers", "connection refused"))).isEqualTo(4);
    assertThat(stderr())
        .isEqualTo(
            "error: [SOURCE_UNAVAILABLE] cannot read crm.customers: connection refused (check the URL, the user, the password's source and that"
                + " the database accepts connections from here)\n");
    err.reset();
    assertThat(executeFailing(new IllegalStateException("a bug", new java.io.IOException("disk full")))).isEqualTo(1);
    assertThat(stderr()).isEqualTo("error: IllegalStateException: disk full\n");
  }

  @Test
  void jobPassesGlueArgumentsThroughUnparsedAndInOrder() {
    String[] glueArgs = {
      "--JOB_NAME", "app-events-preprocess", "--pipeline", "s3://bucket/app-events.yaml", "--enable-metrics", "true", "--lake=/tmp/lake",
      "--conf", "spark.sql.shuffle.partitions=4 --conf spark.ui.enabled=false", "--user-jars-first", "true", "--TempDir", "s3://tmp/"
    };
    CommandLine commandLine = new GlueEtlCli(printStream(out), printStream(err)).commandLine();

    CommandLine.ParseResult parsed = commandLine.parseArgs(java.util.stream.Stream.concat(java.util.stream.Stream.of("job", "preprocess"), java.util.Arrays.stream(glueArgs)).toArray(String[]::new));

    JobCommand job = (JobCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(job.name).isEqualTo("preprocess");
    assertThat(job.glueArguments).containsExactly(glueArgs);
  }

  private void assertUsageError(String[] args, String problem) {
    err.reset();
    assertThat(execute(args)).as(String.join(" ", args)).isEqualTo(2);
    assertThat(stderr()).as(String.join(" ", args)).isEqualTo("error: [USAGE] " + problem + "\n");
  }

  /** Runs a command whose body throws {@code failure}, in the command line every ./glue-etl command runs in. */
  private int executeFailing(RuntimeException failure) {
    @Command(name = "glue-etl")
    class Failing implements Callable<Integer> {
      @Override
      public Integer call() {
        throw failure;
      }
    }
    return CliCommandLine.of(new Failing(), printStream(out), printStream(err)).execute();
  }

  private int execute(String... args) {
    return new GlueEtlCli(printStream(out), printStream(err)).execute(args);
  }

  private static PrintStream printStream(ByteArrayOutputStream buffer) {
    return new PrintStream(buffer, true, StandardCharsets.UTF_8);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
