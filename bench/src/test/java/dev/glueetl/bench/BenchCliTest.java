package dev.glueetl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.ProjectFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;

/** The bench command end to end at 2,000 events and one run: the cross-check must pass; no timing is asserted. */
class BenchCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int bench(String... args) {
    System.setProperty("glueetl.home", ProjectFiles.root().toString());
    return new BenchCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
  }

  @Test
  void twoThousandEventsCrossCheckAndReportThenASubsetOfTheCases(@TempDir Path work) throws Exception {
    Path report = work.resolve("BENCHMARKS.md");
    Files.writeString(report, "# Benchmarks\n\nHand-written analysis stays.\n");

    int code = bench("--events", "2000", "--runs", "1", "--work", work.resolve("work").toString(), "--report", report.toString(),
        "--results", work.resolve("results").toString());

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(printed).contains("bench: generating 2000 events (seed 42)").containsPattern("cross-check passed: \\d+ sessions");
    for (String name : new String[] {"floor", "preprocess", "aggregate", "duckdb", "naive"}) {
      assertThat(printed).containsPattern("bench: " + name + " +run 1/1 ");
    }
    String markdown = Files.readString(report);
    assertThat(markdown).startsWith("# Benchmarks\n\nHand-written analysis stays.\n")
        .contains("<!-- bench:events=2000 -->", "### 2,000 events", "| preprocess / floor = ", "| naive / preprocess = ",
            "(preprocess + aggregate) / DuckDB = ", "Preprocess accounted for every line: read ", "**an estimate**", "<!-- bench:scaling -->");
    Properties medians = new Properties();
    medians.load(Files.newBufferedReader(work.resolve("results/events-2000.properties")));
    assertThat(medians.stringPropertyNames()).contains("preprocess.median_s", "floor.median_s", "aggregate.median_s", "duckdb.median_s", "naive.median_s");

    // a subset of the cases on the same input (reused, so this costs two cases): printed, the report left alone
    out.reset();
    Path subsetReport = work.resolve("SUBSET.md");
    Files.writeString(subsetReport, "# Benchmarks\n");
    code = bench("--events", "2000", "--runs", "1", "--cases", "floor,preprocess", "--work", work.resolve("work").toString(),
        "--report", subsetReport.toString(), "--results", work.resolve("subset-results").toString());

    printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(printed).containsPattern("bench: floor +run 1/1 ").containsPattern("bench: preprocess +run 1/1 ")
        .doesNotContain("bench: aggregate", "bench: naive", "bench: duckdb", "bench: generating")
        .contains("cross-check skipped", "| floor | ", "| preprocess | ", "a subset of the cases ran");
    assertThat(Files.readString(subsetReport)).isEqualTo("# Benchmarks\n");
    assertThat(work.resolve("subset-results")).doesNotExist();
  }

  @Test
  void theInputIsReusedForTheSameSizeAndSeedAndRegeneratedForAnother(@TempDir Path work) {
    Benchmark first = new Benchmark(new Benchmark.Settings(2000, 7, 1, ProjectFiles.root(), work), new PrintStream(out, true, StandardCharsets.UTF_8));
    Benchmark.Input generated = first.input();
    Benchmark.Input again = first.input();
    Benchmark.Input otherSeed = new Benchmark(new Benchmark.Settings(2000, 8, 1, ProjectFiles.root(), work), new PrintStream(out, true, StandardCharsets.UTF_8)).input();

    assertThat(generated.reused()).isFalse();
    assertThat(again.reused()).isTrue();
    assertThat(again.lines()).isEqualTo(generated.lines());
    assertThat(again.expectedTrusted()).isEqualTo(generated.expectedTrusted());
    assertThat(otherSeed.reused()).isFalse();
    assertThat(otherSeed.dir()).isNotEqualTo(generated.dir());
  }

  @Test
  void aRerunReplacesItsSectionAndKeepsTheRestOfTheReport() {
    String report = "# Benchmarks\n\nintro\n<!-- bench:events=10 -->\nold\n<!-- /bench:events=10 -->\nanalysis\n";

    String updated = BenchReport.replace(report, "<!-- bench:events=10 -->", "<!-- /bench:events=10 -->", "<!-- bench:events=10 -->\nnew\n<!-- /bench:events=10 -->\n");
    String added = BenchReport.replace(updated, "<!-- bench:events=20 -->", "<!-- /bench:events=20 -->", "<!-- bench:events=20 -->\ntwenty\n<!-- /bench:events=20 -->\n");

    assertThat(updated).isEqualTo("# Benchmarks\n\nintro\n<!-- bench:events=10 -->\nnew\n<!-- /bench:events=10 -->\nanalysis\n");
    assertThat(added).isEqualTo(updated + "\n<!-- bench:events=20 -->\ntwenty\n<!-- /bench:events=20 -->\n");
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertThat(bench("--events", "ten")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("error: [USAGE] bench: invalid value for option '--events': expects a whole number, found 'ten' (see './glue-etl bench --help')\n");
    err.reset();
    assertThat(bench("--fast", "yes")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: [USAGE] bench: unknown option '--fast' (options: --help, --events, --seed,");
    err.reset();
    assertThat(bench("--evnets", "10")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: [USAGE] bench: unknown option '--evnets'; did you mean '--events'?");
  }

  @Test
  void helpPrintsTheOptionsAndExitsZero() {
    assertThat(bench("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith(
            "Usage: glue-etl bench [-h] [--events=N] [--report=FILE] [--results=DIR] [--runs=R] [--seed=S]\n"
                + "                      [--work=DIR] [--cases=CASE[,CASE...]]... [COMMAND]\n")
        .containsPattern("\n      --events=N +events to generate \\(default: 1000000;")
        .containsPattern("only these cases \\(of floor, preprocess, aggregate, incremental, duckdb,\\s+naive\\)");
    out.reset();
    assertThat(bench("help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: glue-etl bench [-h]");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  /** Every {@code ./glue-etl bench --option} the docs mention is an option of the bench (the other commands: GlueEtlCli's test). */
  @Test
  void everyBenchOptionTheDocsMentionExists() throws Exception {
    Set<String> options = new TreeSet<>();
    for (Path doc : documentation()) {
      Matcher mention = Pattern.compile("\\./glue-etl bench\\b([^`\\n#]*)").matcher(Files.readString(doc));
      while (mention.find()) {
        Matcher option = Pattern.compile("(?<![\\w-])--[A-Za-z][\\w-]*").matcher(mention.group(1));
        while (option.find()) {
          options.add(option.group());
        }
      }
    }
    CommandSpec bench = new BenchCli(new PrintStream(out), new PrintStream(err)).commandLine().getCommandSpec();
    assertThat(options).as("bench options in the docs").contains("--events", "--runs");
    assertThat(options).allSatisfy(option -> assertThat(bench.findOption(option)).as("./glue-etl bench " + option + " (documented)").isNotNull());
  }

  private static List<Path> documentation() throws IOException {
    List<Path> files = new ArrayList<>(List.of(ProjectFiles.root().resolve("README.md")));
    Path docs = ProjectFiles.root().resolve("docs");
    if (Files.isDirectory(docs)) {
      try (Stream<Path> pages = Files.list(docs)) {
        pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
      }
    }
    return files;
  }

  @Test
  void unknownOrIncompleteCaseListsAreUsageErrors() {
    assertThat(bench("--cases", "floor,fastest")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("bench: unknown case 'fastest' in --cases; the cases are floor, preprocess");
    assertThat(bench("--cases", "aggregate")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("the aggregate case reads what the preprocess case writes: add preprocess to --cases");
    assertThat(bench("--cases", "preprocess,incremental")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("the incremental case runs on the lake of the preprocess and aggregate cases");
  }
}
