package dev.glueetl.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/** What every Glue job jar must hold, and must not. */
public final class GlueJarAssert {
  /** Packages Glue provides: bundling them breaks jobs on Glue (NoSuchMethodError and friends). */
  public static final List<String> PROVIDED = List.of("org/apache/spark/", "scala/", "org/apache/hadoop/", "io/delta/", "org/slf4j/", "org/apache/logging/");
  /** Libraries we bundle, which must be relocated under dev/glueetl/shaded/ so they cannot clash with Glue's. */
  public static final List<String> RELOCATED =
      List.of("org/yaml/", "com/google/common/", "com/fasterxml/jackson/", "org/antlr/", "software/amazon/awssdk/", "org/reactivestreams/", "org/postgresql/");

  /**
   * Deequ's own classes that live in Spark's packages (they need package access to Spark's aggregates): bundled as
   * they are, since relocating them would break them.
   */
  static final List<String> DEEQU_IN_SPARK_PACKAGES =
      List.of(
          "org/apache/spark/sql/Stateful", "org/apache/spark/sql/DeequFunctions", "org/apache/spark/sql/catalyst/expressions/aggregate/Stateful",
          "org/apache/spark/sql/catalyst/expressions/aggregate/DeequHyperLogLogPlusPlusUtils", "org/apache/spark/sql/catalyst/expressions/aggregate/HLLConstants");

  private GlueJarAssert() {}

  private static boolean deequInSparkPackage(String entry) {
    return entry.endsWith("/") || DEEQU_IN_SPARK_PACKAGES.stream().anyMatch(entry::startsWith);
  }

  /** Asserts the jar's main class, that it holds {@code entries}, nothing Glue provides and nothing unrelocated. */
  public static List<String> assertGlueJobJar(Path jar, String mainClass, String... entries) throws Exception {
    List<String> names = new ArrayList<>();
    String manifestMain;
    try (JarFile file = new JarFile(jar.toFile())) {
      Collections.list(file.entries()).stream().map(ZipEntry::getName).forEach(names::add);
      manifestMain = file.getManifest() == null ? null : file.getManifest().getMainAttributes().getValue("Main-Class");
    }
    assertThat(manifestMain).isEqualTo(mainClass);
    assertThat(names).contains(entries);
    for (String provided : PROVIDED) {
      assertThat(names).as("classes Glue provides: " + provided).noneMatch(e -> e.startsWith(provided) && !deequInSparkPackage(e));
    }
    for (String clashing : RELOCATED) {
      assertThat(names).as("unrelocated " + clashing).noneMatch(e -> e.startsWith(clashing));
    }
    assertThat(names).noneMatch(e -> e.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"));
    assertThat(Files.size(jar)).as("jar size in bytes").isLessThan(20L * 1024 * 1024);
    return names;
  }
}
