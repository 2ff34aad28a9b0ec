package dev.glueetl.jobs.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.ChildJvm;
import dev.glueetl.testing.FakeCloudWatch;
import dev.glueetl.testing.FakeCloudWatch.Metric;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The job jar's CloudWatch metrics through the relocated AWS SDK (its Smithy RPC v2 CBOR protocol and the CBOR codec it
 * bundles, all under {@code dev/glueetl/shaded/}), in a class loader holding only the jar and what Glue provides, as
 * {@link ShadedJarIT} reads a secret. The job path that calls it is tested in common's CloudWatchMetricsTest.
 */
class CloudWatchJarIT {
  private static final Path JAR = Path.of(System.getProperty("glueetl.job.jar"));
  private static final Map<String, String> SDK_PROPERTIES = Map.of("aws.accessKeyId", "fake-access-key", "aws.secretAccessKey", "fake-secret-key", "aws.region", "us-east-1");

  @Test
  void publishesAFailedRunsMetricsThroughTheRelocatedSdk() throws Exception {
    List<URL> glueClasspath = new ArrayList<>(List.of(JAR.toUri().toURL()));
    for (String entry : String.join(File.pathSeparator, ChildJvm.glueProvidedClasspath()).split(File.pathSeparator)) {
      glueClasspath.add(Path.of(entry).toUri().toURL());
    }
    try (FakeCloudWatch cloudWatch = FakeCloudWatch.start();
        URLClassLoader glue = new URLClassLoader(glueClasspath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      SDK_PROPERTIES.forEach(System::setProperty);
      Class<?> target = Class.forName("dev.glueetl.config.CloudWatchTarget", true, glue);
      Object toFake = target.getConstructor(String.class, Optional.class).newInstance("GlueEtl", Optional.of(URI.create(cloudWatch.endpoint())));
      Class<?> metrics = Class.forName("dev.glueetl.job.CloudWatchMetrics", true, glue);
      Object data = metrics.getMethod("failed", String.class, String.class, double.class).invoke(null, "app-events", "preprocess", 2.5);

      metrics.getMethod("publish", Optional.class, String.class, List.class).invoke(null, Optional.of(toFake), "preprocess", data);

      Map<String, String> dimensions = Map.of("Pipeline", "app-events", "Job", "preprocess");
      assertThat(cloudWatch.metrics())
          .containsExactly(new Metric("GlueEtl", "RunSeconds", dimensions, 2.5, "Seconds"), new Metric("GlueEtl", "RunFailed", dimensions, 1, "Count"));
      Class<?> client = Class.forName("dev.glueetl.shaded.software.amazon.awssdk.services.cloudwatch.CloudWatchClient", false, glue);
      assertThat(client.getProtectionDomain().getCodeSource().getLocation()).as("the SDK that sent them").isEqualTo(JAR.toUri().toURL());
    } finally {
      SDK_PROPERTIES.keySet().forEach(System::clearProperty);
    }
  }
}
