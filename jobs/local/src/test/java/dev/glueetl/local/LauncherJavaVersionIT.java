package dev.glueetl.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.ProjectFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./glue-etl} launcher's Java check, with a {@code java} on the PATH that reports another version (and runs
 * this JDK): a warning naming Glue's Java on a newer one, a refusal below 17 (GlueEtlCliIT checks that 17 runs without a
 * warning). Only JDK 17 is installed where the tests run, so the other versions are impersonated. An IT: the launcher
 * needs the packaged classpath.
 */
class LauncherJavaVersionIT {
  @Test
  void aNewerJavaRunsWithAWarningNamingTheJavaGlueRuns(@TempDir Path dir) throws Exception {
    Launched launched = launch(javaReporting(dir, "openjdk version \"21.0.5\" 2024-10-15"), "--version");

    assertThat(launched.code).isZero();
    assertThat(launched.stderr)
        .startsWith(
            "glue-etl: warning: AWS Glue 5.1 runs Java 17; this java is openjdk version \"21.0.5\" 2024-10-15. The build still targets"
                + " Java 17 bytecode (release 17), so the job jars run on Glue as built; local runs use this JVM.\n");
    assertThat(launched.stdout).startsWith("glue-etl ");
  }

  @Test
  void anOlderJavaIsRefused(@TempDir Path dir) throws Exception {
    Launched launched = launch(javaReporting(dir, "openjdk version \"11.0.22\" 2024-01-16"), "--version");

    assertThat(launched.code).isEqualTo(2);
    assertThat(launched.stderr).isEqualTo("glue-etl: needs JDK 17 or newer (AWS Glue 5.1 runs Java 17); this java is openjdk version \"11.0.22\" 2024-01-16\n");
    assertThat(launched.stdout).isEmpty();
  }

  private record Launched(int code, String stdout, String stderr) {}

  /** A directory with a {@code java} that answers {@code -version} with {@code versionLine} and otherwise runs this JDK. */
  private static Path javaReporting(Path dir, String versionLine) throws IOException {
    Path java = dir.resolve("java");
    Files.writeString(
        java,
        String.join(
            "\n",
            "#!/bin/sh",
            "if [ \"$1\" = -version ]; then echo '" + versionLine + "' >&2; echo 'OpenJDK Runtime Environment' >&2; exit 0; fi",
            "exec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"",
            ""));
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  private static Launched launch(Path javaDir, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("bash", ProjectFiles.root().resolve("glue-etl").toString()));
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile("glue-etl", ".out");
    Path stderr = Files.createTempFile("glue-etl", ".err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(ProjectFiles.root().toFile()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    builder.environment().put("PATH", javaDir + ":" + builder.environment().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().put("GLUE_ETL_JAVA_OPTS", "-Xmx256m");
    Process process = builder.start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("./glue-etl " + String.join(" ", args) + " finished").isTrue();
    return new Launched(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
  }
}
