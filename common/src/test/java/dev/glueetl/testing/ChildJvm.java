package dev.glueetl.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started by a test, as a job runs on Glue or a user runs a jar: the one place that knows how (this JVM's
 * {@code java}, the Java 17 {@code --add-opens} flags for Spark, the local IP, output to a log file).
 *
 * <p>The flags come from the system property {@code glueetl.java.opens}, which Surefire and Failsafe set from the
 * POM's {@code spark.java17.opens} property: the single list, also written to {@code jobs/local/target/java17.args}
 * for the {@code ./glue-etl} launcher.
 */
public final class ChildJvm {
  private final List<String> jvmOptions = new ArrayList<>();
  private final List<String> classpath = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final String mainClass;
  private final List<String> args = new ArrayList<>();
  private boolean jar;

  private ChildJvm(String mainClass, boolean forSpark) {
    this.mainClass = mainClass;
    // C1 only: these JVMs live for seconds on tiny data, where the optimizing compiler costs more than it gains (~30%)
    jvmOptions.add("-XX:TieredStopAtLevel=1");
    if (forSpark) {
      jvmOptions.add("-Xmx1g");
      jvmOptions.addAll(sparkFlags());
      environment.put("SPARK_LOCAL_IP", "127.0.0.1");
    }
  }

  /** A JVM running Spark: 1 GiB heap, the Java 17 flags, Spark bound to 127.0.0.1. */
  public static ChildJvm spark(String mainClass) {
    return new ChildJvm(mainClass, true);
  }

  /** A JVM without Spark (a compiler, a server): no Spark flags, heap as given by {@link #jvmOption}. */
  public static ChildJvm plain(String mainClass) {
    return new ChildJvm(mainClass, false);
  }

  /** A JVM running {@code java -jar jar}, without Spark. */
  public static ChildJvm executableJar(Path jar) {
    ChildJvm jvm = new ChildJvm(jar.toString(), false);
    jvm.jar = true;
    return jvm;
  }

  /** The Java 17 flags Spark needs, split into arguments. */
  public static List<String> sparkFlags() {
    String opens = System.getProperty("glueetl.java.opens");
    if (opens == null || opens.isBlank()) {
      throw new IllegalStateException("system property glueetl.java.opens is not set: run the test through Maven (Surefire/Failsafe set it from the POM)");
    }
    return Arrays.asList(opens.trim().split("\\s+"));
  }

  /** What Glue provides on a job's classpath (Spark, Delta, Hadoop, Scala), as resolved by the build. */
  public static List<String> glueProvidedClasspath() {
    try {
      return List.of(Files.readString(Path.of(System.getProperty("glueetl.provided.classpath"))).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ChildJvm jvmOption(String... options) {
    jvmOptions.addAll(List.of(options));
    return this;
  }

  public ChildJvm jvmOptions(List<String> options) {
    jvmOptions.addAll(options);
    return this;
  }

  public ChildJvm classpath(List<String> entries) {
    classpath.addAll(entries);
    return this;
  }

  public ChildJvm args(List<String> arguments) {
    args.addAll(arguments);
    return this;
  }

  public ChildJvm args(String... arguments) {
    return args(List.of(arguments));
  }

  public List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    if (jar) {
      command.addAll(List.of("-jar", mainClass));
    } else {
      if (!classpath.isEmpty()) {
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classpath)));
      }
      command.add(mainClass);
    }
    command.addAll(args);
    return command;
  }

  /** Starts the JVM with stdout and stderr to {@code log}. */
  public Process start(Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    return builder.start();
  }

  /** Runs the JVM to its end (at most {@code timeout}) and returns its exit code; the output is in {@code log}. */
  public int run(Path log, Duration timeout) throws IOException, InterruptedException {
    Process process = start(log);
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(mainClass + " did not finish in " + timeout + "; log:\n" + tail(log));
    }
    return process.exitValue();
  }

  /** Runs the JVM for at most 5 minutes. */
  public int run(Path log) throws IOException, InterruptedException {
    return run(log, Duration.ofMinutes(5));
  }

  /** The last 40 lines of a log, for assertion messages. */
  public static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
