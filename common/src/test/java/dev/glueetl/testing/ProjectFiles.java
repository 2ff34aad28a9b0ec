package dev.glueetl.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of this repository (bundled pipelines and test data), found from any module's working directory. */
public final class ProjectFiles {
  private ProjectFiles() {}

  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("pipelines")) && Files.isDirectory(dir.resolve("test-data"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("not inside the glue-etl repository: " + Path.of("").toAbsolutePath());
  }

  public static Path pipeline(String name) {
    return root().resolve("pipelines").resolve(name + ".yaml");
  }

  /**
   * A copy of a built-in pipeline file in {@code dir}, edited by {@code edit}, with the files it names (metric SQL,
   * rulesets) still found: their relative paths become absolute.
   */
  public static Path pipelineCopy(String name, Path dir, java.util.function.UnaryOperator<String> edit) throws java.io.IOException {
    String pipelines = root().resolve("pipelines").toString();
    String yaml = Files.readString(pipeline(name)).replace("sql: metrics/", "sql: " + pipelines + "/metrics/").replace("ruleset: quality/", "ruleset: " + pipelines + "/quality/");
    Path copy = dir.resolve(name + ".yaml");
    Files.writeString(copy, edit.apply(yaml));
    return copy;
  }

  public static Path testData(String name) {
    return root().resolve("test-data").resolve(name);
  }
}
