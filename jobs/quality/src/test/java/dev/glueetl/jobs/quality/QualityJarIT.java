package dev.glueetl.jobs.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.GlueJarAssert;
import dev.glueetl.testing.ProjectFiles;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality job jar as built by {@code mvn package}: Deequ and the DQDL parser relocated inside it (ANTLR and
 * Jackson are Spark's), run on the Glue-provided classpath alone after the preprocess jar has filled a lake.
 */
class QualityJarIT {
  private static final Path JAR = Path.of(System.getProperty("glueetl.job.jar"));
  private static final Path PREPROCESS_JAR = ProjectFiles.root().resolve("jobs/preprocess/target/glue-etl-preprocess.jar");

  @Test
  void holdsTheJobDeequAndTheDqdlParserRelocated() throws Exception {
    GlueJarAssert.assertGlueJobJar(
        JAR,
        "dev.glueetl.jobs.quality.QualityJob",
        "dev/glueetl/jobs/quality/QualityJob.class",
        "dev/glueetl/quality/RuleEvaluator.class",
        "dev/glueetl/shaded/com/amazon/deequ/VerificationSuite.class",
        "dev/glueetl/shaded/software/amazon/glue/dqdl/parser/DQDLParser.class",
        "rules/rules-config.json");
  }

  @Test
  void evaluatesTheBuiltInRulesetsOnTheGlueProvidedClasspathAlone(@TempDir Path work) throws Exception {
    String lake = work.resolve("lake").toString();
    String pipeline = ProjectFiles.pipeline("app-events").toString();
    Path preprocessLog = work.resolve("preprocess.log");
    assertThat(run(PREPROCESS_JAR, "dev.glueetl.jobs.preprocess.PreprocessJob", preprocessLog, "--pipeline", pipeline, "--lake", lake, "--input", ProjectFiles.testData("app-events").toString()))
        .as(tail(preprocessLog)).isZero();

    Path qualityLog = work.resolve("quality.log");
    int code = run(JAR, "dev.glueetl.jobs.quality.QualityJob", qualityLog, "--JOB_NAME", "q", "--pipeline", pipeline, "--lake", lake, "--zone", "trusted", "--run-id", "jr_jar");

    assertThat(code).as(tail(qualityLog)).isZero();
    String report = Files.readString(work.resolve("lake/quality/app-events/reports/jr_jar/report.json"));
    assertThat(report).contains("\"rule\":\"IsPrimaryKey \\\"event_id\\\"\",\"outcome\":\"Passed\"").contains("\"Column.event_id.Uniqueness\":1.0");
    assertThat(report.split("\"outcome\":\"Passed\"", -1).length - 1).as(report).isEqualTo(12);
  }

  private static int run(Path jar, String mainClass, Path log, String... args) throws Exception {
    String provided = Files.readString(Path.of(System.getProperty("glueetl.provided.classpath"))).trim();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.addAll(Arrays.asList(System.getProperty("glueetl.java.opens").trim().split("\\s+")));
    command.addAll(List.of("-cp", jar + File.pathSeparator + provided, mainClass));
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(mainClass + " finished within 5 minutes").isTrue();
    return process.exitValue();
  }

  private static String tail(Path log) throws java.io.IOException {
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
