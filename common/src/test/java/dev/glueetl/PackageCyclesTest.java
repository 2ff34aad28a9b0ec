package dev.glueetl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code dev.glueetl} packages of the main sources (every module of the root pom) depend on each other one way
 * only. A dependency is an import or a fully qualified name in code; comments and string literals do not count. The
 * direction chosen: {@code config} (with {@code error}, {@code lake}, {@code sql} and {@code quality.rules}, the DQDL
 * rule types and their parser, below it) is read by the feature packages ({@code events}, {@code orders}, {@code
 * quality}, {@code workflow}, {@code job}, ...) and imports none of them.
 */
class PackageCyclesTest {
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  /** A name in code starting with dev.glueetl: its package is the part before the first capitalised segment. */
  private static final Pattern REFERENCE = Pattern.compile("(?<![\\w.])dev\\.glueetl((?:\\.[a-z_][\\w]*)*)");

  @Test
  void mainSourcesHaveNoPackageCycle() throws IOException {
    Map<String, Map<String, Set<String>>> graph = dependencies(mainSourceRoots());

    assertThat(graph).as("the reader finds the packages").containsKeys("dev.glueetl.config", "dev.glueetl.workflow", "dev.glueetl.local");
    assertThat(graph.get("dev.glueetl.workflow")).as("the reader finds imports").containsKey("dev.glueetl.config");
    List<String> cycles = cycles(graph).stream().map(cycle -> describe(cycle, graph)).toList();
    assertThat(cycles).as("package cycles (package -> package it uses [files that use it])").isEmpty();
  }

  @Test
  void aCycleIsFoundAndNamedWithItsFiles(@TempDir Path dir) throws IOException {
    write(dir, "dev/glueetl/a/A.java", "package dev.glueetl.a;\nimport dev.glueetl.b.B;\nclass A { B b; }\n");
    write(dir, "dev/glueetl/b/B.java", "package dev.glueetl.b;\nclass B { Object c = dev.glueetl.c.C.VALUE; }\n");
    write(dir, "dev/glueetl/c/C.java", "package dev.glueetl.c;\nimport static dev.glueetl.a.A.run;\nclass C { static Object VALUE; }\n");
    // neither a comment, a string nor a text block is a dependency
    write(dir, "dev/glueetl/d/D.java",
        "package dev.glueetl.d;\n// dev.glueetl.a.A\n/* import dev.glueetl.a.A; */\nclass D { String s = \"dev.glueetl.a.A\"; char q = '\"';"
            + " String t = \"\"\"\n  dev.glueetl.b.B\n  \"\"\"; Object e = dev.glueetl.e.E.class; }\n");
    write(dir, "dev/glueetl/e/E.java", "package dev.glueetl.e;\nimport dev.glueetl.d.*;\nclass E {}\n");

    Map<String, Map<String, Set<String>>> graph = dependencies(List.of(dir));

    assertThat(graph.get("dev.glueetl.d")).containsOnlyKeys("dev.glueetl.e");
    assertThat(cycles(graph).stream().map(cycle -> describe(cycle, graph)))
        .containsExactlyInAnyOrder(
            "dev.glueetl.a -> dev.glueetl.b [A.java] -> dev.glueetl.c [B.java] -> dev.glueetl.a [C.java]",
            "dev.glueetl.d -> dev.glueetl.e [D.java] -> dev.glueetl.d [E.java]");
  }

  private static List<Path> mainSourceRoots() throws IOException {
    Path root = ProjectFiles.root();
    Matcher modules = MODULE.matcher(Files.readString(root.resolve("pom.xml")));
    List<Path> roots = new ArrayList<>();
    while (modules.find()) {
      Path sources = root.resolve(modules.group(1)).resolve("src/main/java");
      if (Files.isDirectory(sources)) {
        roots.add(sources);
      }
    }
    return roots;
  }

  /** Package to the packages it uses, each with the files (names only) that use it. */
  static Map<String, Map<String, Set<String>>> dependencies(List<Path> sourceRoots) throws IOException {
    Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
    for (Path sourceRoot : sourceRoots) {
      try (Stream<Path> files = Files.walk(sourceRoot)) {
        files.filter(f -> f.toString().endsWith(".java")).forEach(file -> addFile(graph, file));
      }
    }
    return graph;
  }

  private static void addFile(Map<String, Map<String, Set<String>>> graph, Path file) {
    String code;
    try {
      code = codeOnly(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher packageLine = PACKAGE.matcher(code);
    if (!packageLine.find() || !packageLine.group(1).startsWith("dev.glueetl")) {
      return;
    }
    String from = packageLine.group(1);
    Map<String, Set<String>> uses = graph.computeIfAbsent(from, k -> new TreeMap<>());
    Matcher reference = REFERENCE.matcher(code.substring(packageLine.end()));
    while (reference.find()) {
      String to = "dev.glueetl" + reference.group(1);
      if (!to.equals(from) && !to.equals("dev.glueetl")) {
        uses.computeIfAbsent(to, k -> new TreeSet<>()).add(file.getFileName().toString());
      }
    }
  }

  /** {@code source} with comments, string and character literals and text blocks blanked out. */
  static String codeOnly(String source) {
    StringBuilder code = new StringBuilder(source.length());
    int i = 0;
    while (i < source.length()) {
      String end = null;
      if (source.startsWith("//", i)) {
        end = "\n";
      } else if (source.startsWith("/*", i)) {
        end = "*/";
      } else if (source.startsWith("\"\"\"", i)) {
        end = "\"\"\"";
      } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
        end = String.valueOf(source.charAt(i));
      }
      if (end == null) {
        code.append(source.charAt(i++));
        continue;
      }
      int close = i + (end.equals("\"\"\"") ? 3 : end.equals("*/") ? 2 : 1);
      while (close < source.length() && !source.startsWith(end, close)) {
        close += source.charAt(close) == '\\' && end.length() == 1 && !end.equals("\n") ? 2 : 1;
      }
      close = Math.min(source.length(), close + end.length());
      for (; i < close; i++) {
        code.append(source.charAt(i) == '\n' ? '\n' : ' '); // lines stay where they were
      }
    }
    return code.toString();
  }

  /** One cycle (its packages, in order) per group of packages that reach each other, first packages first. */
  static List<List<String>> cycles(Map<String, Map<String, Set<String>>> graph) {
    List<List<String>> cycles = new ArrayList<>();
    Set<String> covered = new TreeSet<>();
    for (String start : graph.keySet()) {
      if (covered.contains(start)) {
        continue;
      }
      List<String> cycle = pathBack(graph, start);
      if (!cycle.isEmpty()) {
        cycles.add(cycle);
        // the packages on a cycle with start: one cycle names the knot, the next search starts outside it
        reachable(graph, start).stream().filter(p -> reachable(graph, p).contains(start)).forEach(covered::add);
      }
    }
    return cycles;
  }

  /** The shortest path from {@code start} back to itself, without the final {@code start}; empty when there is none. */
  private static List<String> pathBack(Map<String, Map<String, Set<String>>> graph, String start) {
    Map<String, String> previous = new LinkedHashMap<>();
    List<String> frontier = List.of(start);
    while (!frontier.isEmpty()) {
      List<String> next = new ArrayList<>();
      for (String node : frontier) {
        for (String to : graph.getOrDefault(node, Map.of()).keySet()) {
          if (to.equals(start)) {
            List<String> path = new ArrayList<>(List.of(node));
            while (!path.get(0).equals(start)) {
              path.add(0, previous.get(path.get(0)));
            }
            return path;
          }
          if (previous.putIfAbsent(to, node) == null) {
            next.add(to);
          }
        }
      }
      frontier = next;
    }
    return List.of();
  }

  private static Set<String> reachable(Map<String, Map<String, Set<String>>> graph, String start) {
    Set<String> seen = new TreeSet<>(List.of(start));
    List<String> todo = new ArrayList<>(List.of(start));
    while (!todo.isEmpty()) {
      for (String to : graph.getOrDefault(todo.remove(0), Map.of()).keySet()) {
        if (seen.add(to)) {
          todo.add(to);
        }
      }
    }
    return seen;
  }

  private static String describe(List<String> cycle, Map<String, Map<String, Set<String>>> graph) {
    StringBuilder text = new StringBuilder(cycle.get(0));
    for (int i = 0; i < cycle.size(); i++) {
      String from = cycle.get(i);
      String to = cycle.get((i + 1) % cycle.size());
      text.append(" -> ").append(to).append(" ").append(graph.get(from).get(to));
    }
    return text.toString();
  }

  private static void write(Path dir, String file, String text) throws IOException {
    Files.createDirectories(dir.resolve(file).getParent());
    Files.writeString(dir.resolve(file), text);
  }
}
