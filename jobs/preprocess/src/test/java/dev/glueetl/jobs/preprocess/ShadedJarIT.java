package dev.glueetl.jobs.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.ChildJvm;
import dev.glueetl.testing.FakeSecretsManager;
import dev.glueetl.testing.GlueJarAssert;
import dev.glueetl.testing.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Glue job jar as built by {@code mvn package}: what is inside it, and that it reads its Secrets Manager secret on
 * nothing but what Glue provides (Spark, Delta, Hadoop, Scala). The whole workflow runs from the jars on that classpath
 * in glue-scripts' GlueScriptsIT, after a preprocess run killed between its commits.
 */
class ShadedJarIT {
  private static final Path JAR = Path.of(System.getProperty("glueetl.job.jar"));

  @Test
  void holdsTheJobCommonAndRelocatedLibrariesButNoRuntimeGlueProvides() throws Exception {
    GlueJarAssert.assertGlueJobJar(
        JAR,
        "dev.glueetl.jobs.preprocess.PreprocessJob",
        "dev/glueetl/jobs/preprocess/PreprocessJob.class",
        "dev/glueetl/events/Sessionize.class",
        "dev/glueetl/config/PipelineConfig.class",
        "dev/glueetl/shaded/org/yaml/snakeyaml/Yaml.class",
        "dev/glueetl/shaded/software/amazon/awssdk/services/secretsmanager/SecretsManagerClient.class");
  }

  @Test
  void readsTheCustomerKeyFromSecretsManagerThroughTheRelocatedSdk(@TempDir Path lake) throws Exception {
    Path pipeline = ProjectFiles.pipelineCopy("cafe-orders", lake, yaml -> yaml.replace("secret_env: CAFE_CUSTOMER_KEY", "secret_id: cafe/customer-key\n    require: true"));
    try (FakeSecretsManager secretsManager = FakeSecretsManager.start().withSecret("cafe/customer-key", "shaded-jar-key")) {
      List<String> properties = new ArrayList<>();
      secretsManager.sdkSystemProperties().forEach((key, value) -> properties.add("-D" + key + "=" + value));
      Path log = lake.resolve("job.log");
      Process process =
          runJar(properties, log, "--pipeline", pipeline.toString(), "--lake", lake.resolve("lake").toString(), "--input", ProjectFiles.testData("cafe-orders").toString());

      assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("job finished within 5 minutes").isTrue();
      assertThat(process.exitValue()).as("exit code; log:\n" + ChildJvm.tail(log)).isZero();
      assertThat(secretsManager.requestedIds()).containsExactly("cafe/customer-key");
      assertThat(Files.readString(log)).contains("customer keys from AWS Secrets Manager secret cafe/customer-key").doesNotContain("shaded-jar-key");
    }
  }

  /** Starts the job jar in its own JVM on what Glue provides. */
  private static Process runJar(List<String> jvmOptions, Path log, String... jobArgs) throws java.io.IOException {
    List<String> classpath = new ArrayList<>(List.of(JAR.toString()));
    classpath.addAll(ChildJvm.glueProvidedClasspath());
    return ChildJvm.spark("dev.glueetl.jobs.preprocess.PreprocessJob").jvmOptions(jvmOptions).classpath(classpath).args(jobArgs).start(log);
  }
}
