package dev.glueetl.gluescripts;

import static dev.glueetl.gluescripts.GlueDeployment.list;
import static dev.glueetl.gluescripts.GlueDeployment.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.api.GlueEtl;
import dev.glueetl.quality.Rulesets;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The example notebook stays in step with the library: it is a valid Jupyter notebook, every {@code GlueEtl.x(...)}
 * it calls is a public static entry point taking that many arguments, and its DQDL ruleset parses with only supported
 * rules. (Running it needs a Glue interactive session or PySpark; GlueScriptsIT runs the same calls from Scala.)
 */
class NotebookTest {
  private static final Path NOTEBOOK = GlueDeployment.dir().resolve("notebooks/sessionize-and-check.ipynb");

  private static List<String> codeCells() throws Exception {
    Map<String, Object> notebook = GlueDeployment.read(Files.readString(NOTEBOOK)); // JSON is YAML
    assertThat(notebook.get("nbformat")).isEqualTo(4);
    List<String> cells = new ArrayList<>();
    for (Object cell : list(notebook.get("cells"))) {
      if (map(cell).get("cell_type").equals("code")) {
        cells.add(String.join("", list(map(cell).get("source")).stream().map(String::valueOf).toList()));
      }
    }
    return cells;
  }

  @Test
  void everyLibraryCallIsAPublicEntryPointWithThatManyArguments() throws Exception {
    Pattern call = Pattern.compile("GlueEtl\\.(\\w+)\\(([^()]*(?:\\([^()]*\\)[^()]*)*)\\)");
    List<String> called = new ArrayList<>();
    for (String cell : codeCells()) {
      Matcher m = call.matcher(cell);
      int from = 0;
      while (m.find(from)) {
        from = m.start() + 1; // calls nested in the arguments are checked too
        String name = m.group(1);
        int arguments = m.group(2).isBlank() ? 0 : topLevelCommas(m.group(2)) + 1;
        List<Method> candidates =
            Arrays.stream(GlueEtl.class.getMethods()).filter(method -> method.getName().equals(name) && Modifier.isStatic(method.getModifiers())).toList();
        assertThat(candidates).as("GlueEtl." + name).isNotEmpty();
        assertThat(candidates).as("GlueEtl." + name + " with " + arguments + " arguments").anyMatch(method -> method.getParameterCount() == arguments);
        called.add(name);
      }
    }
    assertThat(called).contains("registerLake", "sessionize", "sessions", "evaluate", "table");
  }

  @Test
  void theNotebooksRulesetParsesWithSupportedRulesOnly() throws Exception {
    String cell = codeCells().stream().filter(c -> c.contains("ruleset = \"\"\"")).findFirst().orElseThrow();
    String ruleset = cell.substring(cell.indexOf("\"\"\"") + 3, cell.indexOf("\"\"\"", cell.indexOf("\"\"\"") + 3));
    assertThat(Rulesets.parse(ruleset, "notebook").getRules()).hasSize(4);
  }

  @Test
  void theSessionLoadsTheLibraryJarAndDelta() throws Exception {
    String setup = String.join("\n", codeCells().subList(0, 2));
    assertThat(setup).contains("%glue_version 5.1").contains("%extra_jars s3://").contains("glue-etl-common.jar").contains("\"--datalake-formats\": \"delta\"");
  }

  private static int topLevelCommas(String arguments) {
    int depth = 0;
    int commas = 0;
    for (char c : arguments.toCharArray()) {
      if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        commas++;
      }
    }
    return commas;
  }
}
