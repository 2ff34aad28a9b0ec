package dev.glueetl.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/pipeline-reference.md's key tables are the declarations of the keys, rendered ({@link KeyTables}): a key added,
 * removed or renamed, a default or a description changed in one place and not the other fails here. Each table stands
 * between {@code <!-- keys:NAME -->} and {@code <!-- /keys:NAME -->}, a blank line on either side; the reference holds
 * every table, and a table copied into another page of docs/ (or README.md) must be the same. The failure prints the
 * expected table, and
 *
 * <pre>GLUE_ETL_WRITE_DOCS=1 mvn -B -ntp -o -pl common test -Dtest=KeyTablesDocumentedTest</pre>
 *
 * writes every table into the pages that hold it, for the diff to be reviewed.
 */
class KeyTablesDocumentedTest {
  static final String WRITE = "GLUE_ETL_WRITE_DOCS";
  private static final Pattern TABLE = Pattern.compile("<!-- keys:([\\w.-]+) -->\n\n(.*?)\n<!-- /keys:\\1 -->", Pattern.DOTALL);
  private static final String REFERENCE = "docs/pipeline-reference.md";

  @Test
  void theReferenceHoldsEveryKeyTableAsDeclared() throws IOException {
    Map<String, String> expected = KeyTables.render(PipelineConfig.KEYS, "pipeline");
    Path reference = ProjectFiles.root().resolve(REFERENCE);
    if (System.getenv(WRITE) != null) {
      for (Path page : pages()) {
        Files.writeString(page, withTables(Files.readString(page), expected));
      }
    }
    Map<String, String> found = tables(Files.readString(reference));

    assertThat(found.keySet()).as("tables marked in %s (<!-- keys:NAME -->)", REFERENCE).containsExactlyElementsOf(expected.keySet());
    expected.forEach(
        (name, table) ->
            assertThat(found.get(name))
                .as("%s's table '%s' differs from the key declarations. Expected:%n%s%n(%s=1 writes it)", REFERENCE, name, table, WRITE)
                .isEqualTo(table));
  }

  @Test
  void aKeyTableCopiedIntoAnotherPageIsTheSame() throws IOException {
    Map<String, String> expected = KeyTables.render(PipelineConfig.KEYS, "pipeline");
    for (Path page : pages()) {
      tables(Files.readString(page))
          .forEach(
              (name, table) -> {
                String where = ProjectFiles.root().relativize(page) + "'s table '" + name + "'";
                assertThat(expected).as(where + ": no such key table").containsKey(name);
                assertThat(table).as("%s differs from the key declarations (%s=1 writes it)", where, WRITE).isEqualTo(expected.get(name));
              });
    }
  }

  @Test
  void everyKeySaysWhatItMeans() {
    assertThat(KeyTables.undocumented(PipelineConfig.KEYS, "")).isEmpty();
  }

  @Test
  void aTableShowsNestedKeysByTheirFullNameWithTheirDefaultAsWritten() {
    ConfigSection entry =
        ConfigSection.of(
            ConfigKey.text("id", "an id").required().doc("the id"),
            ConfigKey.duration("gap").defaultsTo("30m").doc("a gap"),
            ConfigKey.refused("secret", "(a secret)", "no secret"));
    ConfigSection root =
        ConfigSection.of(
            ConfigKey.textList("sizes", "sizes").defaultsTo(List.of("S", "L")).doc("sizes, or `a|b`"),
            ConfigKey.section("inner", ConfigSection.of(ConfigKey.flag("on").defaultsTo(false).doc("whether on"))),
            ConfigKey.sectionList("items", entry, "a list").defaultsTo(List.of()).ownTable("items").doc("items: see below"),
            ConfigKey.namedSections("jobs", "<name>", entry, "jobs", "a job").docDefault("two jobs").doc("a job"),
            ConfigKey.namedValues("fields", "<field>").docRequired("see below").doc("a field"));

    assertThat(KeyTables.render(root, "top"))
        .containsExactly(
            Map.entry(
                "top",
                KeyTables.HEADER
                    + "| `sizes` | no | `[S, L]` | sizes, or `a\\|b` |\n"
                    + "| `inner.on` | no | `false` | whether on |\n"
                    + "| `items[]` | no | `[]` | items: see below |\n"
                    + "| `jobs.<name>` | no | two jobs | a job |\n"
                    + "| `jobs.<name>.id` | yes | | the id |\n"
                    + "| `jobs.<name>.gap` | no | `30m` | a gap |\n"
                    + "| `fields.<field>` | see below | | a field |\n"),
            Map.entry("items", KeyTables.HEADER + "| `items[].id` | yes | | the id |\n| `items[].gap` | no | `30m` | a gap |\n"));
    assertThat(KeyTables.undocumented(root, "")).isEmpty();
    assertThat(KeyTables.undocumented(ConfigSection.of(ConfigKey.text("quiet", "text")), "")).containsExactly("quiet");
  }

  @Test
  void aTableThatDiffersFromTheDeclarationsIsFoundAndRewritten() {
    String page = "intro\n<!-- keys:top -->\n\n| key | required | default | meaning |\n|---|---|---|---|\n| `gap` | no | `1h` | a gap |\n\n<!-- /keys:top -->\nmore\n";
    String rewritten = withTables(page, Map.of("top", KeyTables.HEADER + "| `gap` | no | `30m` | a gap |\n"));

    assertThat(tables(page).get("top")).contains("`1h`");
    assertThat(rewritten).isEqualTo(page.replace("`1h`", "`30m`"));
    assertThat(tables(rewritten)).containsOnlyKeys("top");
  }

  /** README.md and every page of docs/. */
  private static List<Path> pages() throws IOException {
    Path root = ProjectFiles.root();
    List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  /** Table name to what stands between its markers. */
  private static Map<String, String> tables(String page) {
    Map<String, String> tables = new LinkedHashMap<>();
    Matcher table = TABLE.matcher(page);
    while (table.find()) {
      tables.put(table.group(1), table.group(2));
    }
    return tables;
  }

  /** {@code page} with what stands between the markers of each table replaced. */
  private static String withTables(String page, Map<String, String> tables) {
    Matcher table = TABLE.matcher(page);
    StringBuilder result = new StringBuilder();
    while (table.find()) {
      String replacement = tables.getOrDefault(table.group(1), table.group(2));
      table.appendReplacement(result, Matcher.quoteReplacement("<!-- keys:" + table.group(1) + " -->\n\n" + replacement + "\n<!-- /keys:" + table.group(1) + " -->"));
    }
    table.appendTail(result);
    return result.toString();
  }
}
