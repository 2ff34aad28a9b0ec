package dev.glueetl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Copies of directory trees. A lake built once per test class and copied into each test's own directory is the same
 * lake as one built again: a Delta log names its data files relative to the table, and run state names tables by
 * catalog name and Delta table id, never by path.
 */
public final class Directories {
  private Directories() {}

  /** Copies every file under {@code from} to the same relative path under {@code to}; returns {@code to}. */
  public static Path copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
    }
  }
}
