package dev.glueetl.gluescripts;

import dev.glueetl.testing.ProjectFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * What the tests of this module share: the committed templates read as data, their {@code Fn::Sub} strings resolved,
 * the Scala compiler and a JVM started the way Glue starts a Scala job.
 */
final class GlueDeployment {
  private GlueDeployment() {}

  static Path dir() {
    return ProjectFiles.root().resolve("glue-scripts");
  }

  static Path committedTemplate(String pipeline) {
    return dir().resolve("cloudformation").resolve(pipeline + ".yaml");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> read(String yaml) {
    return (Map<String, Object>) new Yaml().load(yaml);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  /** Resources of one CloudFormation type, by logical id. */
  static Map<String, Map<String, Object>> resources(Map<String, Object> template, String type) {
    Map<String, Map<String, Object>> found = new LinkedHashMap<>();
    map(template.get("Resources")).forEach((id, resource) -> {
      if (type.equals(map(resource).get("Type"))) {
        found.put(id, map(map(resource).get("Properties")));
      }
    });
    return found;
  }

  /** A template value as text: plain strings, {@code Fn::Sub} with the parameters substituted, {@code Ref} to a parameter. */
  static String resolve(Object value, Map<String, String> parameters) {
    if (value instanceof Map<?, ?> intrinsic) {
      if (intrinsic.containsKey("Fn::Sub")) {
        String text = (String) intrinsic.get("Fn::Sub");
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
          text = text.replace("${" + parameter.getKey() + "}", parameter.getValue());
        }
        if (text.contains("${")) {
          throw new AssertionError("unresolved parameter in " + text);
        }
        return text;
      }
      if (intrinsic.containsKey("Ref") && parameters.containsKey((String) intrinsic.get("Ref"))) {
        return parameters.get((String) intrinsic.get("Ref"));
      }
      throw new AssertionError("cannot resolve " + value);
    }
    return String.valueOf(value);
  }

  /** Compiles the entry scripts with the Scala 2.12.18 compiler against the job jars and what Glue provides. */
  static Path compileScripts(Path out) throws IOException, InterruptedException {
    try (Stream<Path> scripts = Files.list(dir().resolve("scripts"))) {
      return compile(scripts.filter(p -> p.toString().endsWith(".scala")).sorted().toList(), jobJars(), out);
    }
  }

  /** Compiles Scala sources with the Scala compiler (in its own JVM) against {@code jars} and what Glue provides. */
  static Path compile(List<Path> sources, List<String> jars, Path out) throws IOException, InterruptedException {
    Files.createDirectories(out);
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx1g", "-XX:TieredStopAtLevel=1", "-cp", dirClasspath(Path.of(System.getProperty("glueetl.scala.compiler.dir")))));
    command.addAll(
        List.of(
            "scala.tools.nsc.Main", "-deprecation", "-Xfatal-warnings", "-classpath", String.join(File.pathSeparator, jars) + File.pathSeparator + providedClasspath(),
            "-d", out.toString()));
    sources.forEach(source -> command.add(source.toString()));
    Path log = out.resolveSibling(out.getFileName() + "-scalac.log");
    int code = run(command, log, Map.of());
    if (code != 0) {
      throw new AssertionError("scalac failed (" + code + "):\n" + Files.readString(log));
    }
    return out;
  }

  static List<String> jobJars() {
    Path jobs = Path.of(System.getProperty("glueetl.jobs.dir"));
    return List.of(
        jobs.resolve("preprocess/target/glue-etl-preprocess.jar").toString(),
        jobs.resolve("aggregate/target/glue-etl-aggregate.jar").toString(),
        jobs.resolve("quality/target/glue-etl-quality.jar").toString());
  }

  static String providedClasspath() throws IOException {
    return Files.readString(Path.of(System.getProperty("glueetl.provided.classpath"))).trim();
  }

  /** Starts {@code mainClass} in its own JVM on {@code classpath} plus what Glue provides, like a Glue job run. */
  static int runGlueJob(List<String> classpath, String mainClass, List<String> args, Path log) throws IOException, InterruptedException {
    // C1 only: these JVMs live for seconds on tiny data, where the optimizing compiler costs more than it gains (~30%)
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx1g", "-XX:TieredStopAtLevel=1"));
    command.addAll(Arrays.asList(System.getProperty("glueetl.java.opens").trim().split("\\s+")));
    command.addAll(List.of("-cp", String.join(File.pathSeparator, classpath) + File.pathSeparator + providedClasspath(), mainClass));
    command.addAll(args);
    return run(command, log, Map.of("SPARK_LOCAL_IP", "127.0.0.1"));
  }

  static int run(List<String> command, Path log, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command.subList(0, Math.min(command.size(), 6))) + " ... did not finish in 5 minutes");
    }
    return process.exitValue();
  }

  static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String dirClasspath(Path dir) throws IOException {
    try (Stream<Path> jars = Files.list(dir)) {
      return String.join(File.pathSeparator, jars.map(Path::toString).sorted().toList());
    }
  }
}
