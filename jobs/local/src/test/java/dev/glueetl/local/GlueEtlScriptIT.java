package dev.glueetl.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.ProjectFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newcomer's path: the ./glue-etl script at the repository root, run as a user runs it, after the build. */
class GlueEtlScriptIT {
  @TempDir Path work;

  @Test
  void runThenTablesThenSqlThroughTheScript() throws Exception {
    String lake = work.resolve("lake").toString();

    Result run = glueEtl("run", "app-events", "--lake", lake);
    assertThat(run.code).as(run.output).isZero();
    assertThat(run.stdout).containsPattern("trusted\\s+13").containsPattern("sessions\\s+6");

    Result tables = glueEtl("tables", "--lake", lake);
    assertThat(tables.code).as(tables.output).isZero();
    assertThat(tables.stdout).containsPattern("app_events_trusted\\.sessions\\s+6\\s");

    Result sql = glueEtl("sql", "--lake", lake, "--format", "csv", "select count(*) as sessions from app_events_trusted.sessions");
    assertThat(sql.code).as(sql.output).isZero();
    assertThat(sql.stdout).isEqualTo("sessions\n6\n");

    Result error = glueEtl("run", "no-such-pipeline");
    assertThat(error.code).isEqualTo(2);
    assertThat(error.stderr.strip()).startsWith("error: [PIPELINE_NOT_FOUND]").doesNotContain("\tat ");
  }

  private record Result(int code, String stdout, String stderr, String output) {}

  private Result glueEtl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", ProjectFiles.root().resolve("glue-etl").toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(ProjectFiles.root().toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("GLUE_ETL_JAVA_OPTS", "-Xmx1g");
    Process process = builder.start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("./glue-etl " + String.join(" ", args) + " finished").isTrue();
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    return new Result(process.exitValue(), stdout, stderr, "stdout:\n" + stdout + "\nstderr:\n" + stderr);
  }
}
