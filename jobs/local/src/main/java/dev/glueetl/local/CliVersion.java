package dev.glueetl.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code ./glue-etl --version}: this build's version (from {@code version.properties}, filtered by Maven) and the Spark,
 * Delta, Scala and Java versions this JVM actually runs with, beside those of AWS Glue 5.1 the jobs are built for.
 */
final class CliVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    Properties build = build();
    return new String[] {
      "glue-etl " + build.getProperty("version"),
      "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + " (Scala " + scala.util.Properties.versionNumberString() + "), Delta Lake "
          + io.delta.package$.MODULE$.VERSION(),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.home") + ")",
      "built for AWS Glue 5.1: Java " + build.getProperty("java.release") + " bytecode, Spark " + build.getProperty("spark") + ", Delta Lake "
          + build.getProperty("delta")
    };
  }

  private static Properties build() {
    Properties properties = new Properties();
    try (InputStream in = CliVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("dev/glueetl/local/version.properties is missing from the classpath: rebuild jobs/local");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
