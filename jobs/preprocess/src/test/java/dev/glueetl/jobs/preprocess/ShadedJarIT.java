package dev.glueetl.jobs.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.ChildJvm;
import dev.glueetl.testing.FakeSecretsManager;
import dev.glueetl.testing.GlueJarAssert;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Glue job jar as built by {@code mvn package}: what is inside it, and that it reads its Secrets Manager secret with
 * nothing but the jar and what Glue provides (Spark, Delta, Hadoop, Scala). The whole workflow runs from the jars on
 * that classpath in glue-scripts' GlueScriptsIT, after a preprocess run killed between its commits.
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

  /**
   * In this JVM, not a child: the jar and what Glue provides in a class loader of their own, so nothing of the build's
   * classpath (the unrelocated SDK included) can stand in. Running the whole job there would start Spark for what
   * GlueScriptsIT's workflow already proves: the job jars run on Glue's classpath.
   */
  @Test
  void readsTheCustomerKeyFromSecretsManagerThroughTheRelocatedSdk() throws Exception {
    List<URL> glueClasspath = new ArrayList<>(List.of(JAR.toUri().toURL()));
    for (String entry : String.join(File.pathSeparator, ChildJvm.glueProvidedClasspath()).split(File.pathSeparator)) {
      glueClasspath.add(Path.of(entry).toUri().toURL());
    }
    Map<String, String> sdkProperties = Map.of();
    try (FakeSecretsManager secretsManager = FakeSecretsManager.start().withSecret("cafe/customer-key", "shaded-jar-key");
        URLClassLoader glue = new URLClassLoader(glueClasspath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      sdkProperties = secretsManager.sdkSystemProperties();
      sdkProperties.forEach(System::setProperty);
      Class<?> secrets = Class.forName("dev.glueetl.secrets.Secrets", true, glue);
      Object fromProcess = secrets.getMethod("fromProcess").invoke(null);

      Object value = secrets.getMethod("secretsManager", String.class, Optional.class, String.class)
          .invoke(fromProcess, "cafe/customer-key", Optional.empty(), "orders.customer_key");

      assertThat(value).isEqualTo("shaded-jar-key");
      assertThat(secretsManager.requestedIds()).containsExactly("cafe/customer-key");
      Class<?> client = Class.forName("dev.glueetl.shaded.software.amazon.awssdk.services.secretsmanager.SecretsManagerClient", false, glue);
      assertThat(client.getProtectionDomain().getCodeSource().getLocation()).as("the SDK that answered").isEqualTo(JAR.toUri().toURL());
    } finally {
      sdkProperties.keySet().forEach(System::clearProperty);
    }
  }
}
