package dev.glueetl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.ProjectFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: [USAGE] bench: --events expects a whole number, found 'ten'");
    assertThat(bench("--fast", "yes")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("bench: unknown option --fast");
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
