package dev.glueetl.local;

import dev.glueetl.error.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Resolves a pipeline operand: a YAML path, or the name of a built-in pipeline under {@code pipelines/}. */
final class Pipelines {
  private Pipelines() {}

  /** The repository root (set by ./glue-etl), where the built-in pipelines live. */
  static Path home() {
    return Path.of(System.getProperty("glueetl.home", ".")).toAbsolutePath().normalize();
  }

  static String resolve(String nameOrPath) {
    if (nameOrPath.contains("://")) {
      return nameOrPath;
    }
    Path asFile = Path.of(nameOrPath);
    if (Files.isRegularFile(asFile)) {
      return asFile.toString();
    }
    Path builtIn = home().resolve("pipelines").resolve(nameOrPath + ".yaml");
    if (Files.isRegularFile(builtIn)) {
      return builtIn.toString();
    }
    throw Errors.pipelineNotFound(nameOrPath, builtIns());
  }

  /** Whether {@code pipelineFile} (as {@link #resolve} returned it) is one of the built-in pipelines. */
  static boolean isBuiltIn(String pipelineFile) {
    Path file = Path.of(pipelineFile).toAbsolutePath().normalize();
    return file.getParent() != null && file.getParent().equals(home().resolve("pipelines"));
  }

  /** The built-in pipeline names, for the help of commands that take a {@code <pipeline>} ({@code ${COMPLETION-CANDIDATES}}). */
  static final class BuiltIns implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return builtIns().iterator();
    }
  }

  /** How a command's help describes its {@code <pipeline>} operand. */
  static final String OPERAND = "a pipeline YAML (path or s3:// URI) or a built-in pipeline: ${COMPLETION-CANDIDATES}";

  static List<String> builtIns() {
    Path dir = home().resolve("pipelines");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .map(n -> n.substring(0, n.length() - ".yaml".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
