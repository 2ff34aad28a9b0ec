package dev.glueetl.gluescripts;

import static dev.glueetl.gluescripts.GlueDeployment.list;
import static dev.glueetl.gluescripts.GlueDeployment.map;
import static dev.glueetl.gluescripts.GlueDeployment.resolve;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.CloudFormationStack;
import dev.glueetl.testing.Directories;
import dev.glueetl.testing.ProjectFiles;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment as Glue would run it, without AWS: the Scala entry scripts compiled by the Scala 2.12.18 compiler,
 * the artifacts laid out under their S3 keys in a local directory (one folder per bucket), and each job of the
 * committed app-events template (resolved for a stack named app-events with default parameters) started in its own JVM with the template's DefaultArguments plus the arguments Glue
 * adds, in the order the template's triggers give.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GlueScriptsIT {
  private static final String VERSION = "0.1.0-a1b2c3d-20261201T030000Z";
  /** The stack deploy.sh would create, named after the pipeline so the run records read as before. */
  private static final Map<String, String> PARAMETERS =
      Map.of(
          "ArtifactBucket", "artifacts", "ArtifactPrefix", "glue-etl", "ArtifactVersion", VERSION, "LandingBucket", "landing", "LandingPrefix", "app-events",
          "LakeBucket", "lake-bucket", "LakePrefix", "lake", "AWS::StackName", "app-events");

  @TempDir static Path work;
  private static Path scriptClasses;
  private static Path s3;
  private static Map<String, Object> template;

  @BeforeAll
  static void compileAndUpload() throws Exception {
    // one Scala compiler run for the entry scripts and the notebook session (each JVM costs seconds)
    List<Path> sources = new ArrayList<>(GlueDeployment.scripts());
    sources.add(Path.of(GlueScriptsIT.class.getResource("/NotebookSession.scala").toURI()));
    List<String> jars = new ArrayList<>(GlueDeployment.jobJars());
    jars.add(System.getProperty("glueetl.common.jar"));
    scriptClasses = GlueDeployment.compile(sources, jars, work.resolve("script-classes"));
    template = CloudFormationStack.resolve(GlueDeployment.read(Files.readString(GlueDeployment.committedTemplate("app-events"))), PARAMETERS);
    // what deploy.sh uploads, at the keys the template names
    s3 = work.resolve("s3");
    Path artifacts = s3.resolve("artifacts/glue-etl/" + VERSION);
    for (String jar : GlueDeployment.jobJars()) {
      copy(Path.of(jar), artifacts.resolve("jars").resolve(Path.of(jar).getFileName()));
    }
    Directories.copyTree(GlueDeployment.dir().resolve("scripts"), artifacts.resolve("scripts"));
    Directories.copyTree(ProjectFiles.root().resolve("pipelines"), artifacts.resolve("pipelines"));
    Directories.copyTree(ProjectFiles.testData("app-events"), s3.resolve("landing/app-events"));
  }

  @Test
  @Order(1)
  void everyJobsClassIsAScriptObjectWithAGlueMainAndItsJarHoldsTheJob() throws Exception {
    for (Map.Entry<String, Map<String, Object>> job : GlueDeployment.resources(template, "AWS::Glue::Job").entrySet()) {
      Map<String, Object> arguments = map(job.getValue().get("DefaultArguments"));
      String object = (String) arguments.get("--class");
      Path script = local(resolve(map(job.getValue().get("Command")).get("ScriptLocation"), PARAMETERS));
      Path jar = local(resolve(arguments.get("--extra-jars"), PARAMETERS));

      assertThat(script).as(job.getKey() + " ScriptLocation").exists();
      assertThat(Files.readString(script)).as(job.getKey()).contains("object " + object + " {");
      try (URLClassLoader loader = new URLClassLoader(new URL[] {scriptClasses.toUri().toURL(), jar.toUri().toURL()}, getClass().getClassLoader())) {
        Method main = Class.forName(object, false, loader).getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers())).as(object + ".main is static, as Glue calls it").isTrue();
      }
      String javaMain = Files.readString(script).replaceAll("(?s).*= ([\\w.]+)\\.main\\(sysArgs\\).*", "$1");
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        assertThat(zip.getEntry(javaMain.replace('.', '/') + ".class")).as(javaMain + " in " + jar.getFileName()).isNotNull();
      }
    }
  }

  @Test
  @Order(2)
  void theWorkflowRunsJobByJobInTriggerOrderAndAFailingGateEndsItsScriptNonZero() throws Exception {
    // The last job's gate is made to fail (each JVM costs seconds, so the workflow's own quality-curated run proves that
    // a failing gate ends the script run non-zero, which is what makes Glue mark the run FAILED).
    Path pipelineFile = s3.resolve("artifacts/glue-etl/" + VERSION + "/pipelines/app-events.yaml");
    String pipelineYaml = Files.readString(pipelineFile);
    Files.writeString(pipelineFile, pipelineYaml.replace("ruleset: quality/app-events/curated.dqdl", "rules: 'Rules = [ RowCount > 1000 ]'"));
    List<String> ran = new ArrayList<>();
    Map<String, String> states = new LinkedHashMap<>();
    Set<String> fired = new HashSet<>();
    List<String> queue = new ArrayList<>();
    Map<String, Map<String, Object>> triggers = GlueDeployment.resources(template, "AWS::Glue::Trigger");
    triggers.forEach((id, trigger) -> {
      if (!trigger.get("Type").equals("CONDITIONAL")) {
        fired.add(id);
        list(trigger.get("Actions")).forEach(action -> queue.add(ref(map(action).get("JobName"))));
      }
    });
    // First a preprocess run that dies between its commits (Runtime.halt: no finally block, no shutdown hook, as when
    // Glue kills a run at its timeout): it leaves the pipeline's lock and half its tables. The workflow's preprocess run
    // then takes the lock over, records the dead run RUN_KILLED and finishes the batch.
    Path killedLog = work.resolve("killed.log");
    int killed =
        runJob("JobPreprocess", List.of("-Dglueetl.crash.at=preprocess:events-written", "-Dglueetl.crash.halt=true"), Map.of("--JOB_RUN_ID", "jr_killed"), killedLog);
    assertThat(killed).as("a halted JVM's exit code; log:\n" + GlueDeployment.tail(killedLog)).isEqualTo(137);
    assertThat(s3.resolve("lake-bucket/lake/runs/app-events/_run.lock")).as("the lock a killed run leaves").exists();

    while (!queue.isEmpty()) {
      String jobId = queue.remove(0);
      int code = runJob(jobId, Map.of(), work.resolve(jobId + ".log"));
      ran.add(jobId);
      states.put(jobId, code == 0 ? "SUCCEEDED" : "FAILED");
      triggers.forEach((id, trigger) -> {
        if (trigger.get("Type").equals("CONDITIONAL") && !fired.contains(id)) {
          Map<String, Object> predicate = map(trigger.get("Predicate"));
          List<Boolean> holds = list(predicate.get("Conditions")).stream().map(c -> map(c).get("State").equals(states.get(ref(map(c).get("JobName"))))).toList();
          if (predicate.get("Logical").equals("ANY") ? holds.contains(true) : !holds.contains(false)) {
            fired.add(id);
            list(trigger.get("Actions")).forEach(action -> queue.add(ref(map(action).get("JobName"))));
          }
        }
      });
    }

    assertThat(ran).containsExactly("JobPreprocess", "JobQualityTrusted", "JobAggregate", "JobQualityCurated");
    for (String jobId : List.of("JobPreprocess", "JobQualityTrusted", "JobAggregate")) {
      assertThat(states.get(jobId)).as(jobId + "; log:\n" + GlueDeployment.tail(work.resolve(jobId + ".log"))).isEqualTo("SUCCEEDED");
    }
    assertThat(states.get("JobQualityCurated")).as(GlueDeployment.tail(work.resolve("JobQualityCurated.log"))).isEqualTo("FAILED");
    assertThat(Files.readString(work.resolve("JobQualityCurated.log"))).contains("[QUALITY_GATE_FAILED] quality gate failed for app_events_curated.daily_active_users");
    String report = Files.readString(s3.resolve("lake-bucket/lake/quality/app-events/reports/jr_JobQualityTrusted/report.json"));
    assertThat(report).contains("\"rule\":\"IsPrimaryKey \\\"event_id\\\"\",\"outcome\":\"Passed\"").contains("\"Column.event_id.Uniqueness\":1.0");
    assertThat(report.split("\"outcome\":\"Passed\"", -1).length - 1).as("passed rules of the trusted rulesets").isEqualTo(12);
    // the report site, regenerated on S3 by each quality run: the curated run's gate failure is its newest run
    String site = Files.readString(s3.resolve("lake-bucket/lake/_reports/app-events/quality/index.html"));
    assertThat(site.indexOf("<code>jr_JobQualityCurated</code>")).isPositive().isLessThan(site.indexOf("<code>jr_JobQualityTrusted</code>"));
    assertThat(s3.resolve("lake-bucket/lake/_reports/app-events/quality/uPlot.iife.min.js")).isNotEmptyFile();
    Files.writeString(pipelineFile, pipelineYaml);
    // the tables and the run history the workflow left are read by the notebook session (the next test), which is
    // how this JVM avoids starting a Spark of its own
  }

  @Test
  @Order(3)
  void theLibraryJarAloneServesANotebookOnTheLakeTheJobsWrote() throws Exception {
    Path commonJar = Path.of(System.getProperty("glueetl.common.jar"));
    dev.glueetl.testing.GlueJarAssert.assertGlueJobJar(
        commonJar, null, "dev/glueetl/api/GlueEtl.class", "dev/glueetl/shaded/org/yaml/snakeyaml/Yaml.class", "dev/glueetl/shaded/com/amazon/deequ/VerificationSuite.class");
    Path log = work.resolve("notebook.log");

    // the common jar alone (no job jar) beside what Glue provides
    int code = GlueDeployment.runGlueJob(List.of(scriptClasses.toString(), commonJar.toString()), "NotebookSession", List.of(s3.resolve("lake-bucket/lake").toString()), log);

    assertThat(code).as(GlueDeployment.tail(log)).isZero();
    assertThat(Files.readAllLines(log).stream().filter(l -> l.matches("(registered|trusted|dau|job run|sessions|rule) .*")))
        .containsExactly(
            "registered 15 tables",
            "trusted events 13",
            "trusted sessions 6",
            "dau 2024-03-01 3",
            "dau 2024-03-02 2",
            // the killed run (recorded by the run that took its lock over), then the workflow in trigger order
            "job run preprocess - FAILED - jr_killed RUN_KILLED",
            "job run preprocess app-events-preprocess SUCCEEDED wr_it jr_JobPreprocess -",
            "job run quality app-events-quality-trusted SUCCEEDED wr_it jr_JobQualityTrusted -",
            "job run aggregate app-events-aggregate SUCCEEDED wr_it jr_JobAggregate -",
            "job run quality app-events-quality-curated FAILED wr_it jr_JobQualityCurated QUALITY_GATE_FAILED",
            "sessions 6",
            "rule RowCount = 6 -> Passed",
            "rule IsUnique \"session_id\" -> Passed",
            "rule ColumnValues \"duration_s\" >= 0 -> Passed");
  }

  /** Runs a job of the template as Glue does: its script object, its --extra-jars, its DefaultArguments and Glue's own. */
  private static int runJob(String jobId, Map<String, String> overrides, Path log) throws IOException, InterruptedException {
    return runJob(jobId, List.of(), overrides, log);
  }

  private static int runJob(String jobId, List<String> jvmOptions, Map<String, String> overrides, Path log) throws IOException, InterruptedException {
    Map<String, Object> job = GlueDeployment.resources(template, "AWS::Glue::Job").get(jobId);
    Map<String, String> arguments = new LinkedHashMap<>();
    map(job.get("DefaultArguments")).forEach((key, value) -> arguments.put(key, glueValue(resolve(value, PARAMETERS))));
    arguments.put("--JOB_ID", "j_" + jobId);
    arguments.put("--JOB_RUN_ID", "jr_" + jobId);
    arguments.put("--JOB_NAME", (String) job.get("Name"));
    arguments.put("--WORKFLOW_NAME", "app-events");
    arguments.put("--WORKFLOW_RUN_ID", "wr_it");
    arguments.put("--TempDir", "s3://aws-glue-assets-123456789012-eu-west-1/temporary/");
    // no AWS here: the metrics code is tested against a fake CloudWatch endpoint of its own
    arguments.put("--cloudwatch-metrics", "false");
    arguments.putAll(overrides);
    List<String> args = new ArrayList<>();
    arguments.forEach((key, value) -> args.addAll(List.of(key, value)));
    return GlueDeployment.runGlueJob(jvmOptions, List.of(scriptClasses.toString(), arguments.get("--extra-jars")), arguments.get("--class"), args, log);
  }

  /** Our artifacts and data are local: s3://bucket/key is the file s3/bucket/key. */
  private static String glueValue(String value) {
    return value.startsWith("s3://") && !value.contains("aws-glue-assets") ? local(value).toString() : value;
  }

  private static Path local(String s3Uri) {
    return s3.resolve(s3Uri.substring("s3://".length()));
  }

  private static String ref(Object value) {
    return (String) map(value).get("Ref");
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
  }
}
