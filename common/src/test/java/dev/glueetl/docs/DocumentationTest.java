package dev.glueetl.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md stays a short front page, and the pages of docs/ hold together: every relative link in README.md and
 * docs/*.md reaches a file that exists and, with {@code #anchor}, a heading of that file; code fences close; table rows
 * have their header's number of cells ({@link MarkdownPages}).
 */
class DocumentationTest {
  /** README.md must stay under this many bytes: what it is, a diagram, two commands, a tour, and links. */
  static final int README_LIMIT_BYTES = 15_000;

  /**
   * Pages other parts of the project write, linked before they exist: a link to one of them is accepted while it is
   * absent, and checked (anchors included) once it is there.
   */
  static final Set<String> WRITTEN_ELSEWHERE = Set.of("docs/cli.md", "docs/deploy.md", "docs/quality-report.md", "docs/spark-submit.md");

  @Test
  void theReadmeIsUnderFifteenKilobytes() throws IOException {
    long size = Files.size(ProjectFiles.root().resolve("README.md"));

    assertThat(size).as("README.md's size in bytes: move detail into docs/").isLessThan(README_LIMIT_BYTES);
  }

  @Test
  void everyRelativeLinkOfTheReadmeAndTheDocsReachesAFileAndAHeadingThatExist() throws IOException {
    Path root = ProjectFiles.root();

    List<String> pages = pages(root);

    assertThat(pages).contains("README.md", "docs/pipeline-reference.md", "docs/architecture.md", "docs/contributing.md");
    assertThat(MarkdownPages.problems(root, pages, WRITTEN_ELSEWHERE)).isEmpty();
  }

  @Test
  void theReadmeLinksToEveryPageOfTheDocs() throws IOException {
    Path root = ProjectFiles.root();
    List<String> linked =
        MarkdownPages.links(Files.readString(root.resolve("README.md"))).stream().map(link -> link.replaceFirst("#.*", "")).toList();

    List<String> docs = new ArrayList<>(pages(root).stream().filter(page -> page.startsWith("docs/")).toList());
    docs.addAll(WRITTEN_ELSEWHERE);

    assertThat(linked).containsAll(docs);
  }

  @Test
  void aMissingFileAMissingAnchorAnOpenFenceAndRowsOfTheWrongWidthAreEachFound(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(
        root.resolve("README.md"),
        """
        # Top

        See [a](docs/a.md), [its part](docs/a.md#the-part-b-c), [gone](docs/gone.md), [later](docs/later.md#any),
        [nowhere](docs/a.md#nowhere), [here](#top), [the web](https://example.com/x.md) and `[code](docs/code.md)`.

        | a | b |
        |---|---|
        | `x\\|y` | 2 |
        | 1 | 2 | 3 |
        """);
    Files.writeString(
        root.resolve("docs/a.md"),
        """
        # A

        ## The part: `b` (c)

        Back to [the top](../README.md#top) and [a twin](#twin-1).

        - a list item:

          | x | y |
          |---|---|
          | 1 |

        ## Twin

        ## Twin

        ```bash
        [not a link](missing.md)
        """);

    List<String> problems = MarkdownPages.problems(root, List.of("README.md", "docs/a.md"), Set.of("docs/later.md"));

    assertThat(problems)
        .containsExactly(
            "README.md: table line 9: 3 cells, the header has 2",
            "README.md: link (docs/gone.md) to a file that does not exist: docs/gone.md",
            "README.md: link (docs/a.md#nowhere) to an anchor that docs/a.md does not have: #nowhere",
            "docs/a.md: a code fence is not closed",
            "docs/a.md: table line 11: 1 cells, the header has 2");
  }

  @Test
  void anchorsAreGitHubsSlugsOfTheHeadings() {
    String page =
        """
        # Records: any tabular source (`source.type: records`)
        ## The café pipeline
        ## Keys of `metrics[]`
        ## Export to PostgreSQL or Redshift
        ## Export to PostgreSQL or Redshift
        <a id="own-anchor"></a>
        ```
        # not a heading
        ```
        """;

    assertThat(MarkdownPages.anchors(page))
        .containsExactly(
            "records-any-tabular-source-sourcetype-records",
            "the-café-pipeline",
            "keys-of-metrics",
            "export-to-postgresql-or-redshift",
            "export-to-postgresql-or-redshift-1",
            "own-anchor");
  }

  /** README.md and every page of docs/, relative to the root, README.md first. */
  private static List<String> pages(Path root) throws IOException {
    List<String> pages = new ArrayList<>(List.of("README.md"));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.map(path -> "docs/" + path.getFileName()).filter(name -> name.endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }
}
