package dev.glueetl.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README.md's key tables are the declarations of the keys, rendered ({@link KeyTables}): a key added, removed or
 * renamed, a default or a description changed in one place and not the other fails here. Each table stands between
 * {@code <!-- keys:NAME -->} and {@code <!-- /keys:NAME -->}, a blank line on either side; the failure prints the
 * expected table, and
 *
 * <pre>GLUE_ETL_WRITE_README=1 mvn -B -ntp -o -pl common test -Dtest=ReadmeKeyTablesTest</pre>
 *
 * writes every table into README.md, for the diff to be reviewed.
 */
class ReadmeKeyTablesTest {
  static final String WRITE = "GLUE_ETL_WRITE_README";
  private static final Pattern TABLE = Pattern.compile("<!-- keys:([\\w.-]+) -->\n\n(.*?)\n<!-- /keys:\\1 -->", Pattern.DOTALL);

  @Test
  void theKeyTablesOfTheReadmeAreTheDeclarations() throws IOException {
    Path readme = ProjectFiles.root().resolve("README.md");
    Map<String, String> expected = KeyTables.render(PipelineConfig.KEYS, "pipeline");
    if (System.getenv(WRITE) != null) {
      Files.writeString(readme, withTables(Files.readString(readme), expected));
    }
    Map<String, String> found = tables(Files.readString(readme));

    assertThat(found.keySet()).as("tables marked in README.md (<!-- keys:NAME -->)").containsExactlyElementsOf(expected.keySet());
    expected.forEach(
        (name, table) ->
            assertThat(found.get(name))
                .as("README.md's table '%s' differs from the key declarations. Expected:%n%s%n(%s=1 writes it)", name, table, WRITE)
                .isEqualTo(table));
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
    String readme = "intro\n<!-- keys:top -->\n\n| key | required | default | meaning |\n|---|---|---|---|\n| `gap` | no | `1h` | a gap |\n\n<!-- /keys:top -->\nmore\n";
    String rewritten = withTables(readme, Map.of("top", KeyTables.HEADER + "| `gap` | no | `30m` | a gap |\n"));

    assertThat(tables(readme).get("top")).contains("`1h`");
    assertThat(rewritten).isEqualTo(readme.replace("`1h`", "`30m`"));
    assertThat(tables(rewritten)).containsOnlyKeys("top");
  }

  /** Table name to what stands between its markers. */
  private static Map<String, String> tables(String readme) {
    Map<String, String> tables = new LinkedHashMap<>();
    Matcher table = TABLE.matcher(readme);
    while (table.find()) {
      tables.put(table.group(1), table.group(2));
    }
    return tables;
  }

  /** {@code readme} with what stands between the markers of each table replaced. */
  private static String withTables(String readme, Map<String, String> tables) {
    Matcher table = TABLE.matcher(readme);
    StringBuilder result = new StringBuilder();
    while (table.find()) {
      String replacement = tables.getOrDefault(table.group(1), table.group(2));
      table.appendReplacement(result, Matcher.quoteReplacement("<!-- keys:" + table.group(1) + " -->\n\n" + replacement + "\n<!-- /keys:" + table.group(1) + " -->"));
    }
    table.appendTail(result);
    return result.toString();
  }
}
