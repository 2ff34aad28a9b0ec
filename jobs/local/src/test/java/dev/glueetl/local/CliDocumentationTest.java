package dev.glueetl.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.ProjectFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every {@code ./glue-etl} command and option the docs mention exists: docs/cli.md, README.md and every docs/*.md are
 * checked against the CLI's picocli model ({@link DocumentedCommandLines}). The bench's options are BenchCliTest's.
 */
class CliDocumentationTest {
  private static final CommandSpec CLI =
      new GlueEtlCli(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())).commandLine().getCommandSpec();

  @Test
  void everyDocumentedCommandAndOptionExists() throws IOException {
    List<DocumentedCommandLines.Mention> mentions = new ArrayList<>();
    for (Path page : documentation()) {
      mentions.addAll(DocumentedCommandLines.mentions(ProjectFiles.root().relativize(page).toString(), Files.readString(page)));
    }
    List<String> problems = mentions.stream().flatMap(mention -> DocumentedCommandLines.problems(CLI, mention).stream()).toList();

    assertThat(problems).isEmpty();
    // the reference page documents every command with its options
    List<String> cliPage = mentions.stream().filter(m -> m.where().startsWith("docs/cli.md:")).map(DocumentedCommandLines.Mention::commandLine).toList();
    for (String option : List.of("run <pipeline> [--lake DIR] [--input PATH]", "sql [--lake DIR] [--format", "--limit N", "deploy-template <pipeline> [--out FILE] [--strict]", "--workflow-run-id ID", "--job-bookmark-option", "--jdbc-url URL")) {
      assertThat(cliPage).as("docs/cli.md mentions " + option).anyMatch(line -> line.contains(option));
    }
  }

  @Test
  void aMentionOfAMissingOptionOrCommandIsAProblem() {
    String page =
        String.join(
            "\n",
            "Run `./glue-etl run app-events --lake /tmp/lake --lakes x` and `./glue-etl bookmark show|reset <pipeline> [--lake DIR]`:",
            "```bash",
            "./glue-etl sql --format csv \"select 1 -- --not-an-option\"   # a comment --ignored",
            "./glue-etl tabels --lake x",
            "./glue-etl generate app-events --events 10 \\",
            "  --out /tmp/x --sed 3",
            "./glue-etl job preprocess --JOB_NAME x --pipeline p.yaml",
            "./glue-etl report app-events --lake x",
            "```",
            "```",
            "$ ./glue-etl tables --lkae x",
            "error: [USAGE] tables: unknown option '--lkae'; did you mean '--lake'? (see './glue-etl tables --help')",
            "```",
            "| `./glue-etl <command> --help` | `./glue-etl sql --format table\\|csv` |");

    List<DocumentedCommandLines.Mention> mentions = DocumentedCommandLines.mentions("page.md", page);
    List<String> problems = mentions.stream().flatMap(mention -> DocumentedCommandLines.problems(CLI, mention).stream()).toList();

    assertThat(mentions).hasSize(9);
    assertThat(problems)
        .containsExactly(
            "page.md:1: './glue-etl run --lakes' is documented, but ./glue-etl run has no option --lakes",
            "page.md:4: './glue-etl tabels' is documented, but ./glue-etl has no command tabels",
            "page.md:5: './glue-etl generate app-events --sed' is documented, but ./glue-etl generate app-events has no option --sed");
  }

  private static List<Path> documentation() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(ProjectFiles.root().resolve("README.md")));
    Path docs = ProjectFiles.root().resolve("docs");
    assertThat(docs.resolve("cli.md")).exists();
    try (Stream<Path> files = Files.list(docs)) {
      files.filter(file -> file.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }
}
