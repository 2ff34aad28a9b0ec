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

  public static Path testData(String name) {
    return root().resolve("test-data").resolve(name);
  }
}
