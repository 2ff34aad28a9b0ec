package dev.glueetl.gluescripts;

import dev.glueetl.testing.ChildJvm;
import dev.glueetl.testing.ProjectFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** The Scala entry scripts Glue compiles, one per job. */
  static List<Path> scripts() throws IOException {
    try (Stream<Path> scripts = Files.list(dir().resolve("scripts"))) {
      return scripts.filter(p -> p.toString().endsWith(".scala")).sorted().toList();
    }
  }

  /** Compiles Scala sources with the Scala compiler (in its own JVM) against {@code jars} and what Glue provides. */
  static Path compile(List<Path> sources, List<String> jars, Path out) throws IOException, InterruptedException {
    Files.createDirectories(out);
    List<String> classpath = new ArrayList<>(jars);
    classpath.addAll(ChildJvm.glueProvidedClasspath());
    List<String> args = new ArrayList<>(List.of("-deprecation", "-Xfatal-warnings", "-classpath", String.join(File.pathSeparator, classpath), "-d", out.toString()));
    sources.forEach(source -> args.add(source.toString()));
    Path log = out.resolveSibling(out.getFileName() + "-scalac.log");
    int code = ChildJvm.plain("scala.tools.nsc.Main").jvmOption("-Xmx1g").classpath(dirClasspath(Path.of(System.getProperty("glueetl.scala.compiler.dir")))).args(args).run(log);
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

  /** Starts {@code mainClass} in its own JVM on {@code classpath} plus what Glue provides, like a Glue job run. */
  static int runGlueJob(List<String> classpath, String mainClass, List<String> args, Path log) throws IOException, InterruptedException {
    return runGlueJob(List.of(), classpath, mainClass, args, log);
  }

  static int runGlueJob(List<String> jvmOptions, List<String> classpath, String mainClass, List<String> args, Path log)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(classpath);
    full.addAll(ChildJvm.glueProvidedClasspath());
    return ChildJvm.spark(mainClass).jvmOptions(jvmOptions).classpath(full).args(args).run(log);
  }

  static String tail(Path log) throws IOException {
    return ChildJvm.tail(log);
  }

  private static List<String> dirClasspath(Path dir) throws IOException {
    try (Stream<Path> jars = Files.list(dir)) {
      return jars.map(Path::toString).sorted().toList();
    }
  }
}
